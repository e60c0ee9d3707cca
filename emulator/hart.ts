// One RV64 hart: architectural state, CSR fields, the fetch/execute loop over predecoded
// instructions and translated blocks, and precise trap entry (privileged spec v1.12
// §3.1.6, §3.3.1). Memory access and the TLB live in hart-memory.ts, which this extends. Registers are (lo, hi) Int32 pairs (README "Register representation").
// Guest behaviour never escapes as a JS exception: faults are raised internally with a
// sentinel and turned into architectural traps (or trap-hook calls) by `run`.

import { type Bus, PAGE_SHIFT } from './bus.js';
import { HartMemory, TRAP_SIGNAL, TLB_MASK, DEBUG_STOP_CAUSE, STATE_XL, STATE_XH, type Priv } from './hart-memory.js';
import { Access, Exc, Irq } from './trap-cause.js';
import type { Insn } from './insn.js';
import { decodeWord } from './decode.js';
import { compileBlock, type CompiledBlock } from './block-compiler.js';
import {
  MSTATUS_MIE, MSTATUS_SIE, MSTATUS_MPIE, MSTATUS_SPIE, MSTATUS_SPP, MSTATUS_MPP_SHIFT,
  MSTATUS_MPRV, MSTATUS_SUM, MSTATUS_MXR, SATP_SV39, SATP_SV39_END,
} from './csr-file.js';
import { pairToBig } from './int64.js';
import type { HartGroup } from './hart-group.js';
import { Jit, newTierStats, type RegionEntry, type TierStats } from './jit/jit.js';

export type { Priv } from './hart-memory.js';

/** What the trap hook is told (README "Trap hook"). tval and epc are unsigned 64-bit. */
export interface TrapInfo {
  cause: number;
  interrupt: boolean;
  tval: bigint;
  epc: bigint;
  fromPriv: Priv;
}
export type TrapHookResult = 'resume' | 'stop' | 'architectural';
export type TrapHook = (trap: TrapInfo) => TrapHookResult;

/** 'debug': a debugger breakpoint or watchpoint (triggers.debugStop says which). */
export type HaltReason = 'hook-stop' | 'htif-exit' | 'wfi' | 'trap-loop' | 'debug';

/** A synchronous trap whose handler is the trapping instruction itself (see noteTrap). */
export interface TrapLoop {
  cause: number;
  pc: bigint;
  tval: bigint;
}

/** mtime advances one tick per this many retired instructions (README "Time"). */
export const INSTRET_PER_MTIME_TICK = 10;

const TWO32 = 4294967296;
const PC_LIMIT = 1n << 53n;
const SATP_PPN = (1n << 44n) - 1n;
/** Executions of a block start before it is translated to a JS function. */
const HOT_BLOCK = 16;
/** Executions of a block start (counted on in CodePage.heat) before its region goes to wasm. */
const HOT_REGION = 128;


const MIP_MTIP = 1 << Irq.MTI;
const MIP_MSIP = 1 << Irq.MSI;
/** Interrupt priority order (§3.1.9): MEI, MSI, MTI, SEI, SSI, STI. */
const IRQ_PRIORITY = [Irq.MEI, Irq.MSI, Irq.MTI, Irq.SEI, Irq.SSI, Irq.STI];

export class Hart extends HartMemory {
  // In the bus's state area, where translated code (jit/) loads and spills them.
  readonly xl = new Int32Array(this.bus.memory.buffer, this.stateBase + STATE_XL, 32);
  readonly xh = new Int32Array(this.bus.memory.buffer, this.stateBase + STATE_XH, 32);
  /** Float registers f0-f31 as raw 64-bit (lo, hi) pairs; singles are NaN-boxed (exec-float.ts). */
  readonly fl = new Int32Array(32);
  readonly fh = new Int32Array(32);
  /** fcsr fields (unprivileged spec §11.2): accrued exception flags and the dynamic rounding mode. */
  fflags = 0;
  frm = 0;
  /** Current pc as a signed JS number; NaN when it is not exactly representable (see pcOverflow). */
  pc = 0;
  /** Next pc, written by jumps during an instruction. */
  npc = 0;
  /** The exact pc when a jump went outside the ±2^53 range; fetching it always faults. */
  pcOverflow: bigint | null = null;
  /** Exact count of retired instructions (the budget and mtime run on it; minstret adds instretDelta). */
  instret = 0;
  /** minstret - retired and mcycle - retired, modulo 2^64: what software wrote to the counters. */
  instretDelta = 0n;
  cycleDelta = 0n;
  readonly hartId: number;

