// Runs C as an oracle for the compiler tests: a freestanding program (no libc) whose `body`
// prints with put_u / put_i / line into a buffer that is written out at the end, built by
// Debian's riscv64-unknown-elf-gcc and run under qemu-riscv64. A missing tool fails loudly.
import { expect } from 'vitest';
import { compileC, runQemu } from '../emulator/helpers/cross-tools.js';

const PRELUDE = `
typedef signed char int8_t; typedef short int16_t; typedef int int32_t; typedef long int64_t;
typedef unsigned char uint8_t; typedef unsigned short uint16_t; typedef unsigned int uint32_t; typedef unsigned long uint64_t;
static char out[1 << 20];
static long used;
static void put_u(uint64_t v) { char t[24]; int n = 0; do { t[n++] = '0' + v % 10; v /= 10; } while (v); while (n) out[used++] = t[--n]; }
static void put_i(int64_t v) { if (v < 0) { out[used++] = '-'; put_u(0 - (uint64_t)v); } else put_u(v); }
static void line(void) { out[used++] = '\\n'; }
static long sys(long n, long a, long b, long c) {
  register long a7 __asm__("a7") = n; register long a0 __asm__("a0") = a; register long a1 __asm__("a1") = b; register long a2 __asm__("a2") = c;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2) : "memory");
  return a0;
}
`;

/** The output of a C program made of `declarations` and a `body` run at start-up. */
export function runC(declarations: string, body: string): string {
  const source = `${PRELUDE}${declarations}\nvoid _start(void) {\n${body}\n  sys(64, 1, (long)out, used);\n  sys(93, 0, 0, 0);\n}\n`;
  // No libc start-up sets gp, so the linker must not relax addresses against it.
  const run = runQemu(compileC({ 'oracle.c': source }, ['-w', '-mno-relax', '-Wl,--no-relax']).path);
  expect(run.exitCode).toBe(0);
  return run.stdout;
}
