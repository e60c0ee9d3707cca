// The kernels of the generated-code benchmark: each is one algorithm written twice, in our
// language and in C, with the same data and the same checksum. `size` scales the work: the
// benchmark runs the sizes of issue 15, the test (test/compiler/generated-code-checksums-match-gcc.test.ts)
// small ones. In both languages the kernel is the function `kernel`; everything else a
// program does (start-up, printing the checksum) is measured separately and subtracted.

export interface Kernel {
  name: string;
  /** The benchmark's size and the test's. */
  sizes: { bench: number; test: number };
  /** Declarations of the enclave section `Bench` (globals and functions, `kernel` among them),
   *  and anything the program needs outside it (servers, structs). */
  pen(size: number): { outside?: string; inside: string };
  /** C declarations (the prelude's types are there), `kernel` among them. */
  c(size: number): string;
}

export const KERNELS: Kernel[] = [
  {
    name: 'sieve',
    sizes: { bench: 100_000, test: 2_000 },
    pen: (n) => ({
      inside: `
  var flags: u8[${n + 1}];
  fn kernel() -> u64 {
    for i in (2 as u64)..${n + 1} { flags[i] = 1; }
    var i: u64 = 2;
    while i * i <= ${n} {
      if flags[i] == 1 {
        var j = i * i;
        while j <= ${n} { flags[j] = 0; j += i; }
      }
      i += 1;
    }
    var count: u64 = 0;
    var sum: u64 = 0;
    for k in (2 as u64)..${n + 1} { if flags[k] == 1 { count += 1; sum += k; } }
    return count * 1000000 + sum;
  }`,
    }),
    c: (n) => `
static uint8_t flags[${n + 1}];
uint64_t kernel(void) {
  for (uint64_t i = 2; i < ${n + 1}; i++) flags[i] = 1;
  for (uint64_t i = 2; i * i <= ${n}; i++)
    if (flags[i] == 1) for (uint64_t j = i * i; j <= ${n}; j += i) flags[j] = 0;
  uint64_t count = 0, sum = 0;
  for (uint64_t k = 2; k < ${n + 1}; k++) if (flags[k] == 1) { count++; sum += k; }
  return count * 1000000 + sum;
}`,
  },
  {
    name: 'insertion sort',
    sizes: { bench: 2_000, test: 200 },
    pen: (n) => ({
      inside: `
  var a: u32[${n}];
  fn kernel() -> u64 {
    var x: u32 = 12345;
    for i in (0 as u64)..${n} { x = x * 1103515245 + 12345; a[i] = x >> 8; }
    for i in (1 as u64)..${n} {
      let v = a[i];
      var j = i;
      while j > 0 && a[j - 1] > v { a[j] = a[j - 1]; j -= 1; }
      a[j] = v;
    }
    var s: u64 = 0;
    for i in (0 as u64)..${n} { s = s * 31 + (a[i] as u64); }
    return s;
  }`,
    }),
    c: (n) => `
static uint32_t a[${n}];
uint64_t kernel(void) {
  uint32_t x = 12345;
  for (uint64_t i = 0; i < ${n}; i++) { x = x * 1103515245u + 12345u; a[i] = x >> 8; }
  for (uint64_t i = 1; i < ${n}; i++) {
    uint32_t v = a[i];
    uint64_t j = i;
    while (j > 0 && a[j - 1] > v) { a[j] = a[j - 1]; j--; }
    a[j] = v;
  }
  uint64_t s = 0;
  for (uint64_t i = 0; i < ${n}; i++) s = s * 31 + a[i];
  return s;
}`,
  },
  {
    name: 'matrix multiply',
    sizes: { bench: 48, test: 8 },
    pen: (n) => ({
      inside: `
  var ma: u32[${n}][${n}];
  var mb: u32[${n}][${n}];
  var mc: u32[${n}][${n}];
  fn kernel() -> u64 {
    for i in (0 as u64)..${n} { for j in (0 as u64)..${n} { ma[i][j] = (i * 3 + j) as u32; mb[i][j] = (i ^ (j * 7)) as u32; } }
    for i in (0 as u64)..${n} {
      for j in (0 as u64)..${n} {
        var s: u32 = 0;
        for k in (0 as u64)..${n} { s += ma[i][k] * mb[k][j]; }
        mc[i][j] = s;
      }
    }
    var h: u64 = 0;
    for i in (0 as u64)..${n} { for j in (0 as u64)..${n} { h = h * 131 + (mc[i][j] as u64); } }
    return h;
  }`,
    }),
    c: (n) => `
static uint32_t ma[${n}][${n}], mb[${n}][${n}], mc[${n}][${n}];
uint64_t kernel(void) {
  for (uint64_t i = 0; i < ${n}; i++) for (uint64_t j = 0; j < ${n}; j++) { ma[i][j] = (uint32_t)(i * 3 + j); mb[i][j] = (uint32_t)(i ^ (j * 7)); }
  for (uint64_t i = 0; i < ${n}; i++)
    for (uint64_t j = 0; j < ${n}; j++) {
      uint32_t s = 0;
      for (uint64_t k = 0; k < ${n}; k++) s += ma[i][k] * mb[k][j];
      mc[i][j] = s;
    }
  uint64_t h = 0;
  for (uint64_t i = 0; i < ${n}; i++) for (uint64_t j = 0; j < ${n}; j++) h = h * 131 + mc[i][j];
  return h;
}`,
  },
  {
    name: 'crc32',
    sizes: { bench: 65_536, test: 1_024 },
    pen: (n) => ({
      inside: `
  var table: u32[256];
  var data: u8[${n}];
  fn kernel() -> u64 {
    for t in (0 as u64)..256 {
      var c = t as u32;
      for _k in (0 as u64)..8 { if (c & 1) != 0 { c = 0xEDB88320 ^ (c >> 1); } else { c = c >> 1; } }
      table[t] = c;
    }
    var x: u32 = 1;
    for i in (0 as u64)..${n} { x = x * 1664525 + 1013904223; data[i] = (x >> 24) as u8; }
    var crc: u32 = 0xFFFFFFFF;
    for i in (0 as u64)..${n} { crc = table[(crc ^ (data[i] as u32)) & 0xFF] ^ (crc >> 8); }
    return (crc ^ 0xFFFFFFFF) as u64;
  }`,
    }),
    c: (n) => `
static uint32_t table[256];
static uint8_t data[${n}];
uint64_t kernel(void) {
  for (uint64_t t = 0; t < 256; t++) {
    uint32_t c = (uint32_t)t;
    for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[t] = c;
  }
  uint32_t x = 1;
  for (uint64_t i = 0; i < ${n}; i++) { x = x * 1664525u + 1013904223u; data[i] = (uint8_t)(x >> 24); }
  uint32_t crc = 0xFFFFFFFFu;
  for (uint64_t i = 0; i < ${n}; i++) crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}`,
  },
  {
    name: 'fibonacci',
    sizes: { bench: 200, test: 10 },
    pen: (n) => ({
      inside: `
  fn fib(n: u64) -> u64 {
    var a: u64 = 0;
    var b: u64 = 1;
    var i: u64 = 0;
    while i < n { let t = a + b; a = b; b = t; i += 1; }
    return a;
  }
  fn kernel() -> u64 {
    var s: u64 = 0;
    for r in (0 as u64)..${n} { s = (s << 1) ^ fib(500 + r); }
    return s;
  }`,
    }),
    c: (n) => `
__attribute__((noinline)) static uint64_t fib(uint64_t n) {
  uint64_t a = 0, b = 1;
  for (uint64_t i = 0; i < n; i++) { uint64_t t = a + b; a = b; b = t; }
  return a;
}
uint64_t kernel(void) {
  uint64_t s = 0;
  for (uint64_t r = 0; r < ${n}; r++) s = (s << 1) ^ fib(500 + r);
  return s;
}`,
  },
  {
    name: 'binary search',
    sizes: { bench: 20_000, test: 300 },
    pen: (n) => ({
      inside: `
  var sorted: u32[4096];
  fn kernel() -> u64 {
    for i in (0 as u64)..4096 { sorted[i] = (i * 3 + 1) as u32; }
    var x: u32 = 7;
    var found: u64 = 0;
    var total: u64 = 0;
    for _q in (0 as u64)..${n} {
      x = x * 1103515245 + 12345;
      let key = (x >> 8) % 12300;
      var lo: u64 = 0;
      var hi: u64 = 4096;
      while lo < hi {
        let mid = (lo + hi) / 2;
        if sorted[mid] < key { lo = mid + 1; } else { hi = mid; }
      }
      if lo < 4096 && sorted[lo] == key { found += 1; total += lo; }
    }
    return found * 1000000 + total;
  }`,
    }),
    c: (n) => `
static uint32_t sorted[4096];
uint64_t kernel(void) {
  for (uint64_t i = 0; i < 4096; i++) sorted[i] = (uint32_t)(i * 3 + 1);
  uint32_t x = 7;
  uint64_t found = 0, total = 0;
  for (uint64_t q = 0; q < ${n}; q++) {
    x = x * 1103515245u + 12345u;
    uint32_t key = (x >> 8) % 12300;
    uint64_t lo = 0, hi = 4096;
    while (lo < hi) {
      uint64_t mid = (lo + hi) / 2;
      if (sorted[mid] < key) lo = mid + 1; else hi = mid;
    }
    if (lo < 4096 && sorted[lo] == key) { found++; total += lo; }
  }
  return found * 1000000 + total;
}`,
  },
  {
    name: 'particles (structs)',
    sizes: { bench: 100, test: 5 },
    pen: (steps) => ({
      outside: `struct Particle { x: i32, y: i32, vx: i32, vy: i32, hits: u32 }`,
      inside: `
  var ps: Particle[256];
  fn kernel() -> u64 {
    var seed: u32 = 99;
    for i in (0 as u64)..256 {
      seed = seed * 1103515245 + 12345;
      ps[i].x = ((seed >> 8) % 1000) as i32;
      ps[i].y = ((seed >> 12) % 1000) as i32;
      ps[i].vx = ((seed >> 4) % 7) as i32 - 3;
      ps[i].vy = ((seed >> 20) % 9) as i32 - 4;
      ps[i].hits = 0;
    }
    for _s in (0 as u64)..${steps} {
      for i in (0 as u64)..256 {
        ps[i].x += ps[i].vx;
        ps[i].y += ps[i].vy;
        if ps[i].x < 0 || ps[i].x >= 1000 { ps[i].vx = -ps[i].vx; ps[i].hits += 1; }
        if ps[i].y < 0 || ps[i].y >= 1000 { ps[i].vy = -ps[i].vy; ps[i].hits += 1; }
      }
    }
    var h: u64 = 0;
    for i in (0 as u64)..256 { h = h * 31 + (ps[i].x as u64) * 3 + (ps[i].y as u64) * 5 + (ps[i].hits as u64); }
    return h;
  }`,
    }),
    c: (steps) => `
struct Particle { int32_t x, y, vx, vy; uint32_t hits; };
static struct Particle ps[256];
uint64_t kernel(void) {
  uint32_t seed = 99;
  for (uint64_t i = 0; i < 256; i++) {
    seed = seed * 1103515245u + 12345u;
    ps[i].x = (int32_t)((seed >> 8) % 1000);
    ps[i].y = (int32_t)((seed >> 12) % 1000);
    ps[i].vx = (int32_t)((seed >> 4) % 7) - 3;
    ps[i].vy = (int32_t)((seed >> 20) % 9) - 4;
    ps[i].hits = 0;
  }
  for (uint64_t s = 0; s < ${steps}; s++)
    for (uint64_t i = 0; i < 256; i++) {
      ps[i].x += ps[i].vx;
      ps[i].y += ps[i].vy;
      if (ps[i].x < 0 || ps[i].x >= 1000) { ps[i].vx = -ps[i].vx; ps[i].hits += 1; }
      if (ps[i].y < 0 || ps[i].y >= 1000) { ps[i].vy = -ps[i].vy; ps[i].hits += 1; }
    }
  uint64_t h = 0;
  for (uint64_t i = 0; i < 256; i++) h = h * 31 + (uint64_t)(int64_t)ps[i].x * 3 + (uint64_t)(int64_t)ps[i].y * 5 + ps[i].hits;
  return h;
}`,
  },
  {
    name: 'server calls',
    sizes: { bench: 1_000, test: 20 },
    pen: (n) => ({
      outside: `
server Acc "bench-acc" {
  fn step(x: u64, y: u64) -> u64 { return x * 3 + y; }
}`,
      inside: `
  fn kernel() -> u64 {
    let acc = acquire Acc;
    var t: u64 = 0;
    for i in (0 as u64)..${n} { t = acc.step(t, i); }
    return t;
  }`,
    }),
    c: (n) => `
__attribute__((noinline)) static uint64_t step(uint64_t x, uint64_t y) { return x * 3 + y; }
uint64_t kernel(void) {
  uint64_t t = 0;
  for (uint64_t i = 0; i < ${n}; i++) t = step(t, i);
  return t;
}`,
  },
];

