// RV64M (unprivileged spec ch. 7): high products for every sign combination, division by
// zero and signed overflow (table 7.1, no trap), and the W forms' sign-extended results.

import { directedSuite } from './support/directed-suite.js';

const MIN = -0x8000000000000000n;
const MAX = 0x7fffffffffffffffn;
const hi = (a: bigint, b: bigint): bigint => BigInt.asIntN(64, (a * b) >> 64n);

directedSuite('RV64M multiply and divide match qemu-riscv64', [
  { name: 'mul keeps the low 64 bits of signed and unsigned products', body: 'li a0, -3\nli a1, 0x7fffffffffffffff\nmul a2, a0, a1\nmul a3, a1, a1\nli a4, 0xffffffffffffffff\nmul a5, a4, a4',
    expect: { a2: BigInt.asIntN(64, -3n * MAX), a3: 1n, a5: 1n } },
  { name: 'mulh with negative operands', body: 'li a0, -3\nli a1, 0x7fffffffffffffff\nmulh a2, a0, a1\nmulh a3, a0, a0\nli a4, 0x8000000000000000\nmulh a5, a4, a4\nmulh a6, a4, a1\nli a7, -1\nmulh s2, a7, a7',
    expect: { a2: hi(-3n, MAX), a3: 0n, a5: 0x4000000000000000n, a6: hi(MIN, MAX), s2: 0n } },
  { name: 'mulhu treats both operands as unsigned', body: 'li a0, -1\nmulhu a1, a0, a0\nli a2, 0x8000000000000000\nmulhu a3, a2, a2\nli a4, 3\nmulhu a5, a0, a4\nmulhu a6, a4, a4',
    expect: { a1: -2n, a3: 0x4000000000000000n, a5: 2n, a6: 0n } },
  { name: 'mulhsu: signed rs1, unsigned rs2', body: 'li a0, -1\nli a1, -1\nmulhsu a2, a0, a1\nli a3, 1\nmulhsu a4, a3, a1\nmulhsu a5, a1, a3\nli a6, 0x8000000000000000\nmulhsu a7, a6, a1\nmulhsu s2, a1, a6',
    expect: { a2: -1n, a4: 0n, a5: -1n, a7: BigInt.asIntN(64, (MIN * ((1n << 64n) - 1n)) >> 64n), s2: -1n } },
  { name: 'division by zero: quotient all ones, remainder the dividend', body: 'li a0, -42\ndiv a1, a0, zero\ndivu a2, a0, zero\nrem a3, a0, zero\nremu a4, a0, zero\ndivw a5, a0, zero\ndivuw a6, a0, zero\nremw a7, a0, zero\nremuw s2, a0, zero',
    expect: { a1: -1n, a2: -1n, a3: -42n, a4: -42n, a5: -1n, a6: -1n, a7: -42n, s2: -42n } },
  { name: 'signed overflow: MIN / -1 and MIN % -1', body: 'li a0, 0x8000000000000000\nli a1, -1\ndiv a2, a0, a1\nrem a3, a0, a1\ndivu a4, a0, a1\nremu a5, a0, a1\nli a6, 0xffffffff80000000\ndivw a7, a6, a1\nremw s2, a6, a1',
    expect: { a2: MIN, a3: 0n, a4: 0n, a5: MIN, a7: -0x80000000n, s2: 0n } },
  { name: 'quotients truncate toward zero, remainders take the dividend sign', body: 'li a0, -7\nli a1, 2\ndiv a2, a0, a1\nrem a3, a0, a1\nli a4, -2\ndiv a5, a1, a4\nrem a6, a0, a4\nli a7, 7\nrem s2, a7, a4',
    expect: { a2: -3n, a3: -1n, a5: -1n, a6: -1n, s2: 1n } },
  { name: 'W forms use only the low words and sign-extend', body: 'li a0, 0x12345678fffffff9\nli a1, 0xabcdef0000000002\ndivw a2, a0, a1\nremw a3, a0, a1\ndivuw a4, a0, a1\nremuw a5, a0, a1\nmulw a6, a0, a1\nli a7, 0x10000\nmulw s2, a7, a7\nli s3, 0x7fffffff\nmulw s4, s3, s3\ndivuw s5, a0, a0',
    expect: { a2: -3n, a3: -1n, a4: 0x7ffffffcn, a5: 1n, a6: -14n, s2: 0n, s4: 1n, s5: 1n } },
  { name: 'divuw of values with bit 31 set sign-extends the quotient', body: 'li a0, 0xffffffff\nli a1, 1\ndivuw a2, a0, a1\nremuw a3, a0, a0\nli a4, 0x80000000\nremuw a5, a4, zero',
    expect: { a2: -1n, a3: 0n, a5: -0x80000000n } },
  { name: 'large unsigned 64-bit quotients', body: 'li a0, 0xfedcba9876543210\nli a1, 0x123456789\ndivu a2, a0, a1\nremu a3, a0, a1\ndiv a4, a0, a1\nrem a5, a0, a1',
    expect: { a2: 0xfedcba9876543210n / 0x123456789n, a3: 0xfedcba9876543210n % 0x123456789n,
      a4: BigInt.asIntN(64, 0xfedcba9876543210n) / 0x123456789n, a5: BigInt.asIntN(64, 0xfedcba9876543210n) % 0x123456789n } },
]);
