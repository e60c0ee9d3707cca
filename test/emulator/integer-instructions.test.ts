// rvemu-style tables: a few instructions assembled by GNU as, run from RAM in M-mode, and
// the register values they must leave (RV64I, RV64M, W forms, shifts, edge cases).

import { describe, it, expect } from 'vitest';
import { runSnippet } from './helpers/run-snippet.js';

type Row = [name: string, asm: string, expected: Record<string, bigint>];

const MIN = -0x8000000000000000n;

const table: Row[] = [
  ['addi sign-extends its immediate', 'li a0, 5\naddi a1, a0, -7', { a1: -2n }],
  ['add wraps at 64 bits', 'li a0, -1\nsrli a0, a0, 1\naddi a1, a0, 1', { a1: MIN }],
  ['add carries from the low word', 'li a0, 0xffffffff\nli a1, 1\nadd a2, a0, a1', { a2: 0x100000000n }],
  ['sub borrows into the high word', 'li a0, 0x100000000\nli a1, 1\nsub a2, a0, a1', { a2: 0xffffffffn }],
  ['lui sign-extends to 64 bits', 'lui a0, 0x80000', { a0: -0x80000000n }],
  ['auipc adds to pc', 'auipc a0, 1', { a0: 0x80001000n }],
  ['slt and sltu differ on negatives', 'li a0, -1\nli a1, 1\nslt a2, a0, a1\nsltu a3, a0, a1', { a2: 1n, a3: 0n }],
  ['sltiu compares with a sign-extended immediate', 'li a0, 5\nsltiu a1, a0, -1', { a1: 1n }],
  ['logic immediates use the sign-extended immediate', 'li a0, 0x0ff0\nxori a1, a0, -1\nori a2, a0, -16\nandi a3, a0, -16', { a1: ~0x0ff0n, a2: -16n, a3: 0xff0n }],
  ['shift amounts are masked to 6 bits', 'li a0, 1\nli a1, 65\nsll a2, a0, a1\nli a3, 63\nsll a4, a0, a3', { a2: 2n, a4: MIN }],
  ['srl is logical, sra arithmetic', 'li a0, -16\nsrli a1, a0, 60\nsrai a2, a0, 2\nli a3, 36\nsra a4, a0, a3', { a1: 15n, a2: -4n, a4: -1n }],
  ['W forms sign-extend the 32-bit result', 'li a0, 0x7fffffff\naddiw a1, a0, 1\naddw a2, a0, a0\nsubw a3, zero, a0', { a1: -0x80000000n, a2: -2n, a3: -0x7fffffffn }],
  ['W shifts mask to 5 bits and sign-extend', 'li a0, 1\nli a1, 33\nsllw a2, a0, a1\nslliw a3, a0, 31\nli a4, -1\nsrliw a5, a4, 4\nsraiw a6, a3, 4', { a2: 2n, a3: -0x80000000n, a5: 0x0fffffffn, a6: -0x8000000n }],
  ['mul keeps the low 64 bits', 'li a0, 0x123456789\nli a1, 0x987654321\nmul a2, a0, a1', { a2: BigInt.asIntN(64, 0x123456789n * 0x987654321n) }],
  ['mulh/mulhu/mulhsu give the high 64 bits', 'li a0, -2\nli a1, 3\nmulh a2, a0, a1\nmulhu a3, a0, a1\nmulhsu a4, a0, a1', { a2: -1n, a3: 2n, a4: -1n }],
  ['division by zero gives all ones and the dividend', 'li a0, 7\ndiv a1, a0, zero\ndivu a2, a0, zero\nrem a3, a0, zero\nremu a4, a0, zero', { a1: -1n, a2: -1n, a3: 7n, a4: 7n }],
  ['signed overflow: MIN / -1 = MIN, MIN % -1 = 0', 'li a0, 1\nslli a0, a0, 63\nli a1, -1\ndiv a2, a0, a1\nrem a3, a0, a1', { a2: MIN, a3: 0n }],
  ['div truncates toward zero', 'li a0, -7\nli a1, 2\ndiv a2, a0, a1\nrem a3, a0, a1', { a2: -3n, a3: -1n }],
  ['64-bit division of large values', 'li a0, 0x7fffffffffffffff\nli a1, 0x100000001\ndiv a2, a0, a1\ndivu a3, a0, a1\nremu a4, a0, a1', { a2: 0x7fffffffffffffffn / 0x100000001n, a3: 0x7fffffffffffffffn / 0x100000001n, a4: 0x7fffffffffffffffn % 0x100000001n }],
  // Dividends and divisors below 2^53 divide as exact JS numbers: quotients just below an
  // integer must not round up, remainders keep the dividend's sign.
  ['64-bit division of values below 2^53', 'li a0, 0x1fffffffffffff\nli a1, 0xffffffffff\ndiv a2, a0, a1\nrem a3, a0, a1\ndivu a4, a0, a1\nremu a5, a0, a1\nneg a6, a0\ndiv a7, a6, a1\nrem t0, a6, a1\nli t1, 0x1ffffffffffffe\nli t2, 0x1fffffffffffff\ndivu t3, t1, t2\nremu t4, t1, t2\nli t5, 3\ndiv t6, a6, t5\nrem s2, a6, t5', {
    a2: 0x1fffffffffffffn / 0xffffffffffn, a3: 0x1fffffffffffffn % 0xffffffffffn,
    a4: 0x1fffffffffffffn / 0xffffffffffn, a5: 0x1fffffffffffffn % 0xffffffffffn,
    a7: -0x1fffffffffffffn / 0xffffffffffn, t0: -0x1fffffffffffffn % 0xffffffffffn,
    t3: 0n, t4: 0x1ffffffffffffen, t6: -0x1fffffffffffffn / 3n, s2: -0x1fffffffffffffn % 3n,
  }],
  ['W division edge cases', 'li a0, -0x80000000\nli a1, -1\ndivw a2, a0, a1\nremw a3, a0, a1\ndivw a4, a0, zero\nremuw a5, a0, zero\ndivuw a6, a1, a1', { a2: -0x80000000n, a3: 0n, a4: -1n, a5: -0x80000000n, a6: 1n }],
  ['mulw sign-extends the low word', 'li a0, 0x10000\nmulw a1, a0, a0', { a1: 0n }],
  ['loads sign- or zero-extend', 'li t0, 0x80002000\nli a0, -2\nsd a0, 0(t0)\nlb a1, 0(t0)\nlbu a2, 0(t0)\nlh a3, 0(t0)\nlhu a4, 0(t0)\nlw a5, 0(t0)\nlwu a6, 0(t0)\nld a7, 0(t0)', { a1: -2n, a2: 0xfen, a3: -2n, a4: 0xfffen, a5: -2n, a6: 0xfffffffen, a7: -2n }],
  ['stores write only their width', 'li t0, 0x80002000\nsd zero, 0(t0)\nli a0, -1\nsb a0, 1(t0)\nsh a0, 2(t0)\nld a1, 0(t0)', { a1: 0xffffff00n }],
  ['misaligned loads and stores are performed', 'li t0, 0x80002003\nli a0, 0x1122334455667788\nsd a0, 0(t0)\nld a1, 0(t0)\nlw a2, 1(t0)', { a1: 0x1122334455667788n, a2: 0x44556677n }],
  ['jal links pc+4 and jalr clears bit 0', 'jal a0, 1f\n1: la t0, 2f\naddi t0, t0, 1\njalr a1, 0(t0)\nli a2, 99\n2: li a3, 7', { a0: 0x80000004n, a3: 7n, a2: 0n }],
  ['branches take signed and unsigned views', 'li a0, -1\nli a1, 1\nli a2, 0\nblt a0, a1, 1f\nli a2, 9\n1: li a3, 0\nbltu a0, a1, 2f\nli a3, 5\n2: nop', { a2: 0n, a3: 5n }],
  ['writes to x0 are discarded', 'li zero, 5\naddi a0, zero, 1', { a0: 1n, zero: 0n }],
  ['compressed forms behave as their expansions', 'c.li a0, -3\nc.addi a0, 5\nc.slli a0, 4\nc.mv a1, a0\nc.add a1, a0\nc.addiw a1, 1\nc.lui a2, 0xfffff\nc.srai a2, 12', { a0: 32n, a1: 65n, a2: -1n }],
  ['amo and lr/sc', 'li t0, 0x80002000\nli a0, 5\nsd a0, 0(t0)\nli a1, 3\namoadd.d a2, a1, (t0)\nld a3, 0(t0)\nlr.d a4, (t0)\nsc.d a5, a1, (t0)\nsc.d a6, a1, (t0)\nli a7, -1\namomaxu.w s2, a7, (t0)\nlw s3, 0(t0)', { a2: 5n, a3: 8n, a4: 8n, a5: 0n, a6: 1n, s2: 3n, s3: -1n }],
  ['csrrw/csrrs read and write mscratch', 'li a0, 0x1234\ncsrw mscratch, a0\ncsrrs a1, mscratch, 3\ncsrr a2, mscratch\ncsrrci a3, mscratch, 1', { a1: 0x1234n, a2: 0x1237n, a3: 0x1237n }],
  ['misa reports RV64GC (IMAFDC) with S and U', 'csrr a0, misa', { a0: BigInt.asIntN(64, (2n << 62n) | 0x14112dn) }],
];

describe('RV64IMAC instructions leave the expected registers', () => {
  for (const [name, asm, expected] of table) {
    it(name, () => {
      const r = runSnippet(asm);
      expect(r.stopCause).toBe(3);
      for (const [reg, value] of Object.entries(expected)) expect([reg, r.reg(reg)]).toEqual([reg, value]);
    });
  }
});
