// RV64I and RV64M execution (unprivileged spec v20191213, chapters 2, 5 and 7). Registers
// are (lo, hi) Int32 pairs in h.xl / h.xh; every handler reads its sources before it
// writes rd, so rd may equal a source. x0 is re-zeroed by the run loop after each step.

import type { Hart } from './hart.js';
import type { Insn } from './insn.js';
import { mulhu32, pairToSignedBig, pairToBig, bigLo, bigHi } from './int64.js';

const TWO32 = 4294967296;

function setW(h: Hart, rd: number, v: number): void {
  h.xl[rd] = v;
  h.xh[rd] = v >> 31;
}

// ---- upper immediates and jumps ----

export function LUI(h: Hart, i: Insn): void {
  setW(h, i.rd, i.imm);
}

export function AUIPC(h: Hart, i: Insn): void {
  h.setRegNumber(i.rd, h.pc + i.imm);
}

export function JAL(h: Hart, i: Insn): void {
  const link = h.pc + i.len;
  h.jumpNumber(h.pc + i.imm);
  h.setRegNumber(i.rd, link);
}

export function JALR(h: Hart, i: Insn): void {
  const link = h.pc + i.len;
  const b = h.xl[i.rs1];
  const lo = (b + i.imm) | 0;
  const hi = (h.xh[i.rs1] + (i.imm >> 31) + ((lo >>> 0) < (b >>> 0) ? 1 : 0)) | 0;
  h.jumpPair(lo & ~1, hi);
  h.setRegNumber(i.rd, link);
}

// ---- branches ----

export function BEQ(h: Hart, i: Insn): void {
  if (h.xl[i.rs1] === h.xl[i.rs2] && h.xh[i.rs1] === h.xh[i.rs2]) h.jumpNumber(h.pc + i.imm);
}
export function BNE(h: Hart, i: Insn): void {
  if (h.xl[i.rs1] !== h.xl[i.rs2] || h.xh[i.rs1] !== h.xh[i.rs2]) h.jumpNumber(h.pc + i.imm);
}
function lt(h: Hart, a: number, b: number): boolean {
  const ah = h.xh[a];
  const bh = h.xh[b];
  return ah < bh || (ah === bh && h.xl[a] >>> 0 < h.xl[b] >>> 0);
}
function ltu(h: Hart, a: number, b: number): boolean {
  const ah = h.xh[a] >>> 0;
  const bh = h.xh[b] >>> 0;
  return ah < bh || (ah === bh && h.xl[a] >>> 0 < h.xl[b] >>> 0);
}
export function BLT(h: Hart, i: Insn): void {
  if (lt(h, i.rs1, i.rs2)) h.jumpNumber(h.pc + i.imm);
}
export function BGE(h: Hart, i: Insn): void {
  if (!lt(h, i.rs1, i.rs2)) h.jumpNumber(h.pc + i.imm);
}
export function BLTU(h: Hart, i: Insn): void {
  if (ltu(h, i.rs1, i.rs2)) h.jumpNumber(h.pc + i.imm);
}
export function BGEU(h: Hart, i: Insn): void {
  if (!ltu(h, i.rs1, i.rs2)) h.jumpNumber(h.pc + i.imm);
}

// ---- loads and stores: effective address rs1 + imm, computed as a 64-bit pair ----

export function eaLo(h: Hart, i: Insn): number {
  return (h.xl[i.rs1] + i.imm) | 0;
}
export function eaHi(h: Hart, i: Insn, lo: number): number {
  return (h.xh[i.rs1] + (i.imm >> 31) + ((lo >>> 0) < (h.xl[i.rs1] >>> 0) ? 1 : 0)) | 0;
}

