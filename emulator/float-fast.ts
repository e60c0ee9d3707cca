// Fast paths for the common float cases, on JS numbers instead of softfloat.ts's bigints.
// A JS double operation is IEEE round-to-nearest-even, and the exact error of a sum,
// product, quotient or square root is itself computable in doubles (TwoSum; Dekker's
// product with Veltkamp's split; the residual a - q·b), so the inexact flag and the
// directed rounding modes follow from the error's sign. Singles are exact in doubles for
// sums without cancellation of distant exponents and for products, and a double
// quotient or square root rounded once more to single is correctly rounded (53 ≥ 2·24 + 2).
// Each function returns the result, or null when its operands or result are outside the
// range where these arguments hold (NaNs, infinities, overflow, the subnormal range,
// round-to-nearest-away ties): the caller then takes the exact softfloat path.

import { Flag, Rm } from './softfloat.js';

/** Flags raised by the last successful fast operation. */
export let fastFlags = 0;

const LOW = 2 ** -969;
const HIGH = 2 ** 995;
const SPLIT = 134217729; // 2^27 + 1
const MIN_NORMAL_S = 2 ** -126;
const MAX_S = 3.4028234663852886e38;

const bits = new Float64Array(1);
const words = new Int32Array(bits.buffer);
const single = new Float32Array(1);
const singleWord = new Int32Array(single.buffer);

