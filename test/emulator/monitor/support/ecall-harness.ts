// Drives the real monitor one trap at a time, from JavaScript: the harness plays the host
// and whichever enclave is executing, sets the argument registers, and calls the
// monitor's trap hook exactly as the machine does at an ecall or a fault. No guest code
// runs, so thousands of calls take milliseconds, and every answer, every pool count and
// the machine work each trap costs can be checked after each one.
import { EnclaveVA, HostCall, PAGE_SIZE, RunStatus, SBI_EXT_PENGLAI_ENCLAVE, SBI_EXT_PENGLAI_HOST, CreateParam, NAME_LEN } from '../../../../runtime/abi.js';
import { Machine } from '../../../../emulator/machine.js';
import { Monitor, type MonitorEvent } from '../../../../emulator/monitor/monitor.js';
import { elfImage } from '../../../../emulator/monitor/platform.js';
import { preemptRun } from '../../../../emulator/monitor/run-control.js';
import { INSECURE_FIXED_DEVICE_SEED } from '../../../../emulator/monitor/attestation.js';
import type { TrapVerdict } from '../../../../emulator/monitor/machine-port.js';

export interface TinySegment {
  vaddr: bigint;
  /** PF_X = 1, PF_W = 2, PF_R = 4. */
  flags: number;
  data: Uint8Array;
  memSize?: bigint;
}

/** A minimal RV64 ELF executable: header, one PT_LOAD per segment, the segments' bytes. */
export function tinyElf(entry: bigint, segments: TinySegment[]): Uint8Array {
  const headers = 64 + 56 * segments.length;
  const total = headers + segments.reduce((n, s) => n + s.data.length, 0);
  const bytes = new Uint8Array(total);
  const v = new DataView(bytes.buffer);
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
  v.setUint16(16, 2, true); // ET_EXEC
  v.setUint16(18, 243, true); // EM_RISCV
  v.setUint32(20, 1, true);
  v.setBigUint64(24, entry, true);
  v.setBigUint64(32, 64n, true);
  v.setUint16(52, 64, true);
  v.setUint16(54, 56, true);
  v.setUint16(56, segments.length, true);
  let offset = headers;
  segments.forEach((s, i) => {
    const at = 64 + 56 * i;
    v.setUint32(at, 1, true); // PT_LOAD
    v.setUint32(at + 4, s.flags, true);
    v.setBigUint64(at + 8, BigInt(offset), true);
    v.setBigUint64(at + 16, s.vaddr, true);
    v.setBigUint64(at + 24, s.vaddr, true);
    v.setBigUint64(at + 32, BigInt(s.data.length), true);
    v.setBigUint64(at + 40, s.memSize ?? BigInt(s.data.length), true);
    bytes.set(s.data, offset);
    offset += s.data.length;
  });
  return bytes;
}

/** An enclave image: a text page at 0x1000 and `dataPages` of data after it. */
export function tinyEnclave(dataPages = 1, fill = 0x5a): Uint8Array {
  return tinyElf(EnclaveVA.TEXT_BASE, [
    { vaddr: EnclaveVA.TEXT_BASE, flags: 5, data: new Uint8Array(PAGE_SIZE).fill(0x13) },
    { vaddr: EnclaveVA.TEXT_BASE + BigInt(PAGE_SIZE), flags: 6, data: new Uint8Array(PAGE_SIZE * dataPages).fill(fill) },
  ]);
}

/** The host's scratch memory (its ELF's data segment), where the harness puts parameter blocks and images. */
export const HOST_SCRATCH = 0x20000n;
export const HOST_SCRATCH_SIZE = 0x80000;

function hostElf(): Uint8Array {
  return tinyElf(0x10000n, [
    { vaddr: 0x10000n, flags: 5, data: new Uint8Array(PAGE_SIZE).fill(0x13) },
    { vaddr: HOST_SCRATCH, flags: 6, data: new Uint8Array(0), memSize: BigInt(HOST_SCRATCH_SIZE) },
  ]);
}

export interface HarnessOptions {
  ramSize?: number;
  hostSize?: number;
  enclaveMaxSteps?: number;
}

/** Machine work the monitor did in one trap: physical accesses, TLB flushes, register reads. */
const COUNTED = ['readPhys64', 'writePhys64', 'readPhys', 'readPhysInto', 'writePhys', 'fillPhys', 'flushTlbPage', 'getReg'] as const;

export class EcallHarness {
  readonly machine: Machine;
  readonly monitor: Monitor;
  readonly events: MonitorEvent[] = [];
  output = '';
  /** Machine operations in the last trap, and the most any trap took. */
  lastOps = 0;
  maxOps = 0;
  traps = 0;
  private ops = 0;