  // CSR state (csr-file.ts owns the access rules; mstatus lives in HartMemory).
  mie = 0;
  mipSoftware = 0;
  medeleg = 0;
  mideleg = 0;
  mcounteren = 0;
  scounteren = 0;
  mtvec = 0n;
  stvec = 0n;
  mepc = 0n;
  sepc = 0n;
  mcause = 0n;
  scause = 0n;
  mtval = 0n;
  stval = 0n;
  mscratch = 0n;
  sscratch = 0n;
  satp = 0n;

  // CLINT state, in mtime ticks.
  timeOffset = 0;
  mtimecmp = Infinity;
  msip = 0;

  /** Instructions retired inside a translated block before it trapped (see block-compiler.ts). */
  blockRetired = 0;
  /** A trap an instruction asked for without throwing (see deferTrap), or -1. */
  private deferredCause = -1;
  /** Translation to JS functions on/off (off: predecoded single-stepping only). */
  translateBlocks = true;
  /** Translation of hot regions to WebAssembly on/off (only with translateBlocks). */
  translateRegions = true;
  /** The region tier of this hart (jit/). */
  readonly jit = new Jit(this);
  /** Per-tier counts and times, kept only when set (`emu --stats`; timing costs a little). */
  tierStats: TierStats | null = null;

  trapHook: TrapHook | null = null;

  /** Stop with 'trap-loop' when a trap can only re-enter itself (off for hooked machines: a hook may make progress). */
  detectTrapLoops = false;
  /** Set when run stopped with 'trap-loop'. */
  trapLoop: TrapLoop | null = null;
  private loopEpc = -1n;
  // trapEpc's two remembered pcs and their bigints.
  private epcPcA = NaN;
  private epcA = 0n;
  private epcPcB = NaN;
  private epcB = 0n;
  private loopCause = -1;
  private loopTval = 0n;
  private loopInstret = -1;
  private loopRepeats = 0;

  /** The loop leaves its fast path when instret reaches this (timer due, or a request). */
  exitAt = Infinity;
  private interruptCheck = true;
  halt: HaltReason | null = null;

  /** `group` joins the other harts of the machine (hart-group.ts); `hartIndex` is this hart's place in it. */
  constructor(bus: Bus, hartId = 0, group: HartGroup | null = null, hartIndex = 0) {
    super(bus, group, hartIndex);
    this.hartId = hartId;
  }

  // ---------------------------------------------------------------- state changes

  setPriv(p: Priv): void {
    this.priv = p;
    this.updateDataPriv();
    this.fetchVa = NaN;
    this.requestInterruptCheck();
  }

  setMstatus(v: number): void {
    const contextBits = MSTATUS_MPRV | MSTATUS_SUM | MSTATUS_MXR | (3 << MSTATUS_MPP_SHIFT);
    const changed = (this.mstatus ^ v) & contextBits;
    this.mstatus = v;
    if (changed) {
      this.updateDataPriv();
      this.flushTlb();
    }
    this.requestInterruptCheck();
  }

  /** `v` is an unsigned 64-bit satp value with MODE Bare or Sv39 (csr-file.ts checks). */
  setSatp(v: bigint): void {
    // PPN is bits 43..0 (§4.1.11).
    this.setSatpDecoded(v, v >= SATP_SV39 && v < SATP_SV39_END, Number(v & SATP_PPN) * 4096);
  }

  /**
   * setSatp for a writer that has the fields already: `sv39` whether MODE is Sv39, `root`
   * the root table's physical address (PPN * 4096). The monitor switches domains with it,
   * sparing the bigint decoding on every switch.
   */
  setSatpDecoded(v: bigint, sv39: boolean, root: number): void {
    this.satp = v;
    this.satpOn = sv39;
    this.satpRoot = root;
    // Translations are tagged by their root table: switching to a space seen before keeps
    // its TLB entries (README "TLB and address spaces"); SFENCE.VMA is what flushes.
    this.selectAddressSpace(this.satpOn ? this.satpRoot : -1);
    if (this.triggers.stopOnSwitch) {
      this.triggers.debugStop = { kind: 'switch' };
      this.requestHalt('debug');
    }
  }

