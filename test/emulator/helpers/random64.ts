// Seeded 64-bit randomness for emulator tests: the same cases from the same seed on every host.

/** xorshift64* (Marsaglia, Vigna): a stream of 64-bit values from a seed (0 is taken as 1). */
export function random64(seed: bigint): () => bigint {
  let s = seed || 1n;
  return () => {
    s ^= s >> 12n;
    s ^= (s << 25n) & 0xffff_ffff_ffff_ffffn;
    s ^= s >> 27n;
    return (s * 0x2545f4914f6cdd1dn) & 0xffff_ffff_ffff_ffffn;
  };
}
