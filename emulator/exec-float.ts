// F and D execution (unprivileged spec v20191213 ch. 11-12). Float registers are raw
// 64-bit patterns in h.fl / h.fh (lo, hi Int32 pairs); a single-precision value is
// NaN-boxed, its upper 32 bits all ones, and any other pattern reads as the canonical NaN
// (§12.2). The arithmetic is softfloat.ts. Every instruction traps as illegal while
// mstatus.FS is Off, and marks FS Dirty when it writes a float register or fflags
// (privileged spec v1.12 §3.1.6.6). For arithmetic, `imm` holds rm (bits 2:0) and rs3
// (bits 7:3); for loads and stores, the offset.

import type { Hart } from './hart.js';
import type { Handler, Insn } from './insn.js';
import { bigHi, bigLo, pairToBig, pairToSignedBig } from './int64.js';
import { eaHi, eaLo } from './exec-integer.js';
import { MSTATUS_FS } from '../runtime/riscv/csr.js';
import { RM_DYN } from '../runtime/riscv/float-opcodes.js';
import * as SF from './softfloat.js';
import * as Fast from './float-fast.js';

type Format = 's' | 'd';
const FORMAT = { s: SF.F32, d: SF.F64 } as const;
const CANONICAL_S = SF.canonicalNaN(SF.F32);

function requireFpu(h: Hart, i: Insn): void {
  if ((h.mstatus & MSTATUS_FS) === 0) h.illegal(i);
}

function markDirty(h: Hart): void {
  h.mstatus |= MSTATUS_FS;
}

/** The instruction's rounding mode, or frm for DYN; a reserved mode is illegal (§11.2). */
function roundingMode(h: Hart, i: Insn): number {
  const rm = (i.imm & 7) === RM_DYN ? h.frm : i.imm & 7;
  if (rm > SF.Rm.RMM) h.illegal(i);
  return rm;
}

function accrueFlags(h: Hart): void {
  const flags = SF.takeFlags();
  if (flags) {
    h.fflags |= flags;
    markDirty(h);
  }
}

function read(h: Hart, r: number, fmt: Format): bigint {
  if (fmt === 'd') return pairToBig(h.fl[r], h.fh[r]);
  return h.fh[r] === -1 ? BigInt(h.fl[r] >>> 0) : CANONICAL_S;
}

function write(h: Hart, r: number, fmt: Format, bits: bigint): void {
  if (fmt === 'd') {
    h.fl[r] = bigLo(bits);
    h.fh[r] = bigHi(bits);
  } else {
    h.fl[r] = Number(bits) | 0;
    h.fh[r] = -1;
  }
  markDirty(h);
}

function writeX(h: Hart, rd: number, v: bigint): void {
  h.xl[rd] = bigLo(v);
  h.xh[rd] = bigHi(v);
}

const rs3 = (i: Insn): number => i.imm >>> 3;

// ---- loads and stores (§11.5, §12.3): raw bits, no NaN checks ----

export function FLW(h: Hart, i: Insn): void {
  requireFpu(h, i);
  const lo = eaLo(h, i);
  h.fl[i.rd] = h.ld32(lo, eaHi(h, i, lo));
  h.fh[i.rd] = -1;
  markDirty(h);
}
export function FLD(h: Hart, i: Insn): void {
  requireFpu(h, i);
  const lo = eaLo(h, i);
  h.fl[i.rd] = h.ld64(lo, eaHi(h, i, lo));
  h.fh[i.rd] = h.rh;
  markDirty(h);
}
export function FSW(h: Hart, i: Insn): void {
  requireFpu(h, i);
  const lo = eaLo(h, i);
  h.st32(lo, eaHi(h, i, lo), h.fl[i.rs2]);
}
export function FSD(h: Hart, i: Insn): void {
  requireFpu(h, i);
  const lo = eaLo(h, i);
  h.st64(lo, eaHi(h, i, lo), h.fl[i.rs2], h.fh[i.rs2]);
}

// ---- handler factories, one per operand shape ----

type Binary = (a: bigint, b: bigint, f: SF.FloatFormat, rm: number) => bigint;
type FastBinary = (a: number, b: number, rm: number) => number | null;