  private updateDataPriv(): void {
    const mpp = (this.mstatus >> MSTATUS_MPP_SHIFT) & 3;
    this.dataPriv = this.priv === 3 && this.mstatus & MSTATUS_MPRV ? (mpp as Priv) : this.priv;
  }

  /** Arming or disarming a trigger takes effect from the next instruction. */
  override triggersChanged(): void {
    super.triggersChanged();
    this.requestInterruptCheck();
  }

  requestInterruptCheck(): void {
    this.interruptCheck = true;
    this.exitAt = 0;
  }

  /** Asks the run loop to return after the current instruction. */
  requestHalt(reason: HaltReason): void {
    this.halt = reason;
    this.exitAt = 0;
  }

  /**
   * Instructions retired before the current one. Inside a translated block `instret` is
   * only brought up to date when the block returns; the block keeps its own count in
   * blockRetired (0 outside blocks) before anything that can read a counter.
   */
  retired(): number {
    return this.instret + this.blockRetired;
  }

  mtime(): number {
    return Math.floor(this.retired() / INSTRET_PER_MTIME_TICK) + this.timeOffset;
  }

  /** minstret / mcycle (mcycle = minstret: one instruction per cycle, README "Time"), all 64 bits. */
  readCounter(which: 'instret' | 'cycle'): bigint {
    return BigInt.asUintN(64, BigInt(this.retired()) + (which === 'instret' ? this.instretDelta : this.cycleDelta));
  }

  /** Sets minstret / mcycle so that it now reads `v`; time and the budget keep counting retired instructions. */
  writeCounter(which: 'instret' | 'cycle', v: bigint): void {
    const delta = BigInt.asUintN(64, v - BigInt(this.retired()));
    if (which === 'instret') this.instretDelta = delta;
    else this.cycleDelta = delta;
  }

  readMip(): number {
    return this.mipSoftware | (this.mtime() >= this.mtimecmp ? MIP_MTIP : 0) | (this.msip ? MIP_MSIP : 0);
  }

  // ---------------------------------------------------------------- registers and pc

  setRegNumber(rd: number, v: number): void {
    this.xl[rd] = v | 0;
    this.xh[rd] = Math.floor(v / TWO32) | 0;
  }

  /** Jump to a target held as a JS number (pc-relative jumps). */
  jumpNumber(target: number): void {
    if (target >= -0x20000000000000 && target < 0x20000000000000) this.npc = target;
    else this.jumpPair(target | 0, Math.floor(target / TWO32) | 0);
  }

  /** Jump to a (lo, hi) target; unrepresentable targets are kept exactly in pcOverflow. */
  jumpPair(lo: number, hi: number): void {
    if (hi >= -0x200000 && hi < 0x200000) this.npc = hi * TWO32 + (lo >>> 0);
    else {
      this.npc = NaN;
      this.pcOverflow = pairToBig(lo, hi);
    }
  }

  pcBig(): bigint {
    if (this.pcOverflow !== null) return this.pcOverflow;
    return this.pc >= 0 ? BigInt(this.pc) : BigInt.asUintN(64, BigInt(this.pc));
  }

  setPcBig(v: bigint): void {
    if (v >= 0n && v < PC_LIMIT) {
      this.pc = Number(v);
      this.pcOverflow = null;
      return;
    }
    const s = BigInt.asIntN(64, v);
    if (s >= -(1n << 53n) && s < 1n << 53n) {
      this.pc = Number(s);
      this.pcOverflow = null;
    } else {
      this.pc = NaN;
      this.pcOverflow = BigInt.asUintN(64, v);
    }
  }

  // ---------------------------------------------------------------- traps

  /**
   * Takes exception `cause` (tval 0) at the current instruction without unwinding the
   * stack: the instruction counts as executed and the loop leaves its fast path right
   * after it; `run` then undoes the retirement and enters the trap. ECALL, the IPC hot
   * path, uses this; a thrown trap costs far more than the rest of the instruction.
   */
  deferTrap(cause: number): void {
    this.deferredCause = cause;
    this.npc = this.pc;
    this.exitAt = 0;
  }

