// IEEE 754-2008 binary32/binary64 arithmetic as RISC-V's F and D extensions define it
// (unprivileged spec v20191213 ch. 11-12): every operation computes the exact result as a
// bigint significand and exponent, then rounds once, in any of the five rounding modes,
// raising the five exception flags. Tininess is detected after rounding (§11.2 allows
// either; RISC-V implementations, qemu's included, detect it after). Any NaN result is the
// canonical NaN (§11.3). Values cross this interface as raw bit patterns (bigint), so
// signalling NaNs and payloads are never touched by JS number conversions.

export interface FloatFormat {
  /** Significand bits including the hidden bit. */
  readonly p: number;
  readonly ebits: number;
  readonly width: number;
}
export const F32: FloatFormat = { p: 24, ebits: 8, width: 32 };
export const F64: FloatFormat = { p: 53, ebits: 11, width: 64 };

/** fflags bits (§11.2, table 11.2). */
export const Flag = { NX: 1, UF: 2, OF: 4, DZ: 8, NV: 16 } as const;
/** Rounding modes (table 11.1); 7 (DYN) is resolved by the caller. */
export const Rm = { RNE: 0, RTZ: 1, RDN: 2, RUP: 3, RMM: 4 } as const;

/** Flags raised since the last `takeFlags`. */
let raised = 0;
export function takeFlags(): number {
  const f = raised;
  raised = 0;
  return f;
}

