// minstret and mcycle as Zicsr §9.1 and the privileged spec §3.1.11 define them: a value
// written by one instruction is the value the next instruction reads (the write replaces
// that instruction's increment), all 64 bits are kept and wrap, reads inside translated
// blocks are exact, and writing a counter does not move time.

import { describe, it, expect } from 'vitest';
import { assembleElf } from './helpers/cross-tools.js';
import { random64 as random } from './helpers/random64.js';
import { bareSource } from './helpers/bare-program.js';
import { runBare } from '../../emulator/bare.js';

/**
 * Checks for one written value; each failing check exits with its own status (2, 3, ...).
 * The read right after the write sees the value; later reads count every instruction
 * retired since (3 between the first two reads, 7 between the last two).
 */
function checks(counter: 'minstret' | 'mcycle', value: bigint, check: number): string {
  const hex = `0x${value.toString(16)}`;
  return `
  li s2, ${hex}
  csrw ${counter}, s2
  csrr s3, ${counter}
  li a0, ${check}
  bne s3, s2, fail_with
  csrr s4, ${counter}
  sub s5, s4, s3
  li s6, 3
  li a0, ${check + 1}
  bne s5, s6, fail_with
  nop
  nop
  csrr s7, ${counter}
  sub s5, s7, s4
  li s6, 7
  li a0, ${check + 2}
  bne s5, s6, fail_with`;
}

function run(body: string, translateBlocks: boolean): { exitCode: number | null; reason: string } {
  const source = bareSource(`${body}\n  li a0, 0\n  j exit\nfail_with:\n  j exit`);
  const r = runBare(assembleElf(source).bytes, { translateBlocks, ramSize: 1 << 20, maxInstructions: 10_000_000 });
  if (!r.ok) throw new Error(r.error.message);
  return { exitCode: r.value.exitCode, reason: r.value.reason };
}

describe('counter writes', () => {
  const next = random(0xc0ffeen);
  const values = [0n, 1n, 0xffff_ffff_ffff_ffffn, 0xffff_ffff_ffff_fffen, 1n << 53n, (1n << 63n) + 5n, ...Array.from({ length: 24 }, () => next())];

  for (const translateBlocks of [false, true]) {
    it(`the next read returns the written value and counts on from it, for 30 values (translateBlocks ${translateBlocks})`, () => {
      let body = '';
      values.forEach((v, k) => {
        body += checks(k % 2 ? 'mcycle' : 'minstret', v, 2 + 3 * k);
      });
      expect(run(body, translateBlocks)).toEqual({ exitCode: 0, reason: 'htif-exit' });
    });
  }

  it('wraps past 2^64 and keeps the high bits', () => {
    const body = `
  li s2, -3
  csrw minstret, s2
  nop
  nop
  nop
  nop
  csrr s3, minstret
  li a0, 2
  li s4, 1
  bne s3, s4, fail_with`;
    expect(run(body, false)).toEqual({ exitCode: 0, reason: 'htif-exit' });
  });

  it('reads inside a hot translated loop are exact, and writing minstret does not move time', () => {
    // Each pass: read, 5 instructions, read again: the difference is always 6.
    const body = `
  csrr s8, time
  li s2, 0x7fffffffffffff00
  csrw minstret, s2
  li s0, 0
  li s1, 2000
loop:
  csrr s3, minstret
  addi s0, s0, 1
  addi t3, s0, 7
  xor t4, t3, s0
  slli t5, t4, 3
  add t6, t5, t4
  csrr s4, minstret
  sub s5, s4, s3
  li s6, 6
  li a0, 2
  bne s5, s6, fail_with
  blt s0, s1, loop
  csrr s9, time
  sub s9, s9, s8
  li s6, 10000
  li a0, 3
  bgeu s9, s6, fail_with`;
    for (const translateBlocks of [false, true]) expect(run(body, translateBlocks)).toEqual({ exitCode: 0, reason: 'htif-exit' });
  });
});
