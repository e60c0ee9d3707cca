// 64-bit integer helpers over the (lo, hi) Int32 pair representation the hart uses for
// every register (see README "Register representation"). Only multiply-high and the
// 64-bit divisions fall back to BigInt: they are rare in real code and exactness there
// matters more than speed.

const TWO32 = 4294967296;

// The monitor converts registers and addresses on every call: values below 2^53 (nearly
// all of them) convert through one exact JS number instead of several bigint operations.
const SAFE_HI = 0x200000;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;

/** The unsigned 64-bit bigint for a (lo, hi) pair. */
export function pairToBig(lo: number, hi: number): bigint {
  if (hi >= 0 && hi < SAFE_HI) return BigInt(hi * TWO32 + (lo >>> 0));
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** The signed 64-bit bigint for a (lo, hi) pair. */
export function pairToSignedBig(lo: number, hi: number): bigint {
  return (BigInt(hi | 0) << 32n) | BigInt(lo >>> 0);
}

/** Low 32 bits (as int32) of a bigint taken modulo 2^64. */
export function bigLo(v: bigint): number {
  if (v >= MIN_SAFE && v <= MAX_SAFE) return Number(v) | 0;
  return Number(BigInt.asIntN(32, v));
}

/** High 32 bits (as int32) of a bigint taken modulo 2^64. */
export function bigHi(v: bigint): number {
  if (v >= MIN_SAFE && v <= MAX_SAFE) return Math.floor(Number(v) / TWO32) | 0;
  return Number(BigInt.asIntN(32, v >> 32n));
}

/** High 32 bits of the unsigned 64-bit product of two unsigned 32-bit values. */
export function mulhu32(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const mid = a1 * b0 + a0 * b1 + Math.floor((a0 * b0) / 65536);
  return (a1 * b1 + Math.floor(mid / 65536)) | 0;
}

/** A signed 64-bit value as a JS number when exactly representable, else NaN. */
export function pairToNumber(lo: number, hi: number): number {
  if (hi >= -0x200000 && hi < 0x200000) return hi * TWO32 + (lo >>> 0);
  return NaN;
}

/** The (lo, hi) pair of a signed JS integer number (|v| < 2^53). */
export function numberHi(v: number): number {
  return Math.floor(v / TWO32) | 0;
}

export const U64_MASK = (1n << 64n) - 1n;
