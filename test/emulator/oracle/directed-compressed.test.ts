// Every RV64C form (unprivileged spec ch. 16, table 16.5-16.7), written as `c.` mnemonics so
// the assembler cannot choose a 32-bit encoding: immediates at their range ends, the
// sign extension of c.addiw/c.subw/c.addw/c.lw, and control transfer with link.

import { directedSuite } from './support/directed-suite.js';

directedSuite('RV64C compressed instructions match qemu-riscv64', [
  { name: 'c.li, c.addi, c.addiw at immediate extremes', body: 'c.li a0, -32\nc.li a1, 31\nc.addi a0, 31\nc.addi a1, -32\nli a2, 0x7fffffff\nc.addiw a2, 1\nli a3, 0x100000005\nc.addiw a3, 0\nc.nop\nc.addi a4, 0',
    expect: { a0: -1n, a1: -1n, a2: -0x80000000n, a3: 5n } },
  { name: 'c.lui sign-extends and c.addi16sp/c.addi4spn use sp', body: 'c.lui a0, 1\nc.lui a1, 0xfffff\nc.lui a2, 0x1f\nc.lui a3, 0xfffe0\nc.addi16sp sp, -512\nc.addi16sp sp, 496\nc.addi16sp sp, 16\nmv a4, sp\nc.addi4spn a5, sp, 4\nc.addi4spn s0, sp, 1020\nsub a5, a5, a4\nsub s0, s0, a4\nli a4, 0',
    expect: { a0: 0x1000n, a1: -4096n, a2: 0x1f000n, a3: -0x20000n, a5: 4n, s0: 1020n } },
  { name: 'c.slli/c.srli/c.srai with 6-bit amounts', body: 'li a0, -1\nc.srli a0, 1\nli a1, -256\nc.srai a1, 4\nli a2, 3\nc.slli a2, 63\nli a3, -1\nc.srli a3, 63\nli a4, 1\nc.slli a4, 32',
    expect: { a0: 0x7fffffffffffffffn, a1: -16n, a2: -0x8000000000000000n, a3: 1n, a4: 0x100000000n } },
  { name: 'c.andi and register-register c.sub/c.xor/c.or/c.and', body: 'li a0, 0x1234\nc.andi a0, -16\nli a1, 0xff\nc.andi a1, 31\nli s0, 100\nli s1, 58\nmv a2, s0\nc.sub a2, s1\nmv a3, s0\nc.xor a3, s1\nmv a4, s0\nc.or a4, s1\nmv a5, s0\nc.and a5, s1',
    expect: { a0: 0x1230n, a1: 31n, a2: 42n, a3: 100n ^ 58n, a4: 100n | 58n, a5: 100n & 58n } },
  { name: 'c.addw and c.subw sign-extend', body: 'li a0, 0x7fffffff\nli a1, 1\nmv a2, a0\nc.addw a2, a1\nli a3, 0x80000000\nc.subw a3, a1\nli a4, 0xffffffff00000000\nc.subw a4, a1',
    expect: { a2: -0x80000000n, a3: 0x7fffffffn, a4: -1n } },
  { name: 'c.mv and c.add on any registers', body: 'li t5, -9\nc.mv t6, t5\nc.add t6, t5\nc.mv s11, t6\nc.add s11, s11\nc.mv ra, s11',
    expect: { t6: -18n, s11: -36n, ra: -36n } },
  { name: 'c.lw/c.ld/c.sw/c.sd through x8-x15 bases', scratch: [0x89abcdef_80000001n, 0x1122334455667788n],
    body: 'mv s1, sp\nc.lw a0, 0(s1)\nc.lw a1, 4(s1)\nc.ld a2, 8(s1)\nc.sd a0, 248(s1)\nc.sw a2, 124(s1)\nc.ld a3, 248(s1)\nc.lw a4, 124(s1)\nmv s1, zero',
    expect: { a0: -0x7fffffffn, a1: -0x76543211n, a2: 0x1122334455667788n, a3: -0x7fffffffn, a4: 0x55667788n } },
  { name: 'c.lwsp/c.ldsp/c.swsp/c.sdsp at their offset ends', scratch: [-2n, 0x0000000180000000n],
    body: 'c.lwsp a0, 0(sp)\nc.lwsp a1, 12(sp)\nc.ldsp a2, 8(sp)\nc.sdsp a2, 248(sp)\nc.swsp a0, 252(sp)\nc.ldsp a3, 248(sp)\nc.lwsp a4, 8(sp)',
    expect: { a0: -2n, a1: 1n, a2: 0x0000000180000000n, a3: 0xfffffffe80000000n, a4: -0x80000000n } },
  { name: 'c.ldsp/c.sdsp reach offset 504 and c.lwsp/c.swsp offset 252', body: 'li a1, 0x0123456789abcdef\nc.sdsp a1, 504(sp)\nc.ldsp a2, 504(sp)\nc.swsp a1, 252(sp)\nc.lwsp a3, 252(sp)\nc.sdsp zero, 504(sp)',
    expect: { a2: 0x0123456789abcdefn, a3: -0x76543211n } },
  { name: 'c.j, c.beqz and c.bnez go forward and backward', body: 'li a0, 0\nli s0, 3\n1: c.addi a0, 1\nc.addi s0, -1\nc.bnez s0, 1b\nc.beqz s0, 2f\nli a0, 99\n2: c.j 3f\nli a0, 98\n3: li s1, 1\nc.beqz s1, 4f\nc.addi a0, 10\n4: c.nop',
    expect: { a0: 13n, s0: 0n } },
  { name: 'c.jr and c.jalr link to the next parcel', body: 'la t0, 1f\nc.jr t0\nli a0, 99\n1: la t1, 2f\nc.jalr t1\n2: la t2, 2b\nsub a1, ra, t2\nli ra, 0\nli t0, 0\nli t1, 0\nli t2, 0',
    expect: { a1: 0n } },
]);
