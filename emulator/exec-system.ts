// SYSTEM and MISC-MEM instructions: Zicsr (unprivileged spec ch. 9), ECALL/EBREAK, the trap
// returns MRET/SRET (privileged spec v1.12 §3.3.2), WFI (§3.3.3), SFENCE.VMA (§4.2.1) and
// FENCE/FENCE.I (Zifencei). Our decoded-instruction cache is invalidated by every store,
// on every hart (hart-group.ts), so FENCE.I has nothing left to do; harts take whole
// turns on one sequentially consistent memory, so FENCE has nothing to order.

import type { Hart, Priv } from './hart.js';
import type { Insn } from './insn.js';
import { Exc } from './trap-cause.js';
import { bigLo, bigHi, pairToBig } from './int64.js';
import {
  Csr, csrAccessible, csrRead, csrWrite,
  MSTATUS_MIE, MSTATUS_MPIE, MSTATUS_MPP_SHIFT, MSTATUS_MPRV, MSTATUS_SIE, MSTATUS_SPIE,
  MSTATUS_SPP, MSTATUS_TSR, MSTATUS_TVM, MSTATUS_TW,
} from './csr-file.js';

export function ECALL(h: Hart, _i: Insn): void {
  h.deferTrap(Exc.ECALL_U + h.priv);
}

export function EBREAK(h: Hart, _i: Insn): void {
  h.raise(Exc.BREAKPOINT, h.pc | 0, Math.floor(h.pc / 4294967296) | 0);
}

export function MRET(h: Hart, i: Insn): void {
  if (h.priv !== 3) h.illegal(i);
  const mppBits = (h.mstatus >> MSTATUS_MPP_SHIFT) & 3;
  const mpp: Priv = mppBits === 3 ? 3 : mppBits === 1 ? 1 : 0;
  let s = h.mstatus & ~(MSTATUS_MIE | (3 << MSTATUS_MPP_SHIFT));
  if (h.mstatus & MSTATUS_MPIE) s |= MSTATUS_MIE;
  s |= MSTATUS_MPIE;
  if (mpp !== 3) s &= ~MSTATUS_MPRV;
  h.setMstatus(s);
  h.setPriv(mpp);
  h.jumpPair(bigLo(h.mepc), bigHi(h.mepc));
}

export function SRET(h: Hart, i: Insn): void {
  if (h.priv === 0 || (h.priv === 1 && h.mstatus & MSTATUS_TSR)) h.illegal(i);
  const spp: Priv = h.mstatus & MSTATUS_SPP ? 1 : 0;
  let s = h.mstatus & ~(MSTATUS_SIE | MSTATUS_SPP | MSTATUS_MPRV);
  if (h.mstatus & MSTATUS_SPIE) s |= MSTATUS_SIE;
  s |= MSTATUS_SPIE;
  h.setMstatus(s);
  h.setPriv(spp);
  h.jumpPair(bigLo(h.sepc), bigHi(h.sepc));
}

/**
 * WFI: U-mode, and S-mode under TW, may not wait (§3.1.6.5). Time only advances with
 * retired instructions, so a lone hart waiting for an armed, enabled timer skips mtime
 * forward to it; with nothing that could ever wake the hart, the run loop stops with
 * reason 'wfi'. A hart with others always stops with 'wfi': the scheduler keeps it
 * waiting until an interrupt (an IPI, its timer) is pending (scheduler.ts).
 */
export function WFI(h: Hart, i: Insn): void {
  if (h.priv === 0 || (h.priv === 1 && h.mstatus & MSTATUS_TW)) h.illegal(i);
  if (h.readMip() & h.mie) return;
  const timerEnabled = (h.mie & ((1 << 7) | (1 << 5))) !== 0;
  if (h.group === null && timerEnabled && Number.isFinite(h.mtimecmp)) {
    const wait = h.mtimecmp - h.mtime();
    if (wait > 0) h.timeOffset += wait;
    h.requestInterruptCheck();
    return;
  }
  h.requestHalt('wfi');
}

export function SFENCE_VMA(h: Hart, i: Insn): void {
  if (h.priv === 0 || (h.priv === 1 && h.mstatus & MSTATUS_TVM)) h.illegal(i);
  h.flushTlb();
}

export function FENCE(_h: Hart, _i: Insn): void {}
/** Decoded code follows every store already; translations are dropped, as the JIT's own barrier. */
export function FENCE_I(h: Hart, _i: Insn): void {
  h.dropTranslations();
}

export function ILLEGAL(h: Hart, i: Insn): void {
  h.illegal(i);
}

// ---- Zicsr. rs1 holds the register number or, for the I forms, the 5-bit immediate ----

function csrOp(h: Hart, i: Insn, src: bigint, op: 0 | 1 | 2, writes: boolean): void {
  const addr = i.imm;
  if (!csrAccessible(h, addr, writes)) h.illegal(i);
  const old = csrRead(h, addr);
  if (old === undefined) return h.illegal(i);
  if (writes) {
    const next = op === 0 ? src : op === 1 ? old | src : old & ~src;
    if (!csrWrite(h, addr, next)) h.illegal(i);
    // Zicsr (unpriv. spec §9.1): a write to a counter is done instead of this instruction's
    // increment, so the next instruction reads exactly the value written.
    if (addr === Csr.MINSTRET || addr === Csr.MCYCLE) h.writeCounter(addr === Csr.MINSTRET ? 'instret' : 'cycle', next - 1n);
  }
  h.xl[i.rd] = bigLo(old);
  h.xh[i.rd] = bigHi(old);
}

export function CSRRW(h: Hart, i: Insn): void {
  csrOp(h, i, pairToBig(h.xl[i.rs1], h.xh[i.rs1]), 0, true);
}
export function CSRRS(h: Hart, i: Insn): void {
  csrOp(h, i, pairToBig(h.xl[i.rs1], h.xh[i.rs1]), 1, i.rs1 !== 0);
}
export function CSRRC(h: Hart, i: Insn): void {
  csrOp(h, i, pairToBig(h.xl[i.rs1], h.xh[i.rs1]), 2, i.rs1 !== 0);
}
export function CSRRWI(h: Hart, i: Insn): void {
  csrOp(h, i, BigInt(i.rs1), 0, true);
}
export function CSRRSI(h: Hart, i: Insn): void {
  csrOp(h, i, BigInt(i.rs1), 1, i.rs1 !== 0);
}
export function CSRRCI(h: Hart, i: Insn): void {
  csrOp(h, i, BigInt(i.rs1), 2, i.rs1 !== 0);
}