  illegal(i: Insn): never {
    return this.raise(Exc.ILLEGAL_INSN, i.raw, 0);
  }

  /**
   * Enters a trap (§3.1.6.1, §4.1.1): to S when delegated from S/U, else to M, where an
   * installed hook may take over. Returns false when the hook asked to stop.
   */
  takeTrap(cause: number, interrupt: boolean, tval: bigint): boolean {
    const from = this.priv;
    const epc = this.trapEpc();
    const deleg = interrupt ? this.mideleg : this.medeleg;
    if (from <= 1 && (deleg >>> cause) & 1) {
      const causeBits = (interrupt ? 1n << 63n : 0n) | BigInt(cause);
      this.scause = causeBits;
      this.sepc = epc;
      this.stval = tval;
      let s = this.mstatus & ~(MSTATUS_SPIE | MSTATUS_SIE | MSTATUS_SPP);
      if (this.mstatus & MSTATUS_SIE) s |= MSTATUS_SPIE;
      if (from === 1) s |= MSTATUS_SPP;
      this.mstatus = s;
      this.setPriv(1);
      this.setPcBig(vectorTarget(this.stvec, cause, interrupt));
      return this.noteTrap(cause, interrupt, epc, tval);
    }
    if (this.trapHook) {
      const verdict = this.trapHook({ cause, interrupt, tval, epc, fromPriv: from });
      // The hook may have changed pc, privilege, satp or CSRs: drop derived caches.
      this.fetchVa = NaN;
      this.requestInterruptCheck();
      if (verdict === 'stop') {
        this.halt = 'hook-stop';
        return false;
      }
      if (verdict === 'resume') return true;
    }
    this.mcause = (interrupt ? 1n << 63n : 0n) | BigInt(cause);
    this.mepc = epc;
    this.mtval = tval;
    let m = this.mstatus & ~(MSTATUS_MPIE | MSTATUS_MIE | (3 << MSTATUS_MPP_SHIFT));
    if (this.mstatus & MSTATUS_MIE) m |= MSTATUS_MPIE;
    m |= from << MSTATUS_MPP_SHIFT;
    this.setMstatus(m);
    this.setPriv(3);
    this.setPcBig(vectorTarget(this.mtvec, cause, interrupt));
    return this.noteTrap(cause, interrupt, epc, tval);
  }

  /**
   * pcBig() for a trap. Ecalls between domains trap at the same few pcs (each domain's
   * ecall stub), so the last two are kept: the IPC path then allocates no bigint here.
   */
  private trapEpc(): bigint {
    const pc = this.pc;
    if (this.pcOverflow === null) {
      if (pc === this.epcPcA) return this.epcA;
      if (pc === this.epcPcB) return this.epcB;
    }
    const epc = this.pcBig();
    if (this.pcOverflow === null) {
      this.epcPcB = this.epcPcA;
      this.epcB = this.epcA;
      this.epcPcA = pc;
      this.epcA = epc;
    }
    return epc;
  }

  /**
   * Spots a trap loop: the same exception at the same pc, vectored back to that pc, with no
   * instruction retired in between (e.g. a fetch fault whose handler address is not
   * executable). Time and every CSR the trap writes have then reached a fixed point (mtime
   * only moves with retired instructions), so the hart can never make progress; without
   * this each repetition would only spend one budget step. Returns false to stop.
   */
  private noteTrap(cause: number, interrupt: boolean, epc: bigint, tval: bigint): boolean {
    if (!this.detectTrapLoops) return true;
    const repeat = !interrupt && this.pcBig() === epc && epc === this.loopEpc && cause === this.loopCause
      && tval === this.loopTval && this.instret === this.loopInstret;
    this.loopRepeats = repeat ? this.loopRepeats + 1 : 0;
    this.loopEpc = interrupt ? -1n : epc;
    this.loopCause = cause;
    this.loopTval = tval;
    this.loopInstret = this.instret;
    // Two repeats: by then MPIE/MIE/MPP (or SPIE/SIE/SPP) hold their fixed values too.
    if (this.loopRepeats < 2) return true;
    this.trapLoop = { cause, pc: epc, tval };
    this.halt = 'trap-loop';
    return false;
  }

