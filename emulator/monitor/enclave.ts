// The monitor's record of one enclave (`struct enclave_t` in Penglai's sm/enclave.h).
import { EnclaveState, EnclaveType, type EnclaveTypeValue } from '../../runtime/abi.js';
import type { AddressSpace, Region } from './address-space.js';

export type EnclaveStateValue = (typeof EnclaveState)[keyof typeof EnclaveState];

/** Saved user registers and pc of a suspended context (x0 is slot 0 and stays 0). */
export interface SavedContext {
  regs: bigint[];
  pc: bigint;
}

export function freshContext(pc: bigint): SavedContext {
  return { regs: new Array<bigint>(32).fill(0n), pc };
}

/** What a server call moved, so that the return can move it back (reference §3 call_enclave). */
export interface CallFrame {
  callerEid: number;
  callArgVa: bigint;
  /** The caller's request region while the server holds it, and where it was in the caller. */
  request?: { region: Region; callerVa: bigint; callerSize: number };
  callerContext: SavedContext;
}

export interface FaultReport {
  enclave: string;
  eid: number;
  pc: bigint;
  cause: string;
  address?: bigint;
  detail: string;
}

export class Enclave {
  state: EnclaveStateValue;
  context: SavedContext;
  /** Set while this server serves a call. */
  frame: CallFrame | undefined;
  /** The enclave at the top of the chain this one is serving (itself when it is a caller). */
  topCallerEid = -1;
  /** The server this enclave is waiting on, if any. */
  calleeEid = -1;
  lastError = 0;
  heapTop: bigint;
  retval = 0n;

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
    this.heapTop = heapBase;
  }

  get isServer(): boolean {
    return this.type === EnclaveType.SERVER;
  }

  get label(): string {
    return this.name === '' ? `enclave ${this.eid}` : this.name;
  }
}
