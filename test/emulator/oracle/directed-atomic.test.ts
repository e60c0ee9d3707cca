// RV64A (unprivileged spec ch. 8): every AMO in .w and .d form, signed and unsigned min/max,
// .w results sign-extended into rd, rd == rs2 aliasing, and LR/SC success and failure paths
// whose outcome the spec fixes (SC with no reservation, SC to another address, SC after SC).

import { directedSuite } from './support/directed-suite.js';

const scratch = [0x8000000000000001n, 0x00000000fffffffen, 0x7fffffff80000000n, 5n, -1n, 0n];

function amo(op: string): { name: string; body: string; scratch: bigint[] } {
  return {
    name: `${op}.w and ${op}.d update memory and return the old value`,
    scratch,
    body: [`li a1, 0x00000001fffffff0`, `${op}.d a0, a1, (sp)`, `addi t0, sp, 8`, `${op}.w a2, a1, (t0)`, `addi t0, sp, 12`, `${op}.w a3, a1, (t0)`,
      `addi t0, sp, 16`, `li a4, -3`, `${op}.w a5, a4, (t0)`, `addi t0, sp, 20`, `${op}.w a6, a4, (t0)`, `addi t0, sp, 24`, `${op}.d a7, a4, (t0)`,
      `addi t0, sp, 32`, `${op}.d s2, a4, (t0)`, `addi t0, sp, 40`, `${op}.d s3, a1, (t0)`].join('\n'),
  };
}

directedSuite('RV64A atomics match qemu-riscv64', [
  ...['amoswap', 'amoadd', 'amoxor', 'amoand', 'amoor', 'amomin', 'amomax', 'amominu', 'amomaxu'].map(amo),
  { name: 'amo .w results are sign-extended into rd', scratch: [0x00000000_80000000n], body: 'li a1, 0\namoadd.w a0, a1, (sp)\namoor.w a2, a1, (sp)\nlw a3, 0(sp)',
    expect: { a0: -0x80000000n, a2: -0x80000000n, a3: -0x80000000n } },
  { name: 'amo with rd == rs2 returns the old value and stores the source', scratch: [7n], body: 'li a0, 3\namoadd.d a0, a0, (sp)\nld a1, 0(sp)\nli a2, 9\namoswap.w a2, a2, (sp)\nld a3, 0(sp)',
    expect: { a0: 7n, a1: 10n, a2: 10n, a3: 9n } },
  { name: 'amo with rd == zero still writes memory', scratch: [7n], body: 'li a0, 5\namoadd.d zero, a0, (sp)\nld a1, 0(sp)', expect: { a1: 12n } },
  { name: 'lr/sc on the same address succeeds and stores', scratch: [0x1111n, 0x2222n], body: 'lr.d a0, (sp)\nli a1, 0x77\nsc.d a2, a1, (sp)\naddi t0, sp, 8\nlr.w a3, (t0)\nli a4, -1\nsc.w a5, a4, (t0)\nld a6, 8(sp)',
    expect: { a0: 0x1111n, a2: 0n, a3: 0x2222n, a5: 0n, a6: 0xffffffffn } },
  { name: 'sc fails with no reservation and leaves memory', scratch: [0x1111n], body: 'li a1, 0x55\nlr.d a0, (sp)\nsc.d a2, a1, (sp)\nsc.d a3, a1, (sp)\nld a4, 0(sp)',
    expect: { a2: 0n, a3: 1n, a4: 0x55n } },
  { name: 'sc to an address outside the reservation fails', scratch: [0x1111n], body: 'lr.d a0, (sp)\naddi t0, sp, 128\nli a1, 0x66\nsc.d a2, a1, (t0)\nld a3, 128(sp)\nsc.d a4, a1, (sp)\nld a5, 0(sp)',
    expect: { a0: 0x1111n, a2: 1n, a4: 1n, a5: 0x1111n } },
  { name: 'lr.w sign-extends and sc.w stores only a word', scratch: [0xaaaaaaaa_80000000n], body: 'lr.w a0, (sp)\nli a1, 0x123456789\nsc.w a2, a1, (sp)\nld a3, 0(sp)',
    expect: { a0: -0x80000000n, a2: 0n, a3: 0xaaaaaaaa_23456789n } },
  { name: 'aq/rl ordering bits do not change results', scratch: [1n], body: 'li a1, 2\namoadd.d.aqrl a0, a1, (sp)\nlr.d.aq a2, (sp)\nsc.d.rl a3, a1, (sp)\namoswap.w.aq a4, a1, (sp)\nld a5, 0(sp)',
    expect: { a0: 1n, a2: 3n, a3: 0n, a4: 2n, a5: 2n } },
]);
