// Loads and stores of every width and sign (unprivileged spec §4.3): sign/zero extension,
// stores writing only their width, offsets at both ends of the 12-bit range, base == dest,
// and misaligned accesses (which a Linux user process sees performed, not trapped).

import { directedSuite } from './support/directed-suite.js';

const scratch = [0x8081828384858687n, 0xf0e0d0c0b0a09080n, 0x7f6f5f4f3f2f1f0fn];

directedSuite('RV64I loads and stores match qemu-riscv64', [
  { name: 'lb/lbu/lh/lhu/lw/lwu/ld extend as their names say', scratch,
    body: 'lb a0, 0(sp)\nlbu a1, 0(sp)\nlh a2, 6(sp)\nlhu a3, 6(sp)\nlw a4, 4(sp)\nlwu a5, 4(sp)\nld a6, 8(sp)\nlb a7, 16(sp)\nlh s2, 16(sp)\nlw s3, 16(sp)\nlwu s4, 16(sp)',
    expect: { a0: -0x79n, a1: 0x87n, a2: -0x7f7fn, a3: 0x8081n, a4: -0x7f7e7d7dn, a5: 0x80818283n, a6: -0x0f1f2f3f4f5f6f80n, a7: 0x0fn, s2: 0x1f0fn, s3: 0x3f2f1f0fn, s4: 0x3f2f1f0fn } },
  { name: 'sb/sh/sw/sd write only their width', scratch: [0n, 0n],
    body: 'li a0, 0x1122334455667788\nsb a0, 0(sp)\nsh a0, 2(sp)\nsw a0, 4(sp)\nsd a0, 8(sp)\nld a1, 0(sp)\nld a2, 8(sp)',
    expect: { a1: 0x5566778877880088n, a2: 0x1122334455667788n } },
  { name: 'offsets at -2048 and +2047 around a base', scratch,
    body: 'addi t0, sp, 2047\naddi t0, t0, 1\nlbu a0, -2048(t0)\naddi t1, sp, -2047\nlbu a1, 2047(t1)\nli a2, 0x5a\nsb a2, 2047(t1)\naddi t1, sp, -2040\nsd a2, 2047(t1)',
    expect: { a0: 0x87n, a1: 0x87n } },
  { name: 'a load into its own base register', scratch: [0n, 0x1234n],
    body: 'addi a0, sp, 8\nld a0, 0(a0)\naddi a1, sp, 8\nlw a1, 0(a1)', expect: { a0: 0x1234n, a1: 0x1234n } },
  { name: 'misaligned loads and stores of every width', scratch,
    body: 'lh a0, 1(sp)\nlhu a1, 7(sp)\nlw a2, 3(sp)\nlwu a3, 5(sp)\nld a4, 1(sp)\nld a5, 7(sp)\nli a6, 0x0102030405060708\nsd a6, 19(sp)\nsw a6, 29(sp)\nsh a6, 35(sp)\nld a7, 16(sp)\nld s2, 24(sp)\nld s3, 32(sp)' },
  { name: 'loads from the read-only data segment', body: 'la t0, hexdigits\nld a0, 0(t0)\nlbu a1, 15(t0)\nli t0, 0', expect: { a0: 0x3736353433323130n, a1: 0x66n } },
]);
