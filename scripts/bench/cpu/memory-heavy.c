// Load/store-heavy workload: byte, halfword, word and doubleword copies, a strided
// transpose, a histogram and a prefix sum over a 256 KiB working set.
#include "shim.h"

#define WORDS 16384
static u64 a[WORDS], b[WORDS];
static u32 hist[256];
static u16 half[WORDS];

int main(int argc, char **argv) {
  u64 iterations = argc > 1 ? parse_u64(argv[1]) : 10;
  u64 x = 0x9e3779b97f4a7c15ull;
  for (int i = 0; i < WORDS; i++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; a[i] = x; }
  u64 sum = 0;
  for (u64 it = 0; it < iterations; it++) {
    for (int i = 0; i < WORDS; i++) b[i] = a[i] + it;
    // transpose a 128x128 block of doublewords
    for (int r = 0; r < 128; r++)
      for (int c = 0; c < 128; c++) a[c * 128 + r] = b[r * 128 + c] ^ (u64)r;
    const u8 *bytes = (const u8 *)a;
    for (int i = 0; i < WORDS * 8; i += 3) hist[bytes[i]]++;
    for (int i = 0; i < WORDS; i++) half[i] = (u16)(a[i] >> 16);
    u32 *w = (u32 *)b;
    for (int i = 1; i < WORDS * 2; i++) w[i] += w[i - 1] + half[i & (WORDS - 1)];
    for (int i = 0; i < 256; i++) sum += hist[i] * (u64)(i + 1);
    sum ^= b[it & (WORDS - 1)];
  }
  put_str("memory-heavy iterations ");
  put_u64(iterations);
  put_str(" sum ");
  put_hex(sum);
  put_str("\n");
  return 0;
}
