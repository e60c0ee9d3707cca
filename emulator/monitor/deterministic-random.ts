// A seeded xorshift64* stream: GETRANDOM answers the same bytes on every run, so a run
// is reproducible (DESIGN §5: deterministic by default).
export class DeterministicRandom {
  constructor(private state: bigint) {}

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i += 8) {
      let x = this.state;
      x ^= x >> 12n;
      x ^= (x << 25n) & 0xffff_ffff_ffff_ffffn;
      x ^= x >> 27n;
      this.state = x;
      const word = (x * 0x2545f4914f6cdd1dn) & 0xffff_ffff_ffff_ffffn;
      for (let j = 0; j < 8 && i + j < length; j++) out[i + j] = Number((word >> BigInt(8 * j)) & 0xffn);
    }
    return out;
  }
}