/** A register as a JS number: a double, or a properly boxed single (else NaN, which no fast path takes). */
function readNumber(h: Hart, r: number, fmt: Format): number {
  if (fmt === 'd') return Fast.pairToDouble(h.fl[r], h.fh[r]);
  return h.fh[r] === -1 ? Fast.wordToSingle(h.fl[r]) : NaN;
}

/** Writes a fast-path result and the flags it raised. */
function writeNumber(h: Hart, r: number, fmt: Format, x: number, flags: number): void {
  if (fmt === 'd') {
    h.fl[r] = Fast.doubleLo(x);
    h.fh[r] = Fast.doubleHi(x);
  } else {
    h.fl[r] = Fast.singleToWord(x);
    h.fh[r] = -1;
  }
  markDirty(h);
  h.fflags |= flags;
}

function binary(fmt: Format, op: Binary, fast: FastBinary): Handler {
  return (h, i) => {
    requireFpu(h, i);
    const rm = roundingMode(h, i);
    const quick = fast(readNumber(h, i.rs1, fmt), readNumber(h, i.rs2, fmt), rm);
    if (quick !== null) return writeNumber(h, i.rd, fmt, quick, Fast.fastFlags);
    write(h, i.rd, fmt, op(read(h, i.rs1, fmt), read(h, i.rs2, fmt), FORMAT[fmt], rm));
    accrueFlags(h);
  };
}

function fused(fmt: Format, negateProduct: boolean, negateAddend: boolean): Handler {
  return (h, i) => {
    requireFpu(h, i);
    const rm = roundingMode(h, i);
    if (fmt === 'd') {
      const a = readNumber(h, i.rs1, fmt);
      const c = readNumber(h, rs3(i), fmt);
      const quick = Fast.fusedD(negateProduct ? -a : a, readNumber(h, i.rs2, fmt), negateAddend ? -c : c, rm);
      if (quick !== null) return writeNumber(h, i.rd, fmt, quick, Fast.fastFlags);
    }
    const r = SF.fma(read(h, i.rs1, fmt), read(h, i.rs2, fmt), read(h, rs3(i), fmt), negateProduct, negateAddend, FORMAT[fmt], rm);
    write(h, i.rd, fmt, r);
    accrueFlags(h);
  };
}

function squareRoot(fmt: Format): Handler {
  const fast = fmt === 'd' ? Fast.sqrtD : Fast.sqrtS;
  return (h, i) => {
    requireFpu(h, i);
    const rm = roundingMode(h, i);
    const quick = fast(readNumber(h, i.rs1, fmt), rm);
    if (quick !== null) return writeNumber(h, i.rd, fmt, quick, Fast.fastFlags);
    write(h, i.rd, fmt, SF.sqrt(read(h, i.rs1, fmt), FORMAT[fmt], rm));
    accrueFlags(h);
  };
}

/** FSGNJ, FSGNJN, FSGNJX (§11.6): sign injection on the (unboxed) bit patterns, no flags. */
function signInject(fmt: Format, how: 'j' | 'n' | 'x'): Handler {
  const signBit = fmt === 'd' ? 1n << 63n : 1n << 31n;
  const word = (h: Hart, r: number): number => (fmt === 'd' ? h.fh[r] : h.fl[r]);
  return (h, i) => {
    requireFpu(h, i);
    // The sign bit is bit 31 of the high word (double) or of the low word (boxed single).
    if (fmt === 'd' || (h.fh[i.rs1] === -1 && h.fh[i.rs2] === -1)) {
      const a = word(h, i.rs1);
      const b = word(h, i.rs2) & 0x80000000;
      const sign = how === 'j' ? b : how === 'n' ? b ^ 0x80000000 : (a & 0x80000000) ^ b;
      const lo = h.fl[i.rs1];
      if (fmt === 'd') {
        h.fl[i.rd] = lo;
        h.fh[i.rd] = (a & 0x7fffffff) | sign;
      } else {
        h.fl[i.rd] = (a & 0x7fffffff) | sign;
        h.fh[i.rd] = -1;
      }
      return markDirty(h);
    }
    const a = read(h, i.rs1, fmt);
    const b = read(h, i.rs2, fmt) & signBit;
    const sign = how === 'j' ? b : how === 'n' ? b ^ signBit : (a & signBit) ^ b;
    write(h, i.rd, fmt, (a & ~signBit) | sign);
  };
}

