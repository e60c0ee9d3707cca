// Static glibc programs (Debian's riscv64-linux-gnu-gcc -static -O2, rv64gc, lp64d) run
// under our linux-user shim with exactly qemu-riscv64's output and exit status: glibc's
// start-up (TLS, IRELATIVE relocations, auxv), stdio, printf/strtod of doubles, qsort and
// libm, all on the F and D extensions.

import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { compileGlibc, runQemu } from './helpers/cross-tools.js';
import { runOurs } from './helpers/run-linux.js';

const PROGRAMS = join(import.meta.dirname, 'glibc');

describe('static glibc rv64gc programs print what they print under qemu-riscv64', () => {
  const cases: [file: string, firstLine: string][] = [
    ['hello-world.c', 'hello, world'],
    ['printf-doubles.c', '0 0.000000 0.000000e+00 0 0x0p+0'],
    ['qsort.c', '-4189364 4253063 12577823 4666218354144815786'],
    ['strtod.c', '0                            0 0x0p+0 0 errno=0 rest=""'],
    ['small-numeric.c', 'root 2.094551481542327'],
  ];
  for (const [file, firstLine] of cases) {
    it(file, () => {
      const elf = compileGlibc(join(PROGRAMS, file));
      const qemu = runQemu(elf.path);
      const ours = runOurs(elf.bytes, '', ['prog'], 100_000_000);
      expect(qemu.exitCode).toBe(0);
      expect(qemu.stdout.split('\n')[0]).toBe(firstLine);
      expect({ stdout: ours.stdout, exitCode: ours.exitCode }).toEqual(qemu);
    }, 120_000);
  }
});
