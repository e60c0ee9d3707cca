// Static glibc programs (Debian's riscv64-linux-gnu-gcc -static -O2, rv64gc, lp64d) run
// under our linux-user shim with exactly qemu-riscv64's output and exit status: glibc's
// start-up (TLS, IRELATIVE relocations, auxv), stdio (stdin through scanf), printf/strtod
// of doubles, qsort, libm, fesetround/fetestexcept and soft-float long double, all on the
// F and D extensions.

import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { compileGlibc, runQemu } from './helpers/cross-tools.js';
import { runOurs } from './helpers/run-linux.js';

const PROGRAMS = join(import.meta.dirname, 'glibc');

describe('static glibc rv64gc programs print what they print under qemu-riscv64', () => {
  const cases: [file: string, firstLine: string, stdin?: string, status?: number][] = [
    ['hello-world.c', 'hello, world'],
    ['printf-doubles.c', '0 0.000000 0.000000e+00 0 0x0p+0'],
    ['qsort.c', '-4189364 4253063 12577823 4666218354144815786'],
    ['strtod.c', '0                            0 0x0p+0 0 errno=0 rest=""'],
    ['small-numeric.c', 'root 2.094551481542327'],
    ['fenv-rounding-modes.c', 'nearest    0.33333333333333331 -0.33333333333333331 inf 9.99999e-319 2 -2 flags=0x1'],
    ['scanf-from-stdin.c', 'apple      3 x    1.250 =     3.7500', 'apple 3 1.25\npear 2 0.5\nfig 10 3.333\nplum 7 -0.125\n'],
    // A failed assert prints to stderr and aborts: SIGABRT, status 128 + 6.
    ['assert-aborts.c', 'checking 0.1 + 0.2 == 0.3', '', 134],
  ];
  for (const [file, firstLine, stdin = '', status = 0] of cases) {
    it(file, () => {
      const elf = compileGlibc(join(PROGRAMS, file));
      const qemu = runQemu(elf.path, stdin);
      const ours = runOurs(elf.bytes, stdin, ['prog'], 100_000_000);
      expect(qemu.exitCode).toBe(status);
      expect(qemu.stdout.split('\n')[0]).toBe(firstLine);
      expect({ stdout: ours.stdout, exitCode: ours.exitCode }).toEqual(qemu);
    }, 120_000);
  }
});