function minMax(fmt: Format, max: boolean): Handler {
  return (h, i) => {
    requireFpu(h, i);
    const a = readNumber(h, i.rs1, fmt);
    const b = readNumber(h, i.rs2, fmt);
    // Math.min/max order -0 below +0 as §11.6 does; NaNs take the exact path.
    if (a === a && b === b) return writeNumber(h, i.rd, fmt, max ? Math.max(a, b) : Math.min(a, b), 0);
    write(h, i.rd, fmt, SF.minMax(read(h, i.rs1, fmt), read(h, i.rs2, fmt), FORMAT[fmt], max));
    accrueFlags(h);
  };
}

function compare(fmt: Format, op: 'eq' | 'lt' | 'le'): Handler {
  return (h, i) => {
    requireFpu(h, i);
    const a = readNumber(h, i.rs1, fmt);
    const b = readNumber(h, i.rs2, fmt);
    if (a === a && b === b) {
      h.xl[i.rd] = (op === 'eq' ? a === b : op === 'lt' ? a < b : a <= b) ? 1 : 0;
      h.xh[i.rd] = 0;
      return;
    }
    const r = SF.compare(read(h, i.rs1, fmt), read(h, i.rs2, fmt), FORMAT[fmt], op);
    h.xl[i.rd] = r ? 1 : 0;
    h.xh[i.rd] = 0;
    accrueFlags(h);
  };
}

function classify(fmt: Format): Handler {
  return (h, i) => {
    requireFpu(h, i);
    h.xl[i.rd] = SF.classify(read(h, i.rs1, fmt), FORMAT[fmt]);
    h.xh[i.rd] = 0;
  };
}

type IntKind = 'w' | 'wu' | 'l' | 'lu';

function toInteger(fmt: Format, kind: IntKind): Handler {
  const bits = kind === 'w' || kind === 'wu' ? 32 : 64;
  const signed = kind === 'w' || kind === 'l';
  const max = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  const min = signed ? -(2 ** (bits - 1)) : 0;
  return (h, i) => {
    requireFpu(h, i);
    const rm = roundingMode(h, i);
    const x = readNumber(h, i.rs1, fmt);
    // In range after rounding: the result is exact as a JS number; out of range saturates (exact path).
    const n = Math.abs(x) < 2 ** 52 ? Fast.roundToInteger(x, rm) : NaN;
    if (n >= min && n <= max) {
      h.xl[i.rd] = n | 0;
      h.xh[i.rd] = bits === 32 ? (n | 0) >> 31 : Math.floor(n / 4294967296) | 0;
      if (n !== x) {
        h.fflags |= SF.Flag.NX;
        markDirty(h);
      }
      return;
    }
    writeX(h, i.rd, SF.toInteger(read(h, i.rs1, fmt), FORMAT[fmt], rm, bits, signed));
    accrueFlags(h);
  };
}

function integerSource(h: Hart, r: number, kind: IntKind): bigint {
  switch (kind) {
    case 'w': return BigInt(h.xl[r]);
    case 'wu': return BigInt(h.xl[r] >>> 0);
    case 'l': return pairToSignedBig(h.xl[r], h.xh[r]);
    case 'lu': return pairToBig(h.xl[r], h.xh[r]);
  }
}

function fromInteger(fmt: Format, kind: IntKind): Handler {
  // Integers below 2^53 (2^24 for singles) convert exactly; hi·2^32 + lo is exact below 2^53 too.
  const exactLimit = fmt === 'd' ? 2 ** 53 - 1 : 2 ** 24;
  return (h, i) => {
    requireFpu(h, i);
    const rm = roundingMode(h, i);
    const lo = h.xl[i.rs1];
    const hi = h.xh[i.rs1];
    const v = kind === 'w' ? lo : kind === 'wu' ? lo >>> 0 : kind === 'l' || hi >= 0 ? hi * 4294967296 + (lo >>> 0) : NaN;
    if (Math.abs(v) <= exactLimit) return writeNumber(h, i.rd, fmt, v, 0);
    write(h, i.rd, fmt, SF.fromInteger(integerSource(h, i.rs1, kind), FORMAT[fmt], rm));
    accrueFlags(h);
  };
}

