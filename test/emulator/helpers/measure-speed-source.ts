// The CPU-bound C benchmark of scripts/bench/emulator.ts, shared with the block-translation tests.

export const BENCHMARK_C = String.raw`
static unsigned crc_table[256];
static unsigned crc32(const unsigned char *p, long n) { unsigned c = ~0u; while (n--) c = crc_table[(c ^ *p++) & 0xff] ^ (c >> 8); return ~c; }
static long m1[32][32], m2[32][32], m3[32][32];
static char sieve[200000];
int main(int argc, char **argv) {
  int scale = argc > 1 ? argv[1][0] - '0' : 1;
  for (unsigned i = 0; i < 256; i++) { unsigned c = i; for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1; crc_table[i] = c; }
  u64 acc = 0;
  for (int round = 0; round < scale * 3; round++) {
    for (int i = 0; i < 200000; i++) sieve[i] = 1;
    for (int i = 2; i * i < 200000; i++) if (sieve[i]) for (int j = i * i; j < 200000; j += i) sieve[j] = 0;
    for (int i = 0; i < 200000; i++) acc += sieve[i];
    for (int i = 0; i < 32; i++) for (int j = 0; j < 32; j++) { m1[i][j] = i + j + round; m2[i][j] = i - j; }
    for (int i = 0; i < 32; i++) for (int j = 0; j < 32; j++) { long s = 0; for (int k = 0; k < 32; k++) s += m1[i][k] * m2[k][j]; m3[i][j] = s; }
    acc += m3[7][9] + crc32((const unsigned char *)sieve, 200000);
    u64 h = acc; for (int i = 0; i < 100000; i++) { h ^= h << 13; h ^= h >> 7; h ^= h << 17; acc += h % 1000; }
  }
  puthex(acc); puts_("\n");
  return 0;
}`;