  /** The highest-priority interrupt that is pending and enabled (§3.1.9), or -1. */
  pendingInterrupt(): number {
    // Nothing enabled: mip need not be read (it has no side effects).
    if (this.mie === 0) return -1;
    const pending = this.readMip() & this.mie;
    if (!pending) return -1;
    const toM = pending & ~this.mideleg;
    const mOn = this.priv < 3 || (this.mstatus & MSTATUS_MIE) !== 0;
    const toS = pending & this.mideleg;
    const sOn = this.priv === 0 || (this.priv === 1 && (this.mstatus & MSTATUS_SIE) !== 0);
    const set = toM && mOn ? toM : toS && sOn ? toS : 0;
    if (!set) return -1;
    for (const irq of IRQ_PRIORITY) if (set & (1 << irq)) return irq;
    return -1;
  }

  /** The instret at which mtime reaches mtimecmp. */
  private timerDue(): number {
    if (!Number.isFinite(this.mtimecmp)) return Infinity;
    return Math.max(0, (this.mtimecmp - this.timeOffset) * INSTRET_PER_MTIME_TICK);
  }

  // ---------------------------------------------------------------- run loop

  /**
   * Runs at most `budget` instruction steps (a step retires an instruction or takes a
   * trap). Returns the unused budget; `halt` says why it stopped early.
   */
  run(budget: number): number {
    this.halt = null;
    while (budget > 0) {
      if (this.interruptCheck) {
        this.interruptCheck = false;
        const irq = this.pendingInterrupt();
        if (irq >= 0) {
          budget -= 1;
          if (!this.takeTrap(irq, true, 0n)) return budget;
        }
        // No timer armed (mtimecmp = ∞, as under the monitor): nothing to compute, every trap passes here.
        this.exitAt = this.mtimecmp === Infinity ? Infinity : this.readMip() & MIP_MTIP ? Infinity : this.timerDue();
        if (this.halt) return budget;
        continue;
      }
      const before = this.instret;
      try {
        budget = this.triggers.executeArmed ? this.runChecked(budget) : this.runFast(budget);
      } catch (e) {
        if (e !== TRAP_SIGNAL) throw e;
        // runFast's own count of the budget unwound with it: what it retired is in instret.
        budget -= this.instret - before;
        this.instret += this.blockRetired;
        if (this.trapCause === DEBUG_STOP_CAUSE) {
          // A debugger watchpoint: the access has not happened, nothing is taken.
          budget -= this.blockRetired;
          this.blockRetired = 0;
          this.halt = 'debug';
          return budget;
        }
        budget -= this.blockRetired + 1;
        this.blockRetired = 0;
        if (!this.takeTrap(this.trapCause, false, this.trapTval)) return budget;
      }
      if (this.deferredCause >= 0) {
        // The step stays spent (a trap is a step), the instruction did not retire.
        const cause = this.deferredCause;
        this.deferredCause = -1;
        this.instret -= 1;
        if (!this.takeTrap(cause, false, 0n)) return budget;
      }
      if (this.halt) return budget;
      if (this.instret >= this.exitAt) this.interruptCheck = true;
    }
    return budget;
  }

  /**
   * The loop while an execute trigger or a debugger breakpoint is armed: one instruction
   * at a time, each checked before it executes (a trigger fires before the instruction,
   * timing = before, Sdtrig §5.7.11).
   */
  private runChecked(budget: number): number {
    while (budget > 0) {
      if (this.pcOverflow === null) {
        const hit = this.triggers.matchExecute(this.pc, this.priv);
        if (hit === -2) {
          this.requestHalt('debug');
          return budget;
        }
        if (hit >= 0) this.raise(Exc.BREAKPOINT, this.pc | 0, Math.floor(this.pc / TWO32) | 0);
      }
      budget = this.runFast(1) + budget - 1;
      if (this.instret >= this.exitAt || this.deferredCause >= 0 || this.halt) break;
    }
    return budget;
  }