/** The exact error of a·b - RN(a·b) (Dekker), valid when |a|, |b| < 2^995 and |a·b| > 2^-969. */
function productError(a: number, b: number, p: number): number {
  let c = SPLIT * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = SPLIT * b;
  const bh = c - (c - b);
  const bl = b - bh;
  return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

/** One ulp up or down from a nonzero double well inside the normal range. */
function step(r: number, up: boolean): number {
  bits[0] = r;
  const away = up === r > 0;
  const lo = words[0]!;
  if (away) {
    words[0] = (lo + 1) | 0;
    if (lo === -1) words[1] = (words[1]! + 1) | 0;
  } else {
    words[0] = (lo - 1) | 0;
    if (lo === 0) words[1] = (words[1]! - 1) | 0;
  }
  return bits[0];
}

/** Round the exact value r + err (err's sign is all that matters) by `rm`. */
function finish(r: number, err: number, rm: number): number | null {
  if (err === 0) {
    fastFlags = 0;
    return r;
  }
  fastFlags = Flag.NX;
  switch (rm) {
    case Rm.RNE: return r;
    case Rm.RTZ: return err > 0 === r > 0 ? r : step(r, err > 0);
    case Rm.RDN: return err < 0 ? step(r, false) : r;
    case Rm.RUP: return err > 0 ? step(r, true) : r;
    default: return null;
  }
}

const safe = (x: number): boolean => {
  const m = Math.abs(x);
  return m > LOW && m < HIGH;
};

export function addD(a: number, b: number, rm: number): number | null {
  const s = a + b;
  if (s === 0) {
    // Exact cancellation: RDN gives -0 (IEEE 754 §6.3), JS gives +0.
    if (rm === Rm.RDN || a !== a || b !== b) return null;
    fastFlags = 0;
    return s;
  }
  if (!safe(s) || !(Math.abs(a) < HIGH) || !(Math.abs(b) < HIGH)) return null;
  const bb = s - a;
  return finish(s, (a - (s - bb)) + (b - bb), rm);
}

export function mulD(a: number, b: number, rm: number): number | null {
  const p = a * b;
  if (p === 0 && (a === 0 || b === 0) && Number.isFinite(a) && Number.isFinite(b)) {
    fastFlags = 0;
    return p;
  }
  if (!safe(p) || !safe(a) || !safe(b)) return null;
  return finish(p, productError(a, b, p), rm);
}

export function divD(a: number, b: number, rm: number): number | null {
  if (a === 0 && safe(b)) {
    fastFlags = 0;
    return a / b;
  }
  const q = a / b;
  if (!safe(q) || !safe(a) || !safe(b)) return null;
  const ph = q * b;
  const remainder = (a - ph) - productError(q, b, ph);
  return finish(q, b > 0 ? remainder : -remainder, rm);
}

export function sqrtD(a: number, rm: number): number | null {
  if (!safe(a) || a < 0) return null;
  const s = Math.sqrt(a);
  const ph = s * s;
  return finish(s, (a - ph) - productError(s, s, ph), rm);
}

/** Round an exact double to single, round-to-nearest-even only; normal results only. */
function toSingle(exact: number, rm: number): number | null {
  if (rm !== Rm.RNE) return null;
  const f = Math.fround(exact);
  const m = Math.abs(exact);
  if (!(m >= MIN_NORMAL_S && Math.abs(f) <= MAX_S)) return exact === 0 ? ((fastFlags = 0), exact) : null;
  fastFlags = f === exact ? 0 : Flag.NX;
  return f;
}

export function addS(a: number, b: number, rm: number): number | null {
  const s = a + b;
  const bb = s - a;
  if ((a - (s - bb)) + (b - bb) !== 0 || !Number.isFinite(s)) return null;
  if (s === 0 && rm === Rm.RDN) return null;
  return toSingle(s, rm);
}

export function mulS(a: number, b: number, rm: number): number | null {
  const p = a * b; // 24 × 24 bits: exact in a double
  return Number.isFinite(p) ? toSingle(p, rm) : null;
}

export function divS(a: number, b: number, rm: number): number | null {
  if (b === 0 || !Number.isFinite(a) || !Number.isFinite(b)) return null;
  const f = toSingle(a / b, rm);
  if (f === null || f === 0) return f;
  fastFlags = f * b === a ? 0 : Flag.NX; // f·b is exact in a double
  return f;
}

export function sqrtS(a: number, rm: number): number | null {
  if (!(a > 0) || !Number.isFinite(a)) return null;
  const f = toSingle(Math.sqrt(a), rm);
  if (f === null) return null;
  fastFlags = f * f === a ? 0 : Flag.NX;
  return f;
}

/** Register pair <-> number conversions, through one shared buffer. */
export function pairToDouble(lo: number, hi: number): number {
  words[0] = lo;
  words[1] = hi;
  return bits[0];
}
export function doubleLo(x: number): number {
  bits[0] = x;
  return words[0]!;
}
export function doubleHi(x: number): number {
  bits[0] = x;
  return words[1]!;
}
export function wordToSingle(w: number): number {
  singleWord[0] = w;
  return single[0];
}
export function singleToWord(x: number): number {
  single[0] = x;
  return singleWord[0]!;
}

/** Rounds a double with |x| < 2^52 to an integer by `rm` (the fractional part x - floor(x) is exact). */
export function roundToInteger(x: number, rm: number): number {
  switch (rm) {
    case Rm.RTZ: return Math.trunc(x);
    case Rm.RDN: return Math.floor(x);
    case Rm.RUP: return Math.ceil(x);
    case Rm.RMM: {
      // x - trunc(x) is exact; x + 0.5 is not (0.49999999999999994 + 0.5 rounds to 1).
      const t = Math.trunc(x);
      return Math.abs(x - t) >= 0.5 ? t + Math.sign(x) : t;
    }
    default: {
      const f = Math.floor(x);
      const diff = x - f;
      return diff < 0.5 ? f : diff > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
    }
  }
}

/** fma when the product is exact (then a·b + c needs one rounding of an exact sum). */
export function fusedD(a: number, b: number, c: number, rm: number): number | null {
  const p = a * b;
  if (!safe(p) || !safe(a) || !safe(b) || productError(a, b, p) !== 0) return null;
  return addD(p, c, rm);
}

/** fcvt.s.d in the normal single range, round-to-nearest-even. */
export function narrow(x: number, rm: number): number | null {
  return toSingle(x, rm);
}
