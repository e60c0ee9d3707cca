// The monitor's record of one enclave (`struct enclave_t` in Penglai's sm/enclave.h).
import { EnclaveState, EnclaveType, type EnclaveTypeValue } from '../../runtime/abi.js';
import type { AddressSpace, Region } from './address-space.js';
import { bigHi, bigLo, pairToBig } from '../int64.js';

export type EnclaveStateValue = (typeof EnclaveState)[keyof typeof EnclaveState];

const TWO53 = 2 ** 53;
const PC_LIMIT = 1n << 53n;

/**
 * `v` (unsigned 64-bit) as the hart keeps its pc: a signed JS number, exact within
 * ±2^53; NaN when it is not representable.
 */
export function pcNumber(v: bigint): number {
  if (v >= 0n && v < PC_LIMIT) return Number(v);
  const s = BigInt.asIntN(64, v);
  return s >= -PC_LIMIT && s < PC_LIMIT ? Number(s) : NaN;
}

/**
 * Saved user registers and pc of a suspended context, as 32-bit halves like the hart's
 * own register file, so a context switch copies two Int32Arrays instead of building 62
 * bigints (the IPC hot path). x0 is slot 0 and stays 0. The pc is kept as the hart keeps
 * it (`pcValue`, a signed JS number; `wide` only beyond ±2^53), so a switch converts no
 * bigint either.
 */
export class SavedContext {
  readonly xl = new Int32Array(32);
  readonly xh = new Int32Array(32);
  pcValue = 0;
  /** The exact pc when it lies beyond ±2^53 (pcValue is then NaN); null otherwise. */
  wide: bigint | null = null;

  constructor(pc: bigint) {
    this.pc = pc;
  }

  get pc(): bigint {
    if (this.wide !== null) return this.wide;
    return this.pcValue >= 0 ? BigInt(this.pcValue) : BigInt.asUintN(64, BigInt(this.pcValue));
  }

  set pc(v: bigint) {
    const value = pcNumber(v);
    this.pcValue = value;
    this.wide = Number.isNaN(value) ? BigInt.asUintN(64, v) : null;
  }

  /** Sets the pc from the hart's representation (a signed JS number within ±2^53). */
  setPcValue(value: number): void {
    this.pcValue = value;
    this.wide = null;
  }

  /** The instruction after the one at `epc`: the pc plus 4, in the hart's representation when it stays exact. */
  setPcAfter(epc: bigint): void {
    const next = epc < PC_LIMIT ? Number(epc) + 4 : NaN;
    if (next < TWO53) this.setPcValue(next);
    else this.pc = epc + 4n;
  }

  get(index: number): bigint {
    return pairToBig(this.xl[index], this.xh[index]);
  }

  set(index: number, value: bigint): void {
    if (index === 0) return;
    this.xl[index] = bigLo(value);
    this.xh[index] = bigHi(value);
  }
}

export function freshContext(pc: bigint): SavedContext {
  return new SavedContext(pc);
}

/** What a server call moved, so that the return can move it back (reference §3 call_enclave). */
export interface CallFrame {
  callerEid: number;
  /** A number when below 2^53 (as MonitorCore.safeReg reads it), so the return converts no bigint. */
  callArgVa: number | bigint;
  /** The caller's request region while the server holds it, and where it was in the caller. */
  request?: { region: Region; callerVa: bigint; callerSize: number };
  callerContext: SavedContext;
}

export interface FaultReport {
  enclave: string;
  eid: number;
  pc: bigint;
  /** ra at the trap: where a fault inside a runtime routine was called from. */
  returnAddress: bigint;
  cause: string;
  /** The RISC-V exception code (scause) behind `cause`. */
  causeCode: number;
  address?: bigint;
  detail: string;
}

export class Enclave {
  state: EnclaveStateValue;
  /**
   * Where the enclave's registers wait while it calls a server (or, on a machine that
   * does not expose its register file, the registers a server call starts with). A
   * server call's fresh registers go straight onto the hart.
   */
  context: SavedContext;
  /** Set while this server serves a call (then it is `callFrame`). */
  frame: CallFrame | undefined;
  /**
   * The frame object of this server's every call, refilled by each (a server serves one
   * call at a time): a call allocates none.
   */
  readonly callFrame: CallFrame = { callerEid: -1, callArgVa: 0, request: undefined, callerContext: freshContext(0n) };
  /** The enclave at the top of the chain this one is serving (itself when it is a caller). */
  topCallerEid = -1;
  /** The server this enclave is waiting on, if any. */
  calleeEid = -1;
  lastError = 0;
  /** Servers: where the image keeps its interface digest (INTERFACE_SYMBOL), if it has one. */
  interfaceDigestVa: bigint | undefined;
  /** `entry` as the hart keeps a pc (pcNumber): every server call starts there. */
  readonly entryPc: number;
  /** Bytes of stack mapped below EnclaveVA.STACK_TOP (CREATE's stack_size, rounded to pages). */
  stackSize = 0;
  retval = 0n;
  /** Instructions this enclave's run has used in earlier slices (the budget spans them). */
  usedSteps = 0;
  /** Host pages shared with this enclave at HOST_SHM_BASE when it runs (SHM_BIND). */
  sharedMemory: number[] | undefined;
  /** Pages sent by ASYN_ENCLAVE_CALL, mapped at RELAY_BASE when this (FRESH) enclave runs. */
  pendingRelay: number[] | undefined;
  /** SHADOW templates: live instances sharing its read-only pages. Instances: their template. */
  instances = 0;
  template: Enclave | undefined;
  /** Relay pages bound by the host (RELAY_BIND): where the host maps them, and whether it holds them now. */
  relay: { hostVa: bigint; pages: number[]; withHost: boolean } | undefined;
  /** A preempted run (chain top only): who was executing, and where to continue. */
  suspended: { enclave: Enclave; context: SavedContext } | undefined;
  /** A server's concurrency policy (server-policy.ts): busy answers -2, or callers wait their turn. */
  policy: 'sequential' | 'queue' = 'sequential';
  /** A `queue` server's waiting callers, first come first served. */
  readonly waiters: { eid: number; hart: number }[] = [];
  /** The eid of the waiter woken for this server's next call (no one else may take it), or -1. */
  reservedFor = -1;
  /** The server this enclave waits for in a queue, or -1. */
  waitingFor = -1;

  constructor(
    readonly eid: number,
    readonly name: string,
    readonly type: EnclaveTypeValue,
    readonly space: AddressSpace,
    readonly entry: bigint,
    readonly measurement: Uint8Array,
    heapBase: bigint,
  ) {
    this.state = type === EnclaveType.SERVER ? EnclaveState.RUNNABLE : EnclaveState.FRESH;
    this.context = freshContext(entry);
    this.entryPc = pcNumber(entry);
    space.heapTop = heapBase;
  }

  /** The heap's top (SBRK moves it); kept by the address space, which places regions above it. */
  get heapTop(): bigint {
    return this.space.heapTop;
  }

  set heapTop(value: bigint) {
    this.space.heapTop = value;
  }

  get isServer(): boolean {
    return this.type === EnclaveType.SERVER;
  }

  get label(): string {
    return this.name === '' ? `enclave ${this.eid}` : this.name;
  }
}