export function LB(h: Hart, i: Insn): void {
  const lo = eaLo(h, i);
  setW(h, i.rd, (h.ld8(lo, eaHi(h, i, lo)) << 24) >> 24);
}
export function LBU(h: Hart, i: Insn): void {
  const lo = eaLo(h, i);
  const v = h.ld8(lo, eaHi(h, i, lo));
  h.xl[i.rd] = v;
  h.xh[i.rd] = 0;
}
export function LH(h: Hart, i: Insn): void {
  const lo = eaLo(h, i);
  setW(h, i.rd, (h.ld16(lo, eaHi(h, i, lo)) << 16) >> 16);
}
export function LHU(h: Hart, i: Insn): void {
  const lo = eaLo(h, i);
  const v = h.ld16(lo, eaHi(h, i, lo));
  h.xl[i.rd] = v;
  h.xh[i.rd] = 0;
}
export function LW(h: Hart, i: Insn): void {
  const lo = eaLo(h, i);
  setW(h, i.rd, h.ld32(lo, eaHi(h, i, lo)));
}
export function LWU(h: Hart, i: Insn): void {
  const lo = eaLo(h, i);
  const v = h.ld32(lo, eaHi(h, i, lo));
  h.xl[i.rd] = v;
  h.xh[i.rd] = 0;
}
export function LD(h: Hart, i: Insn): void {
  const lo = eaLo(h, i);
  const v = h.ld64(lo, eaHi(h, i, lo));
  h.xl[i.rd] = v;
  h.xh[i.rd] = h.rh;
}
export function SB(h: Hart, i: Insn): void {
  const lo = eaLo(h, i);
  h.st8(lo, eaHi(h, i, lo), h.xl[i.rs2]);
}
export function SH(h: Hart, i: Insn): void {
  const lo = eaLo(h, i);
  h.st16(lo, eaHi(h, i, lo), h.xl[i.rs2]);
}
export function SW(h: Hart, i: Insn): void {
  const lo = eaLo(h, i);
  h.st32(lo, eaHi(h, i, lo), h.xl[i.rs2]);
}
export function SD(h: Hart, i: Insn): void {
  const lo = eaLo(h, i);
  h.st64(lo, eaHi(h, i, lo), h.xl[i.rs2], h.xh[i.rs2]);
}

// ---- register-immediate ----

export function ADDI(h: Hart, i: Insn): void {
  const a = h.xl[i.rs1];
  const lo = (a + i.imm) | 0;
  h.xh[i.rd] = (h.xh[i.rs1] + (i.imm >> 31) + ((lo >>> 0) < (a >>> 0) ? 1 : 0)) | 0;
  h.xl[i.rd] = lo;
}
export function SLTI(h: Hart, i: Insn): void {
  const ah = h.xh[i.rs1];
  const bh = i.imm >> 31;
  const r = ah < bh || (ah === bh && h.xl[i.rs1] >>> 0 < i.imm >>> 0) ? 1 : 0;
  h.xl[i.rd] = r;
  h.xh[i.rd] = 0;
}
export function SLTIU(h: Hart, i: Insn): void {
  const ah = h.xh[i.rs1] >>> 0;
  const bh = (i.imm >> 31) >>> 0;
  const r = ah < bh || (ah === bh && h.xl[i.rs1] >>> 0 < i.imm >>> 0) ? 1 : 0;
  h.xl[i.rd] = r;
  h.xh[i.rd] = 0;
}
export function XORI(h: Hart, i: Insn): void {
  h.xh[i.rd] = h.xh[i.rs1] ^ (i.imm >> 31);
  h.xl[i.rd] = h.xl[i.rs1] ^ i.imm;
}
export function ORI(h: Hart, i: Insn): void {
  h.xh[i.rd] = h.xh[i.rs1] | (i.imm >> 31);
  h.xl[i.rd] = h.xl[i.rs1] | i.imm;
}
export function ANDI(h: Hart, i: Insn): void {
  h.xh[i.rd] = h.xh[i.rs1] & (i.imm >> 31);
  h.xl[i.rd] = h.xl[i.rs1] & i.imm;
}