function convert(from: Format, to: Format): Handler {
  return (h, i) => {
    requireFpu(h, i);
    const rm = roundingMode(h, i);
    const x = readNumber(h, i.rs1, from);
    // Widening is exact; narrowing in RNE is Math.fround within the normal range.
    if (x === x && to === 'd') return writeNumber(h, i.rd, to, x, 0);
    const quick = x === x ? Fast.narrow(x, rm) : null;
    if (quick !== null) return writeNumber(h, i.rd, to, quick, Fast.fastFlags);
    write(h, i.rd, to, SF.convert(read(h, i.rs1, from), FORMAT[from], FORMAT[to], rm));
    accrueFlags(h);
  };
}

// FMV.X.W sign-extends the low 32 bits as they are; FMV.W.X boxes (§11.7, §12.5).
export function FMV_X_W(h: Hart, i: Insn): void {
  requireFpu(h, i);
  h.xl[i.rd] = h.fl[i.rs1];
  h.xh[i.rd] = h.fl[i.rs1] >> 31;
}
export function FMV_X_D(h: Hart, i: Insn): void {
  requireFpu(h, i);
  h.xl[i.rd] = h.fl[i.rs1];
  h.xh[i.rd] = h.fh[i.rs1];
}
export function FMV_W_X(h: Hart, i: Insn): void {
  requireFpu(h, i);
  h.fl[i.rd] = h.xl[i.rs1];
  h.fh[i.rd] = -1;
  markDirty(h);
}
export function FMV_D_X(h: Hart, i: Insn): void {
  requireFpu(h, i);
  h.fl[i.rd] = h.xl[i.rs1];
  h.fh[i.rd] = h.xh[i.rs1];
  markDirty(h);
}

/** Handlers by mnemonic, for every form of runtime/riscv/float-opcodes.ts. */
export const FLOAT_HANDLERS: Readonly<Record<string, Handler>> = (() => {
  const table: Record<string, Handler> = {
    flw: FLW, fld: FLD, fsw: FSW, fsd: FSD,
    'fmv.x.w': FMV_X_W, 'fmv.x.d': FMV_X_D, 'fmv.w.x': FMV_W_X, 'fmv.d.x': FMV_D_X,
    'fcvt.s.d': convert('d', 's'), 'fcvt.d.s': convert('s', 'd'),
  };
  for (const fmt of ['s', 'd'] as const) {
    const d = fmt === 'd';
    const add = d ? Fast.addD : Fast.addS;
    table[`fadd.${fmt}`] = binary(fmt, SF.add, add);
    table[`fsub.${fmt}`] = binary(fmt, SF.sub, (a, b, rm) => add(a, -b, rm));
    table[`fmul.${fmt}`] = binary(fmt, SF.mul, d ? Fast.mulD : Fast.mulS);
    table[`fdiv.${fmt}`] = binary(fmt, SF.div, d ? Fast.divD : Fast.divS);
    table[`fsqrt.${fmt}`] = squareRoot(fmt);
    table[`fmadd.${fmt}`] = fused(fmt, false, false);
    table[`fmsub.${fmt}`] = fused(fmt, false, true);
    table[`fnmsub.${fmt}`] = fused(fmt, true, false);
    table[`fnmadd.${fmt}`] = fused(fmt, true, true);
    table[`fsgnj.${fmt}`] = signInject(fmt, 'j');
    table[`fsgnjn.${fmt}`] = signInject(fmt, 'n');
    table[`fsgnjx.${fmt}`] = signInject(fmt, 'x');
    table[`fmin.${fmt}`] = minMax(fmt, false);
    table[`fmax.${fmt}`] = minMax(fmt, true);
    table[`feq.${fmt}`] = compare(fmt, 'eq');
    table[`flt.${fmt}`] = compare(fmt, 'lt');
    table[`fle.${fmt}`] = compare(fmt, 'le');
    table[`fclass.${fmt}`] = classify(fmt);
    for (const kind of ['w', 'wu', 'l', 'lu'] as const) {
      table[`fcvt.${kind}.${fmt}`] = toInteger(fmt, kind);
      table[`fcvt.${fmt}.${kind}`] = fromInteger(fmt, kind);
    }
  }
  return table;
})();