/** The whole program in our language: the kernel's enclave, which prints `checksum N`, and a
 *  host that creates and runs it. `baseline` replaces the kernel's call by its known result. */
export function penProgram(kernel: Kernel, size: number, baseline?: bigint): string {
  const { outside, inside } = kernel.pen(size);
  const servers = [...(outside ?? '').matchAll(/^server (\w+)/gm)].map((m) => m[1]);
  return `${outside ?? ''}
enclave Bench {${inside}
  fn main() -> i64 {
    let c: u64 = ${baseline === undefined ? 'kernel()' : `${baseline}`};
    print("checksum ", c);
    return 0;
  }
}

host {
${servers.map((s) => `  let _server_${s} = create ${s};\n`).join('')}  let bench = create Bench;
  let _status = run bench;
}
`;
}

/** The whole C program: the kernel and a `_start` that prints `checksum N` and exits. */
export function cProgram(kernel: Kernel, size: number, baseline?: bigint): string {
  return `typedef unsigned char uint8_t; typedef unsigned int uint32_t; typedef int int32_t; typedef long int64_t; typedef unsigned long uint64_t;
static long rt_sys(long n, long a, long b, long c) {
  register long a7 __asm__("a7") = n; register long a0 __asm__("a0") = a; register long a1 __asm__("a1") = b; register long a2 __asm__("a2") = c;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2) : "memory");
  return a0;
}
${kernel.c(size)}
void _start(void) {
  uint64_t v = ${baseline === undefined ? 'kernel()' : `${baseline}ul`};
  char text[40] = "checksum ";
  char digits[24];
  int n = 0, used = 9;
  do { digits[n++] = '0' + v % 10; v /= 10; } while (v);
  while (n) text[used++] = digits[--n];
  text[used++] = '\\n';
  rt_sys(64, 1, (long)text, used);
  rt_sys(93, 0, 0, 0);
  for (;;) {}
}
`;
}