function shiftLeft(h: Hart, rd: number, lo: number, hi: number, s: number): void {
  if (s === 0) {
    h.xl[rd] = lo;
    h.xh[rd] = hi;
  } else if (s < 32) {
    h.xh[rd] = (hi << s) | (lo >>> (32 - s));
    h.xl[rd] = lo << s;
  } else {
    h.xh[rd] = lo << (s - 32);
    h.xl[rd] = 0;
  }
}
function shiftRightLogical(h: Hart, rd: number, lo: number, hi: number, s: number): void {
  if (s === 0) {
    h.xl[rd] = lo;
    h.xh[rd] = hi;
  } else if (s < 32) {
    h.xl[rd] = (lo >>> s) | (hi << (32 - s));
    h.xh[rd] = hi >>> s;
  } else {
    h.xl[rd] = hi >>> (s - 32);
    h.xh[rd] = 0;
  }
}
function shiftRightArith(h: Hart, rd: number, lo: number, hi: number, s: number): void {
  if (s === 0) {
    h.xl[rd] = lo;
    h.xh[rd] = hi;
  } else if (s < 32) {
    h.xl[rd] = (lo >>> s) | (hi << (32 - s));
    h.xh[rd] = hi >> s;
  } else {
    h.xl[rd] = hi >> (s - 32);
    h.xh[rd] = hi >> 31;
  }
}
export function SLLI(h: Hart, i: Insn): void {
  shiftLeft(h, i.rd, h.xl[i.rs1], h.xh[i.rs1], i.imm & 63);
}
export function SRLI(h: Hart, i: Insn): void {
  shiftRightLogical(h, i.rd, h.xl[i.rs1], h.xh[i.rs1], i.imm & 63);
}
export function SRAI(h: Hart, i: Insn): void {
  shiftRightArith(h, i.rd, h.xl[i.rs1], h.xh[i.rs1], i.imm & 63);
}

// ---- register-register ----

export function ADD(h: Hart, i: Insn): void {
  const a = h.xl[i.rs1];
  const lo = (a + h.xl[i.rs2]) | 0;
  h.xh[i.rd] = (h.xh[i.rs1] + h.xh[i.rs2] + ((lo >>> 0) < (a >>> 0) ? 1 : 0)) | 0;
  h.xl[i.rd] = lo;
}
export function SUB(h: Hart, i: Insn): void {
  const a = h.xl[i.rs1];
  const b = h.xl[i.rs2];
  const borrow = (a >>> 0) < (b >>> 0) ? 1 : 0;
  h.xh[i.rd] = (h.xh[i.rs1] - h.xh[i.rs2] - borrow) | 0;
  h.xl[i.rd] = (a - b) | 0;
}
export function SLL(h: Hart, i: Insn): void {
  shiftLeft(h, i.rd, h.xl[i.rs1], h.xh[i.rs1], h.xl[i.rs2] & 63);
}
export function SRL(h: Hart, i: Insn): void {
  shiftRightLogical(h, i.rd, h.xl[i.rs1], h.xh[i.rs1], h.xl[i.rs2] & 63);
}
export function SRA(h: Hart, i: Insn): void {
  shiftRightArith(h, i.rd, h.xl[i.rs1], h.xh[i.rs1], h.xl[i.rs2] & 63);
}
export function SLT(h: Hart, i: Insn): void {
  const r = lt(h, i.rs1, i.rs2) ? 1 : 0;
  h.xl[i.rd] = r;
  h.xh[i.rd] = 0;
}
export function SLTU(h: Hart, i: Insn): void {
  const r = ltu(h, i.rs1, i.rs2) ? 1 : 0;
  h.xl[i.rd] = r;
  h.xh[i.rd] = 0;
}
export function XOR(h: Hart, i: Insn): void {
  h.xh[i.rd] = h.xh[i.rs1] ^ h.xh[i.rs2];
  h.xl[i.rd] = h.xl[i.rs1] ^ h.xl[i.rs2];
}
export function OR(h: Hart, i: Insn): void {
  h.xh[i.rd] = h.xh[i.rs1] | h.xh[i.rs2];
  h.xl[i.rd] = h.xl[i.rs1] | h.xl[i.rs2];
}
export function AND(h: Hart, i: Insn): void {
  h.xh[i.rd] = h.xh[i.rs1] & h.xh[i.rs2];
  h.xl[i.rd] = h.xl[i.rs1] & h.xl[i.rs2];
}

// ---- 32-bit (W) forms: operate on the low word, sign-extend the 32-bit result ----

