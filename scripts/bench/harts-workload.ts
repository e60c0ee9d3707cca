// The CPU-bound benchmark of scripts/bench/emulator.ts (sieve, matrix multiply, CRC,
// xorshift) as a bare-metal program for HARTS harts: each hart runs it on its own state
// and stack, counts itself done with an AMO, and hart 0 exits through HTIF with the sum
// of all checksums (its low 15 bits) once every hart is done. Harts beyond HARTS park in WFI.

export const HARTS_CRT_S = String.raw`
.option norelax
.section .text.start, "ax"
.globl _start
_start:
  csrr a0, mhartid
  la sp, stacks_end
  slli t0, a0, 16
  sub sp, sp, t0
  call hart_main
1: wfi
  j 1b
.section .bss
.align 4
stacks: .space 65536 * 4
stacks_end:
`;

export const HARTS_WORKLOAD_C = String.raw`
typedef unsigned long u64;
volatile u64 tohost __attribute__((section(".tohost"), aligned(64)));
volatile u64 fromhost __attribute__((section(".tohost"), aligned(64)));
struct state { unsigned crc_table[256]; long m1[32][32], m2[32][32], m3[32][32]; char sieve[200000]; };
static struct state states[HARTS];
static volatile int done;
static volatile u64 sums[HARTS];
static unsigned crc32(struct state *s, const unsigned char *p, long n) { unsigned c = ~0u; while (n--) c = s->crc_table[(c ^ *p++) & 0xff] ^ (c >> 8); return ~c; }
static u64 work(struct state *s, int scale) {
  for (unsigned i = 0; i < 256; i++) { unsigned c = i; for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1; s->crc_table[i] = c; }
  u64 acc = 0;
  for (int round = 0; round < scale * 3; round++) {
    for (int i = 0; i < 200000; i++) s->sieve[i] = 1;
    for (int i = 2; i * i < 200000; i++) if (s->sieve[i]) for (int j = i * i; j < 200000; j += i) s->sieve[j] = 0;
    for (int i = 0; i < 200000; i++) acc += s->sieve[i];
    for (int i = 0; i < 32; i++) for (int j = 0; j < 32; j++) { s->m1[i][j] = i + j + round; s->m2[i][j] = i - j; }
    for (int i = 0; i < 32; i++) for (int j = 0; j < 32; j++) { long t = 0; for (int k = 0; k < 32; k++) t += s->m1[i][k] * s->m2[k][j]; s->m3[i][j] = t; }
    acc += s->m3[7][9] + crc32(s, (const unsigned char *)s->sieve, 200000);
    u64 h = acc; for (int i = 0; i < 100000; i++) { h ^= h << 13; h ^= h >> 7; h ^= h << 17; acc += h % 1000; }
  }
  return acc;
}
void hart_main(long id) {
  if (id >= HARTS) return;
  sums[id] = work(&states[id], SCALE);
  __atomic_fetch_add(&done, 1, __ATOMIC_SEQ_CST);
  if (id != 0) return;
  while (done != HARTS) {}
  u64 x = 0;
  for (int i = 0; i < HARTS; i++) x += sums[i];
  tohost = ((x & 0x7fff) << 1) | 1;
  for (;;) {}
}
`;
