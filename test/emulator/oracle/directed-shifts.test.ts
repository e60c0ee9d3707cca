// Shifts (unprivileged spec §4.2.1-2): register amounts are masked to 6 bits (5 for W forms),
// W results are sign-extended from bit 31, and arithmetic shifts replicate the sign bit.

import { directedSuite } from './support/directed-suite.js';

const MIN = -0x8000000000000000n;

directedSuite('RV64I shifts match qemu-riscv64', [
  { name: 'sll/srl/sra mask the amount to 6 bits', body: 'li a0, 0x8000000000000001\nli a1, 64\nsll a2, a0, a1\nli a1, 65\nsrl a3, a0, a1\nli a1, 127\nsra a4, a0, a1\nli a1, -1\nsll a5, a0, a1\nsrl a6, a0, a1',
    expect: { a2: MIN + 1n, a3: 0x4000000000000000n, a4: -1n, a5: MIN, a6: 1n } },
  { name: 'immediate shifts reach 63', body: 'li a0, -2\nslli a1, a0, 63\nsrli a2, a0, 63\nsrai a3, a0, 63\nslli a4, a0, 0\nsrai a5, a1, 1',
    expect: { a1: 0n, a2: 1n, a3: -1n, a4: -2n, a5: 0n } },
  { name: 'sllw/srlw/sraw mask to 5 bits and sign-extend', body: 'li a0, 0x00000000ffffffff\nli a1, 32\nsllw a2, a0, a1\nli a1, 63\nsrlw a3, a0, a1\nsraw a4, a0, a1\nli a1, 1\nsllw a5, a0, a1\nsrlw a6, a0, a1\nsraw a7, a0, a1',
    expect: { a2: -1n, a3: 1n, a4: -1n, a5: -2n, a6: 0x7fffffffn, a7: -1n } },
  { name: 'slliw/srliw/sraiw sign-extend from bit 31', body: 'li a0, 0x1234567880000001\nslliw a1, a0, 31\nsrliw a2, a0, 0\nsrliw a3, a0, 31\nsraiw a4, a0, 31\nsraiw a5, a0, 0\nslliw a6, a0, 1\nsrliw a7, a0, 1',
    expect: { a1: -0x80000000n, a2: -0x7fffffffn, a3: 1n, a4: -1n, a5: -0x7fffffffn, a6: 2n, a7: 0x40000000n } },
  { name: 'shifts of a register by itself', body: 'li a0, 0x45\nsll a0, a0, a0\nli a1, -5\nsra a1, a1, a1\nli a2, 0x7fffffff\nsrlw a2, a2, a2',
    expect: { a0: 0x45n << 5n, a1: -1n, a2: 0n } },
]);