  constructor(options: HarnessOptions = {}) {
    const ramSize = options.ramSize ?? 16 * 1024 * 1024;
    this.machine = new Machine({ ramSize });
    const machine = this.machine as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const name of COUNTED) {
      const original = machine[name].bind(this.machine);
      machine[name] = (...args: unknown[]) => {
        this.ops++;
        return original(...args);
      };
    }
    const decoder = new TextDecoder('latin1');
    this.monitor = new Monitor(this.machine, {
      ramSize,
      hostSize: options.hostSize ?? 4 * 1024 * 1024,
      stdout: (bytes) => {
        if (this.output.length < 1 << 16) this.output += decoder.decode(bytes);
      },
      files: new Map(),
      enclaveMaxSteps: options.enclaveMaxSteps ?? 1_000_000,
      totalMaxSteps: 1 << 30,
      parseElf: elfImage,
      onEvent: (event) => this.events.push(event),
      deviceSeed: INSECURE_FIXED_DEVICE_SEED,
    });
    this.machine.setTrapHook((trap) => this.monitor.onTrap(trap));
    const error = this.monitor.loadHost(hostElf(), ['host']);
    if (error) throw new Error(error);
  }

  /** Runs the monitor's trap hook for a trap of `cause` at the current pc, counting its work. */
  trap(cause: number, tval = 0n): TrapVerdict {
    this.ops = 0;
    const verdict = this.monitor.onTrap({ cause, interrupt: false, tval, epc: this.machine.pc, fromPriv: 0 });
    this.lastOps = this.ops;
    if (this.ops > this.maxOps) this.maxOps = this.ops;
    this.traps++;
    return verdict;
  }

  private setArgs(args: readonly bigint[]): void {
    for (let i = 0; i < 6; i++) this.machine.setReg(10 + i, BigInt.asUintN(64, args[i] ?? 0n));
  }

  /** A host driver call; status and value when it answered at once (not a RUN that entered an enclave). */
  host(fn: number, ...args: bigint[]): { status: bigint; value: bigint } | undefined {
    this.setArgs(args);
    this.machine.setReg(16, BigInt(fn));
    this.machine.setReg(17, BigInt(SBI_EXT_PENGLAI_HOST));
    this.trap(8);
    if (this.monitor.current) return undefined;
    return { status: BigInt.asIntN(64, this.machine.getReg(10)), value: this.machine.getReg(11) };
  }

  /** A Linux syscall of the host: a0 after it. */
  syscall(number: number, ...args: bigint[]): bigint {
    this.setArgs(args);
    this.machine.setReg(17, BigInt(number));
    this.trap(8);
    return BigInt.asIntN(64, this.machine.getReg(10));
  }

  /** An ecall of the executing enclave: a0 after it (meaningful when the same enclave still executes). */
  enclaveCall(number: number, ...args: bigint[]): bigint {
    this.setArgs(args);
    this.machine.setReg(16, BigInt(SBI_EXT_PENGLAI_ENCLAVE));
    this.machine.setReg(17, BigInt.asUintN(64, BigInt(number)));
    this.trap(8);
    return BigInt.asIntN(64, this.machine.getReg(10));
  }

  /** The instruction budget runs out now, as the platform's run loop finds it. */
  exhaustBudget(): void {
    this.monitor.exhaustBudget(this.machine.pc);
  }

  /** The run's time slice ends now (a sliced run only). */
  endSlice(): boolean {
    if (!this.monitor.runTop?.slice) return false;
    preemptRun(this.monitor, RunStatus.TIMER, this.machine.pc);
    return true;
  }

  /** Writes `bytes` into the host's scratch memory at `offset` (unless the host unmapped it); its VA. */
  hostBytes(offset: number, bytes: Uint8Array): bigint {
    const va = HOST_SCRATCH + BigInt(offset);
    this.monitor.host.space.write(va, bytes);
    return va;
  }

  /** CREATE (type 0/2) or CREATE_SERVER (type 1) of `elf`: the eid, or the refusal status. */
  create(elf: Uint8Array, type: number, name: string, stackSize = 0n): { eid?: number; status: bigint } {
    const image = this.hostBytes(0x1000, elf.subarray(0, Math.min(elf.length, HOST_SCRATCH_SIZE - 0x1000)));
    const param = new Uint8Array(CreateParam.SIZE);
    const view = new DataView(param.buffer);
    param.set(new TextEncoder().encode(name).subarray(0, NAME_LEN - 1), CreateParam.NAME);
    view.setBigUint64(CreateParam.TYPE, BigInt(type), true);
    view.setBigUint64(CreateParam.ELF_PTR, image, true);
    view.setBigUint64(CreateParam.ELF_SIZE, BigInt(elf.length), true);
    view.setBigUint64(CreateParam.STACK_SIZE, stackSize, true);
    const at = this.hostBytes(0, param);
    const answer = this.host(type === 1 ? HostCall.CREATE_SERVER : HostCall.CREATE_ENCLAVE, at)!;
    return answer.status === 0n ? { eid: Number(answer.value), status: 0n } : { status: answer.status };
  }

  /** Writes `bytes` into the executing enclave's stack page; their VA. */
  enclaveBytes(offset: number, bytes: Uint8Array): bigint {
    const va = EnclaveVA.STACK_TOP - 0x1000n + BigInt(offset);
    this.monitor.current!.space.write(va, bytes);
    return va;
  }

  /**
   * Ends whatever is running and destroys every enclave, as a host would: runs in
   * progress run out of budget, then everything is destroyed, instances before templates.
   */
  teardown(): void {
    while (this.monitor.current) this.exhaustBudget();
    for (let round = 0; round < 4 && this.monitor.enclaves.size > 0; round++) {
      for (const eid of [...this.monitor.enclaves.keys()]) this.host(HostCall.DESTROY_ENCLAVE, BigInt(eid));
    }
    for (const eid of [...this.monitor.endedRuns.keys()]) this.host(HostCall.DESTROY_ENCLAVE, BigInt(eid));
  }
}

/** A seeded 64-bit generator (splitmix64): the same seed gives the same calls. */
export class Rng {
  private state: bigint;

  constructor(seed: number | bigint) {
    this.state = BigInt.asUintN(64, BigInt(seed) * 0x9e3779b97f4a7c15n + 1n);
  }

  next(): bigint {
    this.state = BigInt.asUintN(64, this.state + 0x9e3779b97f4a7c15n);
    let z = this.state;
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
    return z ^ (z >> 31n);
  }

  /** 0 ≤ n < bound. */
  below(bound: number): number {
    return Number(this.next() % BigInt(bound));
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }

  chance(percent: number): boolean {
    return this.below(100) < percent;
  }
}
