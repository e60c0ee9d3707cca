// Branches and jumps (unprivileged spec §2.5): every condition taken and not taken with
// signed/unsigned views, equal operands, rs1 == rs2, link values of jal/jalr, jalr clearing
// bit 0 of the target and using the old rs1 when rd == rs1.

import { directedSuite } from './support/directed-suite.js';

// A function whose `li a1, 0x77` (32-bit, no RVC) starts 2 bytes before a page boundary.
const STRADDLE = `
.text
.balign 4096
.skip 4096 - 8
straddle:
  .option push
  .option norvc
  addi a0, zero, 0x123
  .hword 0x0001
  addi a1, zero, 0x77
  .option pop
  ret
`;

function branches(a: string, b: string): string {
  const ops = ['beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu'];
  const lines = [`li t0, ${a}`, `li t1, ${b}`, 'li a0, 0'];
  ops.forEach((op, k) => lines.push(`${op} t0, t1, 1f`, `li t2, ${1 << k}`, 'or a0, a0, t2', '1:', `${op} t1, t0, 1f`, `li t2, ${1 << (k + 6)}`, 'or a0, a0, t2', '1:'));
  return lines.join('\n');
}

directedSuite('RV64I branches and jumps match qemu-riscv64', [
  { name: 'branches on -1 versus 1', body: branches('-1', '1') },
  { name: 'branches on equal operands', body: branches('0x8000000000000000', '0x8000000000000000') },
  { name: 'branches on MIN versus MAX', body: branches('0x8000000000000000', '0x7fffffffffffffff') },
  { name: 'branches that differ only in the high word', body: branches('0x100000000', '0x200000000') },
  { name: 'branches comparing a register with itself', body: 'li a0, 0\nbeq a1, a1, 1f\nori a0, a0, 1\n1: bne a1, a1, 1f\nori a0, a0, 2\n1: blt a1, a1, 1f\nori a0, a0, 4\n1: bgeu a1, a1, 1f\nori a0, a0, 8\n1:',
    expect: { a0: 6n } },
  { name: 'jal links the next pc and skips', body: 'jal a0, 1f\n1: la a1, 1b\nsub a2, a0, a1\njal zero, 2f\nli a3, 1\n2: jal ra, 3f\nj 4f\n3: jalr zero, 0(ra)\n4: la a4, 2b\nsub a5, ra, a4\nli a0, 0\nli a1, 0\nli a4, 0\nli ra, 0',
    expect: { a2: 0n, a5: 4n } },
  { name: 'jalr clears bit 0 and uses rs1 before writing rd', body: 'la t0, 1f\naddi t0, t0, -7\njalr t0, 7(t0)\nli a0, 99\n1: la t1, 1b\nsub a1, t0, t1\nla t2, 2f\naddi t2, t2, 1\njalr a2, 0(t2)\nli a3, 99\n2: li t0, 0\nli t1, 0\nli t2, 0\nla a4, 2b\nsub a2, a2, a4\nli a4, 0',
    expect: { a1: -4n } },
  { name: 'a 32-bit instruction straddling a page boundary executes', body: 'jal ra, straddle\nli ra, 0', expect: { a0: 0x123n, a1: 0x77n } },
  { name: 'backward loops count down exactly', body: 'li a0, 0\nli a1, 1000\n1: addi a0, a0, 3\naddi a1, a1, -1\nbnez a1, 1b', expect: { a0: 3000n, a1: 0n } },
], STRADDLE);
