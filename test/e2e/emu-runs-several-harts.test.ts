// `penglaic emu --bare --harts N [--schedule random --seed S] [--quantum Q]`: a bare-metal
// program on several harts, and the flags' bad values.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assembleElf } from '../emulator/helpers/cross-tools.js';
import { multiHartSource } from '../emulator/helpers/multi-hart-program.js';
import { copySample, penglaic, scratchDir } from './cli.js';

/** Every hart adds its mhartid + 1 to a counter 100 times with AMOADD; hart 0 waits for all and exits with the sum. */
function counter(): string {
  const work = `
  li t1, 100
  la t2, counter
  addi t3, s0, 1
1: amoadd.w zero, t3, (t2)
  addi t1, t1, -1
  bnez t1, 1b
  la t2, done
  li t3, 1
  amoadd.w zero, t3, (t2)`;
  const dir = scratchDir();
  const path = join(dir, 'counter.elf');
  writeFileSync(path, assembleElf(multiHartSource({
    hart0: `${work}
  li t4, 4
2: lw t5, 0(t2)
  bltu t5, t4, 2b
  la t2, counter
  lw a0, 0(t2)
  j exit`,
    others: work,
    data: 'counter: .word 0\n.align 6\ndone: .word 0',
  })).bytes);
  return path;
}

describe('penglaic emu --harts', () => {
  it('runs a bare-metal program on 4 harts, round-robin and under random seeds', () => {
    const elf = counter();
    // 100 * (1 + 2 + 3 + 4) = 1000; exit statuses are taken modulo 256 by the OS.
    expect(penglaic(['emu', '--bare', '--harts', '4', elf], scratchDir()).status).toBe(1000 % 256);
    for (const seed of ['1', '2', '3']) {
      expect(penglaic(['emu', '--bare', '--harts', '4', '--schedule', 'random', '--seed', seed, '--quantum', '5', elf], scratchDir()).status).toBe(1000 % 256);
    }
  });

  it('with one hart of four, the others never count and hart 0 waits for good', () => {
    const elf = counter();
    const run = penglaic(['emu', '--bare', '--max-steps', '100000', elf], scratchDir());
    expect(run.status).toBe(3);
    expect(run.stderr).toBe(`penglaic: ${elf} did not finish (budget)\n`);
  });

  it('reports bad --harts, --schedule and --seed values in one sentence', () => {
    const elf = counter();
    const cases: [string[], string][] = [
      [['--bare', '--harts', '0'], '--harts must be a positive whole number, not "0"'],
      [['--bare', '--harts', '33'], '--harts must be at most 32, not 33'],
      [['--harts', '2'], '--harts above 1 needs --bare: a Linux user program has one thread'],
      [['--bare', '--harts', '2', '--schedule', 'fair'], '--schedule must be round-robin or random, not "fair"'],
      [['--bare', '--harts', '2', '--seed', '4'], '--seed needs --schedule random'],
      [['--bare', '--harts', '2', '--quantum', 'x'], '--quantum must be a positive whole number, not "x"'],
    ];
    for (const [flags, message] of cases) {
      const run = penglaic(['emu', ...flags, elf], scratchDir());
      expect(run.stderr).toContain(message);
      expect(run.status).not.toBe(0);
    }
  });

  it('says so when every hart waits in WFI with nothing to wake it', () => {
    const dir = scratchDir();
    const path = join(dir, 'sleep.elf');
    writeFileSync(path, assembleElf(multiHartSource({ hart0: '1: wfi\n  j 1b', others: '' })).bytes);
    const run = penglaic(['emu', '--bare', '--harts', '2', path], dir);
    expect(run.stderr).toBe(`penglaic: ${path} did not finish (every hart waits in WFI and no interrupt can wake one)\n`);
    expect(run.status).toBe(3);
  });
});

describe('penglaic run --harts', () => {
  it('a program that starts nothing on other harts prints exactly what it prints on one hart', () => {
    const dir = copySample('server-chain');
    expect(penglaic(['build'], dir).status).toBe(0);
    const one = penglaic(['run'], dir);
    const four = penglaic(['run', '--harts', '4', '--schedule', 'random', '--seed', '9'], dir);
    expect(one.status).toBe(0);
    expect(four).toEqual(one);
  });

  it('refuses --harts above 1 with --trace, --stats or --gdb, which do not follow several harts yet', () => {
    const dir = copySample('server-chain');
    penglaic(['build'], dir);
    const run = penglaic(['run', '--harts', '2', '--stats'], dir);
    expect(run.stderr).toContain('--harts above 1 cannot be combined with --gdb, --trace or --stats yet');
    expect(run.status).not.toBe(0);
  });
});