  private runFast(budget: number): number {
    const xl = this.xl;
    const xh = this.xh;
    while (budget > 0) {
      const pc = this.pc;
      const o = pc - this.fetchVa;
      let insn: Insn | undefined;
      if (o >= 0 && o < 4094) {
        const slot = o >> 1;
        const page = this.fetchPage;
        const block = page.blocks[slot];
        if (block) {
          const room = Math.min(budget, this.exitAt - this.instret);
          let retired = 0;
          const region = page.regions[slot] as RegionEntry | null | undefined;
          if (region) {
            retired = this.tierStats === null ? this.jit.run(region, this.fetchVa, room) : this.runRegionTimed(region, room);
          } else if (region === undefined && this.translateRegions) {
            if (page.heat[slot] < HOT_REGION) page.heat[slot] += 1;
            else {
              this.compileHotRegion(o);
              continue;
            }
          }
          // A region that could not start (its first block is longer than the room) leaves it to the block.
          if (retired === 0 && room >= block.count) {
            // While a region may still come, a block loops in place only a few times, so its heat keeps counting.
            const passes = Math.floor(room / block.count);
            const limit = region === undefined && this.translateRegions && passes > 16 ? 16 : passes;
            retired = this.tierStats === null ? block.run(this, pc, limit) : this.runBlockTimed(block, limit);
            this.blockRetired = 0;
            this.pc = this.npc;
          }
          if (retired > 0) {
            this.instret += retired;
            budget -= retired;
            if (this.instret >= this.exitAt) {
              this.interruptCheck = true;
              break;
            }
            continue;
          }
        } else if (block === undefined && ++page.heat[slot] >= HOT_BLOCK && this.translateBlocks) {
          page.blocks[slot] = this.tierStats === null ? this.compileHotBlock(o) : this.compileBlockTimed(o);
          continue;
        }
        insn = this.fetchCode[slot];
        if (insn === undefined) insn = this.decodeInPage(o);
      } else {
        insn = this.fetchSlow();
      }
      this.npc = pc + insn.len;
      insn.fn(this, insn);
      xl[0] = 0;
      xh[0] = 0;
      this.pc = this.npc;
      this.instret += 1;
      budget -= 1;
      if (this.instret >= this.exitAt) {
        this.interruptCheck = true;
        break;
      }
    }
    return budget;
  }

  // ---------------------------------------------------------------- fetch

  /** The decoded instruction at a page offset of the fetch page; null when it straddles the page end. */
  private readonly insnInPage = (off: number): Insn | null => {
    if (off > 4094) return null;
    // A 32-bit instruction in the last halfword straddles the page: not part of a block.
    if (off === 4094 && (this.u16[(this.fetchOff + off) >> 1] & 3) === 3) return null;
    return this.fetchCode[off >> 1] ?? this.decodeInPage(off);
  };

  private compileHotBlock(start: number): CompiledBlock | null {
    return compileBlock(start, this.insnInPage);
  }

  private compileHotRegion(start: number): void {
    const stats = this.tierStats;
    const t0 = stats === null ? 0 : performance.now();
    this.jit.compile(this.fetchPage, start, this.insnInPage);
    if (stats !== null) {
      stats.regionCompileMs += performance.now() - t0;
      stats.regionsCompiled += 1;
    }
  }

  // With tierStats on: the same steps, timed and counted.
  private compileBlockTimed(start: number): CompiledBlock | null {
    const stats = this.tierStats!;
    const t0 = performance.now();
    const block = this.compileHotBlock(start);
    stats.blockCompileMs += performance.now() - t0;
    stats.blocksCompiled += 1;
    return block;
  }

  private runBlockTimed(block: CompiledBlock, limit: number): number {
    const stats = this.tierStats!;
    stats.blockCalls += 1;
    const t0 = performance.now();
    try {
      return this.runBlockCounted(block, limit);
    } finally {
      stats.blockMs += Math.max(0, performance.now() - t0 - this.timerCost);
    }
  }

  private runBlockCounted(block: CompiledBlock, limit: number): number {
    const stats = this.tierStats!;
    try {
      const retired = block.run(this, this.pc, limit);
      stats.blockInsns += retired;
      return retired;
    } catch (e) {
      // A trap: what retired before it is in blockRetired.
      stats.blockInsns += this.blockRetired;
      throw e;
    }
  }

