// The A extension (unprivileged spec v20191213 ch. 8): LR/SC with a single reservation and
// the AMOs. Harts take turns (scheduler.ts) and an instruction never spans two turns, so
// every AMO is atomic across harts; a store by another hart to the reserved doubleword
// breaks the reservation (hart-group.ts). Misaligned LR/SC/AMOs raise address-misaligned
// exceptions (we do not emulate them, §8.4 allows either).

import type { Hart } from './hart.js';
import type { Insn } from './insn.js';
import { Access, Exc } from './trap-cause.js';
import { bigLo, bigHi } from './int64.js';

/** Translates rs1 for an atomic access of `size` bytes; returns the physical address. */
function atomicAddress(h: Hart, i: Insn, size: number, access: 0 | 1): number {
  const lo = h.xl[i.rs1];
  const hi = h.xh[i.rs1];
  if (lo & (size - 1)) h.raise(access === Access.READ ? Exc.LOAD_MISALIGNED : Exc.STORE_MISALIGNED, lo, hi);
  return h.translate(lo, hi, access, size);
}

/** Reads `size` bytes at a translated physical address: low word returned, high in h.rh. */
function physLoad(h: Hart, i: Insn, pa: number, size: number, cause: number): number {
  const v = h.bus.read(pa, size);
  if (v === undefined) return h.raise(cause, h.xl[i.rs1], h.xh[i.rs1]);
  h.rh = size === 8 ? bigHi(v) : bigLo(v) >> 31;
  return bigLo(v);
}

function physStore(h: Hart, i: Insn, pa: number, size: number, lo: number, hi: number): void {
  if (!h.physStore(pa, size, lo, hi)) h.raise(Exc.STORE_ACCESS, h.xl[i.rs1], h.xh[i.rs1]);
}

function lr(h: Hart, i: Insn, size: number): void {
  const pa = atomicAddress(h, i, size, Access.READ);
  const lo = physLoad(h, i, pa, size, Exc.LOAD_ACCESS);
  h.reserve(pa);
  h.xl[i.rd] = lo;
  h.xh[i.rd] = h.rh;
}

function sc(h: Hart, i: Insn, size: number): void {
  const pa = atomicAddress(h, i, size, Access.WRITE);
  const ok = h.reservation === pa;
  h.reservation = -1;
  if (ok) physStore(h, i, pa, size, h.xl[i.rs2], h.xh[i.rs2]);
  h.xl[i.rd] = ok ? 0 : 1;
  h.xh[i.rd] = 0;
}

export const LR_W = (h: Hart, i: Insn): void => lr(h, i, 4);
export const LR_D = (h: Hart, i: Insn): void => lr(h, i, 8);
export const SC_W = (h: Hart, i: Insn): void => sc(h, i, 4);
export const SC_D = (h: Hart, i: Insn): void => sc(h, i, 8);

type Combine = (alo: number, ahi: number, blo: number, bhi: number) => [number, number];

const add: Combine = (alo, ahi, blo, bhi) => {
  const lo = (alo + blo) | 0;
  return [lo, (ahi + bhi + ((lo >>> 0) < (alo >>> 0) ? 1 : 0)) | 0];
};
const lessSigned = (alo: number, ahi: number, blo: number, bhi: number): boolean =>
  ahi < bhi || (ahi === bhi && alo >>> 0 < blo >>> 0);
const lessUnsigned = (alo: number, ahi: number, blo: number, bhi: number): boolean =>
  ahi >>> 0 < bhi >>> 0 || (ahi === bhi && alo >>> 0 < blo >>> 0);

const combines: Record<string, Combine> = {
  swap: (_a, _b, blo, bhi) => [blo, bhi],
  add,
  xor: (alo, ahi, blo, bhi) => [alo ^ blo, ahi ^ bhi],
  and: (alo, ahi, blo, bhi) => [alo & blo, ahi & bhi],
  or: (alo, ahi, blo, bhi) => [alo | blo, ahi | bhi],
  min: (alo, ahi, blo, bhi) => (lessSigned(alo, ahi, blo, bhi) ? [alo, ahi] : [blo, bhi]),
  max: (alo, ahi, blo, bhi) => (lessSigned(alo, ahi, blo, bhi) ? [blo, bhi] : [alo, ahi]),
  minu: (alo, ahi, blo, bhi) => (lessUnsigned(alo, ahi, blo, bhi) ? [alo, ahi] : [blo, bhi]),
  maxu: (alo, ahi, blo, bhi) => (lessUnsigned(alo, ahi, blo, bhi) ? [blo, bhi] : [alo, ahi]),
};

/** AMO<op>.W works on sign-extended words (so unsigned min/max compare zero-extended ones). */
function amo(op: Combine, size: 4 | 8, unsignedWord: boolean) {
  return (h: Hart, i: Insn): void => {
    const pa = atomicAddress(h, i, size, Access.WRITE);
    const oldLo = physLoad(h, i, pa, size, Exc.STORE_ACCESS);
    const oldHi = h.rh;
    const srcLo = h.xl[i.rs2];
    const srcHi = size === 8 ? h.xh[i.rs2] : srcLo >> 31;
    const [lo, hi] = unsignedWord && size === 4 ? op(oldLo, 0, srcLo, 0) : op(oldLo, oldHi, srcLo, srcHi);
    physStore(h, i, pa, size, lo, hi);
    h.xl[i.rd] = oldLo;
    h.xh[i.rd] = oldHi;
  };
}

export const AMOSWAP_W = amo(combines.swap, 4, false);
export const AMOADD_W = amo(combines.add, 4, false);
export const AMOXOR_W = amo(combines.xor, 4, false);
export const AMOAND_W = amo(combines.and, 4, false);
export const AMOOR_W = amo(combines.or, 4, false);
export const AMOMIN_W = amo(combines.min, 4, false);
export const AMOMAX_W = amo(combines.max, 4, false);
export const AMOMINU_W = amo(combines.minu, 4, true);
export const AMOMAXU_W = amo(combines.maxu, 4, true);
export const AMOSWAP_D = amo(combines.swap, 8, false);
export const AMOADD_D = amo(combines.add, 8, false);
export const AMOXOR_D = amo(combines.xor, 8, false);
export const AMOAND_D = amo(combines.and, 8, false);
export const AMOOR_D = amo(combines.or, 8, false);
export const AMOMIN_D = amo(combines.min, 8, false);
export const AMOMAX_D = amo(combines.max, 8, false);
export const AMOMINU_D = amo(combines.minu, 8, true);
export const AMOMAXU_D = amo(combines.maxu, 8, true);