export function ADDIW(h: Hart, i: Insn): void {
  setW(h, i.rd, (h.xl[i.rs1] + i.imm) | 0);
}
export function SLLIW(h: Hart, i: Insn): void {
  setW(h, i.rd, h.xl[i.rs1] << (i.imm & 31));
}
export function SRLIW(h: Hart, i: Insn): void {
  setW(h, i.rd, (h.xl[i.rs1] >>> (i.imm & 31)) | 0);
}
export function SRAIW(h: Hart, i: Insn): void {
  setW(h, i.rd, h.xl[i.rs1] >> (i.imm & 31));
}
export function ADDW(h: Hart, i: Insn): void {
  setW(h, i.rd, (h.xl[i.rs1] + h.xl[i.rs2]) | 0);
}
export function SUBW(h: Hart, i: Insn): void {
  setW(h, i.rd, (h.xl[i.rs1] - h.xl[i.rs2]) | 0);
}
export function SLLW(h: Hart, i: Insn): void {
  setW(h, i.rd, h.xl[i.rs1] << (h.xl[i.rs2] & 31));
}
export function SRLW(h: Hart, i: Insn): void {
  setW(h, i.rd, (h.xl[i.rs1] >>> (h.xl[i.rs2] & 31)) | 0);
}
export function SRAW(h: Hart, i: Insn): void {
  setW(h, i.rd, h.xl[i.rs1] >> (h.xl[i.rs2] & 31));
}

// ---- M extension ----

export function MUL(h: Hart, i: Insn): void {
  const al = h.xl[i.rs1];
  const ah = h.xh[i.rs1];
  const bl = h.xl[i.rs2];
  const bh = h.xh[i.rs2];
  const hi = (mulhu32(al >>> 0, bl >>> 0) + Math.imul(al, bh) + Math.imul(ah, bl)) | 0;
  h.xl[i.rd] = Math.imul(al, bl);
  h.xh[i.rd] = hi;
}
function setBig(h: Hart, rd: number, v: bigint): void {
  h.xl[rd] = bigLo(v);
  h.xh[rd] = bigHi(v);
}
export function MULH(h: Hart, i: Insn): void {
  const p = pairToSignedBig(h.xl[i.rs1], h.xh[i.rs1]) * pairToSignedBig(h.xl[i.rs2], h.xh[i.rs2]);
  setBig(h, i.rd, p >> 64n);
}
export function MULHSU(h: Hart, i: Insn): void {
  const p = pairToSignedBig(h.xl[i.rs1], h.xh[i.rs1]) * pairToBig(h.xl[i.rs2], h.xh[i.rs2]);
  setBig(h, i.rd, p >> 64n);
}
export function MULHU(h: Hart, i: Insn): void {
  const p = pairToBig(h.xl[i.rs1], h.xh[i.rs1]) * pairToBig(h.xl[i.rs2], h.xh[i.rs2]);
  setBig(h, i.rd, p >> 64n);
}

/** True when the pair is a sign-extended 32-bit value (the common, number-only case). */
function isW(lo: number, hi: number): boolean {
  return hi === lo >> 31;
}

/** True when the pair's signed value lies in (-2^53, 2^53): exact as a JS number. */
function isSafe(hi: number): boolean {
  return hi >= -0x200000 && hi < 0x200000;
}

/** True when the pair's unsigned value is below 2^53. */
function isSafeUnsigned(hi: number): boolean {
  return hi >= 0 && hi < 0x200000;
}

// Between exact numbers, % is exact (the remainder of truncated division, sign of the
// dividend as in RISC-V), and so is the quotient taken as (a - a % b) / b: an exact
// multiple of b divided by b. Math.trunc(a / b) could round up across an integer.
const quotient = (a: number, b: number) => (a - (a % b)) / b;