  private runRegionTimed(region: RegionEntry, room: number): number {
    const stats = this.tierStats!;
    stats.regionCalls += 1;
    const t0 = performance.now();
    try {
      return this.runRegionCounted(region, room);
    } finally {
      stats.regionMs += Math.max(0, performance.now() - t0 - this.timerCost);
    }
  }

  private runRegionCounted(region: RegionEntry, room: number): number {
    const stats = this.tierStats!;
    try {
      const retired = this.jit.run(region, this.fetchVa, room);
      stats.regionInsns += retired;
      return retired;
    } catch (e) {
      stats.regionInsns += this.blockRetired;
      throw e;
    }
  }

  /** What one performance.now() pair costs, in ms: taken off each timed call. */
  private timerCost = 0;

  /** Starts counting per-tier instructions and time (tierStats). */
  enableTierStats(): TierStats {
    const t0 = performance.now();
    let t = t0;
    for (let k = 0; k < 1000; k += 1) t = performance.now();
    this.timerCost = (t - t0) / 1000;
    this.tierStats ??= newTierStats();
    return this.tierStats;
  }

  private decodeInPage(o: number): Insn {
    const base = (this.fetchOff + o) >> 1;
    const low = this.u16[base];
    const word = (low & 3) === 3 ? low | (this.u16[base + 1] << 16) : low;
    const insn = decodeWord(word);
    this.fetchCode[o >> 1] = insn;
    return insn;
  }

  private fetchSlow(): Insn {
    if (this.pcOverflow !== null) {
      const cause = this.satpOn && this.priv < 3 ? Exc.INSN_PAGE_FAULT : Exc.INSN_ACCESS;
      this.raiseBig(cause, this.pcOverflow);
    }
    const pc = this.pc;
    const lo = pc | 0;
    const hi = Math.floor(pc / TWO32) | 0;
    const inPage = lo & 0xfff;
    const idx = (lo >>> 12) & TLB_MASK;
    let off: number;
    let wholePage: boolean;
    if (hi === (hi << 25) >> 25 && inPage < 4094 && this.tlbX[idx] === (((((hi & 0x7f) << 20) | (lo >>> 12)) << 2) | this.priv)) {
      // An execute TLB entry vouches for the whole page (RAM, PMP-executable).
      off = this.tlbXOff[idx] + inPage;
      wholePage = true;
    } else {
      const pa = this.translate(lo, hi, Access.EXECUTE, 2);
      off = this.bus.ramOffset(pa, 2);
      // Instructions are fetched from RAM only; devices are not executable.
      if (off < 0) this.raise(Exc.INSN_ACCESS, lo, hi);
      wholePage = this.pmp.check(pa - inPage, 4096, Access.EXECUTE, this.priv);
    }
    const page = off >>> PAGE_SHIFT;
    const codePage = this.codeFor(page);
    const code = codePage.insns;
    if (wholePage) {
      this.fetchVa = pc - inPage;
      this.fetchOff = off - inPage;
      this.fetchCode = code;
      this.fetchPage = codePage;
    }
    const low = this.u16[off >> 1];
    if ((low & 3) !== 3 || inPage < 4094) {
      let insn = code[inPage >> 1];
      if (insn === undefined) {
        const word = (low & 3) === 3 ? low | (this.u16[(off >> 1) + 1] << 16) : low;
        insn = decodeWord(word);
        code[inPage >> 1] = insn;
      }
      return insn;
    }
    // A 32-bit instruction straddling two pages: translate the second half separately
    // (its fault reports the second half's address) and do not cache the result.
    const lo2 = (lo + 2) | 0;
    const hi2 = (hi + ((lo2 >>> 0) < (lo >>> 0) ? 1 : 0)) | 0;
    const pa2 = this.translate(lo2, hi2, Access.EXECUTE, 2);
    const off2 = this.bus.ramOffset(pa2, 2);
    if (off2 < 0) this.raise(Exc.INSN_ACCESS, lo2, hi2);
    return decodeWord(low | (this.u16[off2 >> 1] << 16));
  }

}

/** xtvec target: vectored mode sends interrupts to BASE + 4 * cause (§3.1.7). */
function vectorTarget(tvec: bigint, cause: number, interrupt: boolean): bigint {
  const base = tvec & ~3n;
  return interrupt && (tvec & 3n) === 1n ? base + 4n * BigInt(cause) : base;
}
