// Executes one instruction word on a fresh-enough machine through the public machine API
// and classifies what happened: a trap with its cause, retirement, or a wait. Anything
// else (a JavaScript exception, a run that neither traps nor retires) is a robustness bug.

import { Machine, RAM_BASE, type Priv } from '../../../../emulator/machine.js';
import { Csr, MSTATUS_FS_SHIFT } from '../../../../runtime/riscv/csr.js';

export type ProbeOutcome =
  | { kind: 'trap'; cause: number }
  | { kind: 'retired' }
  | { kind: 'wait' }
  | { kind: 'broken'; detail: string };

const CODE = RAM_BASE + 0x1000;
const DATA = BigInt(RAM_BASE + 0x4000);
/** Register values: half point into RAM (loads/stores succeed), half are edge values (they fault). */
const SEEDS = [DATA, DATA + 8n, DATA + 0x100n, 0n, (1n << 64n) - 1n, 0x8000_0000_0000_0000n, 0x7fffn, 0x1234_5678n];
/** Exception causes an instruction can raise by itself (privileged spec table 3.6). */
const SYNCHRONOUS = new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 15]);

export class DecodeProbe {
  private machine!: Machine;
  private trap: number | null = null;
  private trapCount = 0;
  private tval = 0n;
  /** Float register patterns f0..f31 get before each run (all zero when unset). */
  floatSeeds: readonly bigint[] = [];

  constructor() {
    this.reset();
  }

  /** A new machine with PMP opening all of memory, so U-mode fetches and accesses can work. */
  reset(): void {
    this.machine = new Machine({ ramSize: 1 << 16 });
    this.machine.writeCsr(0x3b0, (1n << 54n) - 1n); // pmpaddr0: the whole address space
    this.machine.writeCsr(0x3a0, 0x1fn); // pmpcfg0: NAPOT, R W X
    // The FPU on (mstatus.FS = Initial), so F/D words reach their decoder and execute.
    this.machine.writeCsr(Csr.MSTATUS, BigInt(1 << MSTATUS_FS_SHIFT));
    this.machine.setTrapHook((t) => {
      this.trapCount += 1;
      this.trap = t.interrupt ? -1 - t.cause : t.cause;
      this.tval = t.tval;
      return 'stop';
    });
  }

  /** The machine the next run uses, for setting CSRs (frm...) first. */
  machineForSetup(): Machine {
    return this.machine;
  }

  run(word: number, length: 2 | 4, priv: Priv): ProbeOutcome {
    const m = this.machine;
    const bytes = new Uint8Array(4);
    // A compressed parcel is followed by an all-ones parcel, which must not leak into it.
    const parcel = word & 0xffff;
    const compressed = length === 2 && (parcel & 3) !== 3;
    const image = length === 4 ? word >>> 0 : compressed ? (0xffff0000 | parcel) >>> 0 : parcel;
    new DataView(bytes.buffer).setUint32(0, image, true);
    m.writePhys(CODE, bytes);
    for (let r = 1; r < 32; r += 1) m.setReg(r, SEEDS[r & 7]);
    this.floatSeeds.forEach((bits, r) => {
      m.hart.fl[r] = Number(BigInt.asIntN(32, bits));
      m.hart.fh[r] = Number(BigInt.asIntN(32, bits >> 32n));
    });
    m.pc = BigInt(CODE);
    m.privilege = priv;
    this.trap = null;
    const before = m.instret;
    const traps = this.trapCount;
    let outcome: ProbeOutcome;
    try {
      const r = m.run(1);
      if (this.trapCount > traps) {
        // The hook set these during run(); TypeScript cannot see that, so widen explicitly.
        const cause: number = (this.trap as number | null) ?? -100;
        // mtval of an illegal instruction holds exactly its bits (privileged spec §3.1.16).
        const bits = BigInt(length === 2 ? parcel : word >>> 0);
        if (!SYNCHRONOUS.has(cause)) outcome = { kind: 'broken', detail: `unexpected trap cause ${cause}` };
        else if (cause === 2 && this.tval !== bits) outcome = { kind: 'broken', detail: `illegal-instruction tval 0x${this.tval.toString(16)}` };
        else outcome = { kind: 'trap', cause };
      } else if (m.instret === before + 1) outcome = { kind: 'retired' };
      else if (r.reason === 'wfi') outcome = { kind: 'wait' };
      else outcome = { kind: 'broken', detail: `neither trapped nor retired (reason ${r.reason}, steps ${r.steps})` };
    } catch (e) {
      outcome = { kind: 'broken', detail: `threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}` };
    }
    // SYSTEM instructions may have rewritten CSRs (satp, mtvec, pmp...): start clean.
    if ((length === 4 && (word & 0x7f) === 0x73) || outcome.kind === 'broken' || outcome.kind === 'wait') this.reset();
    return outcome;
  }
}