const Kind = { Zero: 0, Finite: 1, Inf: 2, QNaN: 3, SNaN: 4 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

interface Unpacked {
  kind: Kind;
  sign: number;
  /** value = m * 2^e for Finite. */
  m: bigint;
  e: number;
}

const bias = (f: FloatFormat): number => (1 << (f.ebits - 1)) - 1;
const expMax = (f: FloatFormat): number => (1 << f.ebits) - 1;
const signBit = (f: FloatFormat): bigint => 1n << BigInt(f.width - 1);

export function canonicalNaN(f: FloatFormat): bigint {
  return (BigInt(expMax(f)) << BigInt(f.p - 1)) | (1n << BigInt(f.p - 2));
}

function unpack(bits: bigint, f: FloatFormat): Unpacked {
  const fracBits = f.p - 1;
  const sign = Number((bits >> BigInt(f.width - 1)) & 1n);
  const exp = Number((bits >> BigInt(fracBits)) & BigInt(expMax(f)));
  const frac = bits & ((1n << BigInt(fracBits)) - 1n);
  const emin = 1 - bias(f);
  if (exp === expMax(f)) {
    if (frac === 0n) return { kind: Kind.Inf, sign, m: 0n, e: 0 };
    return { kind: frac >> BigInt(fracBits - 1) ? Kind.QNaN : Kind.SNaN, sign, m: 0n, e: 0 };
  }
  if (exp === 0) return frac === 0n ? { kind: Kind.Zero, sign, m: 0n, e: 0 } : { kind: Kind.Finite, sign, m: frac, e: emin - fracBits };
  return { kind: Kind.Finite, sign, m: frac | (1n << BigInt(fracBits)), e: exp - bias(f) - fracBits };
}

const isNaN_ = (u: Unpacked): boolean => u.kind === Kind.QNaN || u.kind === Kind.SNaN;

function zero(sign: number, f: FloatFormat): bigint {
  return sign ? signBit(f) : 0n;
}
function infinity(sign: number, f: FloatFormat): bigint {
  return zero(sign, f) | (BigInt(expMax(f)) << BigInt(f.p - 1));
}
function maxFinite(sign: number, f: FloatFormat): bigint {
  return infinity(sign, f) - 1n;
}

function bitLength(m: bigint): number {
  return m.toString(2).length;
}

/** The integer m * 2^(e - lsb) rounded by `rm` (sticky: nonzero bits below m's lowest). */
function roundAt(sign: number, m: bigint, e: number, sticky: boolean, lsb: number, rm: number): { q: bigint; inexact: boolean } {
  const shift = lsb - e;
  let q: bigint;
  let cmp: number; // the discarded part against half an lsb
  let inexact: boolean;
  if (shift <= 0) {
    q = m << BigInt(-shift);
    inexact = sticky;
    cmp = -1;
  } else {
    const s = BigInt(shift);
    q = m >> s;
    const rem = m & ((1n << s) - 1n);
    const half = 1n << (s - 1n);
    inexact = rem !== 0n || sticky;
    cmp = rem > half ? 1 : rem < half ? -1 : sticky ? 1 : 0;
  }
  if (inexact) {
    let up: boolean;
    switch (rm) {
      case Rm.RNE: up = cmp > 0 || (cmp === 0 && (q & 1n) === 1n); break;
      case Rm.RMM: up = cmp >= 0; break;
      case Rm.RDN: up = sign === 1; break;
      case Rm.RUP: up = sign === 0; break;
      default: up = false;
    }
    if (up) q += 1n;
  }
  return { q, inexact };
}

/** Rounds ±m·2^e (m > 0, plus a sticky remainder) to format f: the one rounding of every operation. */
function round(sign: number, m: bigint, e: number, sticky: boolean, f: FloatFormat, rm: number): bigint {
  const p = f.p;
  const emin = 1 - bias(f);
  const top = e + bitLength(m) - 1;
  let lsb = Math.max(top, emin) - (p - 1);
  let { q, inexact } = roundAt(sign, m, e, sticky, lsb, rm);
  if (q >> BigInt(p)) {
    q >>= 1n;
    lsb += 1;
  }
  if (inexact) {
    raised |= Flag.NX;
    // Tiny after rounding: the result rounded to p bits with an unbounded exponent is below 2^emin.
    if (top < emin) {
      const unbounded = top === emin - 1 ? roundAt(sign, m, e, sticky, top - (p - 1), rm).q : 0n;
      if (!(unbounded >> BigInt(p))) raised |= Flag.UF;
    }
  }
  const normal = (q >> BigInt(p - 1)) !== 0n;
  const biased = normal ? lsb + (p - 1) + bias(f) : 0;
  if (biased >= expMax(f)) {
    raised |= Flag.OF | Flag.NX;
    const toInf = rm === Rm.RNE || rm === Rm.RMM || (rm === Rm.RDN && sign === 1) || (rm === Rm.RUP && sign === 0);
    return toInf ? infinity(sign, f) : maxFinite(sign, f);
  }
  const frac = q & ((1n << BigInt(p - 1)) - 1n);
  return zero(sign, f) | (BigInt(biased) << BigInt(p - 1)) | frac;
}

function withSign(bits: bigint, sign: number, f: FloatFormat): bigint {
  return (bits & ~signBit(f)) | zero(sign, f);
}

/** NaN in, canonical NaN out; NV when any input is signalling. */
function nanResult(f: FloatFormat, ...us: Unpacked[]): bigint {
  if (us.some((u) => u.kind === Kind.SNaN)) raised |= Flag.NV;
  return canonicalNaN(f);
}
function invalid(f: FloatFormat): bigint {
  raised |= Flag.NV;
  return canonicalNaN(f);
}

/** ±a·2^ea + ±b·2^eb, exact, then rounded; exact zero follows IEEE 754 §6.3. */
function addExact(sa: number, ma: bigint, ea: number, sb: number, mb: bigint, eb: number, f: FloatFormat, rm: number): bigint {
  const e = Math.min(ea, eb);
  const a = (ma << BigInt(ea - e)) * (sa ? -1n : 1n);
  const b = (mb << BigInt(eb - e)) * (sb ? -1n : 1n);
  const sum = a + b;
  if (sum === 0n) return zero(rm === Rm.RDN ? 1 : 0, f);
  return sum < 0n ? round(1, -sum, e, false, f, rm) : round(0, sum, e, false, f, rm);
}

export function add(a: bigint, b: bigint, f: FloatFormat, rm: number): bigint {
  const x = unpack(a, f);
  const y = unpack(b, f);
  if (isNaN_(x) || isNaN_(y)) return nanResult(f, x, y);
  if (x.kind === Kind.Inf) return y.kind === Kind.Inf && x.sign !== y.sign ? invalid(f) : a;
  if (y.kind === Kind.Inf) return b;
  if (x.kind === Kind.Zero && y.kind === Kind.Zero) return x.sign === y.sign ? a : zero(rm === Rm.RDN ? 1 : 0, f);
  if (x.kind === Kind.Zero) return b;
  if (y.kind === Kind.Zero) return a;
  return addExact(x.sign, x.m, x.e, y.sign, y.m, y.e, f, rm);
}

export function sub(a: bigint, b: bigint, f: FloatFormat, rm: number): bigint {
  const y = unpack(b, f);
  return add(a, isNaN_(y) ? b : b ^ signBit(f), f, rm);
}

export function mul(a: bigint, b: bigint, f: FloatFormat, rm: number): bigint {
  const x = unpack(a, f);
  const y = unpack(b, f);
  if (isNaN_(x) || isNaN_(y)) return nanResult(f, x, y);
  const sign = x.sign ^ y.sign;
  if (x.kind === Kind.Inf || y.kind === Kind.Inf) {
    return x.kind === Kind.Zero || y.kind === Kind.Zero ? invalid(f) : infinity(sign, f);
  }
  if (x.kind === Kind.Zero || y.kind === Kind.Zero) return zero(sign, f);
  return round(sign, x.m * y.m, x.e + y.e, false, f, rm);
}

export function div(a: bigint, b: bigint, f: FloatFormat, rm: number): bigint {
  const x = unpack(a, f);
  const y = unpack(b, f);
  if (isNaN_(x) || isNaN_(y)) return nanResult(f, x, y);
  const sign = x.sign ^ y.sign;
  if (x.kind === Kind.Inf) return y.kind === Kind.Inf ? invalid(f) : infinity(sign, f);
  if (y.kind === Kind.Inf) return zero(sign, f);
  if (y.kind === Kind.Zero) {
    if (x.kind === Kind.Zero) return invalid(f);
    raised |= Flag.DZ;
    return infinity(sign, f);
  }
  if (x.kind === Kind.Zero) return zero(sign, f);
  // A quotient of at least p + 2 bits; the remainder only needs to be known nonzero.
  const k = Math.max(0, f.p + 2 + bitLength(y.m) - bitLength(x.m));
  const num = x.m << BigInt(k);
  const q = num / y.m;
  return round(sign, q, x.e - y.e - k, q * y.m !== num, f, rm);
}

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(bitLength(n) / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

export function sqrt(a: bigint, f: FloatFormat, rm: number): bigint {
  const x = unpack(a, f);
  if (isNaN_(x)) return nanResult(f, x);
  if (x.kind === Kind.Zero) return a;
  if (x.sign) return invalid(f);
  if (x.kind === Kind.Inf) return a;
  let m = x.m;
  let e = x.e;
  if (e & 1) {
    m <<= 1n;
    e -= 1;
  }
  const k = Math.max(0, Math.ceil((2 * (f.p + 2) - bitLength(m)) / 2));
  const n = m << BigInt(2 * k);
  const s = isqrt(n);
  return round(0, s, (e - 2 * k) / 2, s * s !== n, f, rm);
}

/** (±a·b) ± c with one rounding (FMADD/FMSUB/FNMSUB/FNMADD, §11.6). */
export function fma(a: bigint, b: bigint, c: bigint, negateProduct: boolean, negateAddend: boolean, f: FloatFormat, rm: number): bigint {
  const x = unpack(a, f);
  const y = unpack(b, f);
  const z = unpack(c, f);
  const infTimesZero = (x.kind === Kind.Inf && y.kind === Kind.Zero) || (x.kind === Kind.Zero && y.kind === Kind.Inf);
  // §11.6: ∞ × 0 raises NV even when the addend is a quiet NaN.
  if (isNaN_(x) || isNaN_(y) || isNaN_(z)) {
    if (infTimesZero) raised |= Flag.NV;
    return nanResult(f, x, y, z);
  }
  if (infTimesZero) return invalid(f);
  const ps = x.sign ^ y.sign ^ (negateProduct ? 1 : 0);
  const cs = z.sign ^ (negateAddend ? 1 : 0);
  if (x.kind === Kind.Inf || y.kind === Kind.Inf) return z.kind === Kind.Inf && cs !== ps ? invalid(f) : infinity(ps, f);
  if (z.kind === Kind.Inf) return infinity(cs, f);
  if (x.kind === Kind.Zero || y.kind === Kind.Zero) {
    if (z.kind === Kind.Zero) return zero(ps === cs ? ps : rm === Rm.RDN ? 1 : 0, f);
    return withSign(c, cs, f);
  }
  if (z.kind === Kind.Zero) return round(ps, x.m * y.m, x.e + y.e, false, f, rm);
  return addExact(ps, x.m * y.m, x.e + y.e, cs, z.m, z.e, f, rm);
}

/** A total order on non-NaN values with -0 below +0. */
function orderKey(bits: bigint, f: FloatFormat): bigint {
  const magnitude = bits & (signBit(f) - 1n);
  return bits & signBit(f) ? -magnitude - 1n : magnitude;
}

/** FMIN/FMAX (§11.6, v2.2 semantics): one NaN gives the other operand; two give the canonical NaN. */
export function minMax(a: bigint, b: bigint, f: FloatFormat, max: boolean): bigint {
  const x = unpack(a, f);
  const y = unpack(b, f);
  if (x.kind === Kind.SNaN || y.kind === Kind.SNaN) raised |= Flag.NV;
  if (isNaN_(x) && isNaN_(y)) return canonicalNaN(f);
  if (isNaN_(x)) return b;
  if (isNaN_(y)) return a;
  const aFirst = orderKey(a, f) < orderKey(b, f);
  return aFirst === max ? b : a;
}

/** FEQ is quiet (NV only for signalling NaNs); FLT and FLE signal on any NaN (§11.8). */
export function compare(a: bigint, b: bigint, f: FloatFormat, op: 'eq' | 'lt' | 'le'): boolean {
  const x = unpack(a, f);
  const y = unpack(b, f);
  if (isNaN_(x) || isNaN_(y)) {
    if (op !== 'eq' || x.kind === Kind.SNaN || y.kind === Kind.SNaN) raised |= Flag.NV;
    return false;
  }
  const bothZero = x.kind === Kind.Zero && y.kind === Kind.Zero;
  const ka = orderKey(a, f);
  const kb = orderKey(b, f);
  if (op === 'eq') return bothZero || ka === kb;
  if (op === 'lt') return !bothZero && ka < kb;
  return bothZero || ka <= kb;
}

/** FCLASS (§11.9, table 11.5): one bit set of ten. */
export function classify(a: bigint, f: FloatFormat): number {
  const x = unpack(a, f);
  switch (x.kind) {
    case Kind.Inf: return x.sign ? 1 << 0 : 1 << 7;
    case Kind.Zero: return x.sign ? 1 << 3 : 1 << 4;
    case Kind.SNaN: return 1 << 8;
    case Kind.QNaN: return 1 << 9;
    default: {
      const subnormal = (x.m >> BigInt(f.p - 1)) === 0n;
      if (x.sign) return subnormal ? 1 << 2 : 1 << 1;
      return subnormal ? 1 << 5 : 1 << 6;
    }
  }
}

/**
 * FCVT.{W,WU,L,LU}.{S,D} (§11.7, table 11.4): round to an integer; NaN and out-of-range
 * values saturate and raise NV (not NX). The result is the 64-bit register value: 32-bit
 * results are sign-extended, the unsigned ones included.
 */
export function toInteger(a: bigint, f: FloatFormat, rm: number, bits: 32 | 64, signed: boolean): bigint {
  const x = unpack(a, f);
  const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
  const min = signed ? -(1n << BigInt(bits - 1)) : 0n;
  let value: bigint;
  if (isNaN_(x)) {
    raised |= Flag.NV;
    value = max;
  } else if (x.kind === Kind.Inf) {
    raised |= Flag.NV;
    value = x.sign ? min : max;
  } else if (x.kind === Kind.Zero) {
    value = 0n;
  } else {
    const { q, inexact } = roundAt(x.sign, x.m, x.e, false, 0, rm);
    const v = x.sign ? -q : q;
    if (v > max || v < min) {
      raised |= Flag.NV;
      value = v > max ? max : min;
    } else {
      if (inexact) raised |= Flag.NX;
      value = v;
    }
  }
  return bits === 32 ? BigInt.asIntN(32, value) : value;
}

/** FCVT.{S,D}.{W,WU,L,LU}: an integer (already sign- or zero-extended) to format f. */
export function fromInteger(v: bigint, f: FloatFormat, rm: number): bigint {
  if (v === 0n) return 0n;
  return v < 0n ? round(1, -v, 0, false, f, rm) : round(0, v, 0, false, f, rm);
}

/** FCVT.S.D and FCVT.D.S: exact when widening, rounded when narrowing. */
export function convert(a: bigint, from: FloatFormat, to: FloatFormat, rm: number): bigint {
  const x = unpack(a, from);
  if (isNaN_(x)) return nanResult(to, x);
  if (x.kind === Kind.Inf) return infinity(x.sign, to);
  if (x.kind === Kind.Zero) return zero(x.sign, to);
  return round(x.sign, x.m, x.e, false, to, rm);
}