// Division edge cases follow unprivileged spec §7.2 table 7.1: x/0 = -1 (all ones),
// x%0 = x, MIN/-1 = MIN, MIN%-1 = 0.
export function DIV(h: Hart, i: Insn): void {
  const al = h.xl[i.rs1];
  const ah = h.xh[i.rs1];
  const bl = h.xl[i.rs2];
  const bh = h.xh[i.rs2];
  if (bl === 0 && bh === 0) {
    h.xl[i.rd] = -1;
    h.xh[i.rd] = -1;
  } else if (isW(al, ah) && isW(bl, bh)) {
    const q = Math.trunc(al / bl); // |q| <= 2^31, exact as a number
    h.setRegNumber(i.rd, q);
  } else if (isSafe(ah) && isSafe(bh)) {
    h.setRegNumber(i.rd, quotient(ah * TWO32 + (al >>> 0), bh * TWO32 + (bl >>> 0)));
  } else {
    const a = pairToSignedBig(al, ah);
    const b = pairToSignedBig(bl, bh);
    setBig(h, i.rd, b === -1n ? -a : a / b);
  }
}
export function DIVU(h: Hart, i: Insn): void {
  const bl = h.xl[i.rs2];
  const bh = h.xh[i.rs2];
  if (bl === 0 && bh === 0) {
    h.xl[i.rd] = -1;
    h.xh[i.rd] = -1;
  } else if (h.xh[i.rs1] === 0 && bh === 0) {
    const q = Math.floor((h.xl[i.rs1] >>> 0) / (bl >>> 0));
    h.xl[i.rd] = q;
    h.xh[i.rd] = 0;
  } else if (isSafeUnsigned(h.xh[i.rs1]) && isSafeUnsigned(bh)) {
    h.setRegNumber(i.rd, quotient(h.xh[i.rs1] * TWO32 + (h.xl[i.rs1] >>> 0), bh * TWO32 + (bl >>> 0)));
  } else {
    setBig(h, i.rd, pairToBig(h.xl[i.rs1], h.xh[i.rs1]) / pairToBig(bl, bh));
  }
}
export function REM(h: Hart, i: Insn): void {
  const al = h.xl[i.rs1];
  const ah = h.xh[i.rs1];
  const bl = h.xl[i.rs2];
  const bh = h.xh[i.rs2];
  if (bl === 0 && bh === 0) {
    h.xl[i.rd] = al;
    h.xh[i.rd] = ah;
  } else if (isW(al, ah) && isW(bl, bh)) {
    setW(h, i.rd, al % bl | 0);
  } else if (isSafe(ah) && isSafe(bh)) {
    h.setRegNumber(i.rd, (ah * TWO32 + (al >>> 0)) % (bh * TWO32 + (bl >>> 0)));
  } else {
    const a = pairToSignedBig(al, ah);
    const b = pairToSignedBig(bl, bh);
    setBig(h, i.rd, b === -1n ? 0n : a % b);
  }
}
export function REMU(h: Hart, i: Insn): void {
  const al = h.xl[i.rs1];
  const ah = h.xh[i.rs1];
  const bl = h.xl[i.rs2];
  const bh = h.xh[i.rs2];
  if (bl === 0 && bh === 0) {
    h.xl[i.rd] = al;
    h.xh[i.rd] = ah;
  } else if (ah === 0 && bh === 0) {
    h.xl[i.rd] = (al >>> 0) % (bl >>> 0);
    h.xh[i.rd] = 0;
  } else if (isSafeUnsigned(ah) && isSafeUnsigned(bh)) {
    h.setRegNumber(i.rd, (ah * TWO32 + (al >>> 0)) % (bh * TWO32 + (bl >>> 0)));
  } else {
    setBig(h, i.rd, pairToBig(al, ah) % pairToBig(bl, bh));
  }
}
export function MULW(h: Hart, i: Insn): void {
  setW(h, i.rd, Math.imul(h.xl[i.rs1], h.xl[i.rs2]));
}
export function DIVW(h: Hart, i: Insn): void {
  const a = h.xl[i.rs1];
  const b = h.xl[i.rs2];
  if (b === 0) setW(h, i.rd, -1);
  else if (a === -0x80000000 && b === -1) setW(h, i.rd, a);
  else setW(h, i.rd, (a / b) | 0);
}
export function DIVUW(h: Hart, i: Insn): void {
  const a = h.xl[i.rs1] >>> 0;
  const b = h.xl[i.rs2] >>> 0;
  setW(h, i.rd, b === 0 ? -1 : Math.floor(a / b) | 0);
}
export function REMW(h: Hart, i: Insn): void {
  const a = h.xl[i.rs1];
  const b = h.xl[i.rs2];
  if (b === 0) setW(h, i.rd, a);
  else if (a === -0x80000000 && b === -1) setW(h, i.rd, 0);
  else setW(h, i.rd, a % b | 0);
}
export function REMUW(h: Hart, i: Insn): void {
  const a = h.xl[i.rs1] >>> 0;
  const b = h.xl[i.rs2] >>> 0;
  setW(h, i.rd, b === 0 ? a | 0 : (a % b) | 0);
}
