// Sdtrig (Debug Specification 1.0, chapter 5): the guest's tselect/tdata1/tdata2/tinfo
// and mcontrol address triggers raising breakpoint exceptions before the instruction or
// access they match, in the sequence riscv-tests' rv64mi-p-breakpoint checks (M-mode
// fetch, load and store triggers; a second trigger; both armed at once) and beyond it
// (privilege bits, hit, mtval, WARL types, mcontrol6), with blocks translated and not.

import { describe, it, expect } from 'vitest';
import { assembleElf } from './helpers/cross-tools.js';
import { bareSource } from './helpers/bare-program.js';
import { runBare } from '../../emulator/bare.js';

const MCONTROL = '(2 << 60)';
const M = 1 << 6;
const U = 1 << 3;
const X = 4;
const W = 2;
const R = 1;

// gp holds the case number; only even cases may trap. The handler checks the cause,
// keeps mtval in s10, counts traps in s11 and skips the 4-byte instruction that trapped.
const handler = `
  andi t0, gp, 1
  bnez t0, fail
  csrr t1, mcause
  li t0, 3
  bne t0, t1, fail
  csrr s10, mtval
  addi s11, s11, 1
  csrr t0, mepc
  addi t0, t0, 4
  csrw mepc, t0
  mret`;

function run(body: string, translateBlocks: boolean): number | null {
  // norvc: the handler skips 4 bytes, so every instruction that may trap is 4 bytes long.
  const elf = assembleElf(bareSource('.option norvc\n' + body + '\n  li a0, 0\n  j exit\n.section .data\n.align 3\ndata1: .dword 0\ndata2: .dword 0\n.section .text\n', handler));
  const r = runBare(elf.bytes, { ramSize: 4 << 20, maxInstructions: 100_000, translateBlocks });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.exitCode;
}

const officialSequence = `
  li gp, 2
  csrw tselect, x0
  csrr a1, tselect
  bnez a1, fail
  csrr a0, tdata1
  srli a0, a0, 60
  li a1, 2
  bne a0, a1, fail
  la a2, 1f
  csrw tdata2, a2
  li a0, ${MCONTROL} | ${M | X}
  csrw tdata1, a0
  csrr a1, tdata1
  bne a0, a1, fail
.align 2
1:
  beqz x0, fail
  bne s10, a2, fail
  li gp, 3
  lw a0, (a2)
  li gp, 4
  li a0, ${MCONTROL} | ${M | R}
  csrw tdata1, a0
  csrr a1, tdata1
  bne a0, a1, fail
  la a2, data1
  csrw tdata2, a2
  lw a2, (a2)
  beqz a2, fail
  li gp, 5
  sw x0, (a2)
  li gp, 6
  li a0, ${MCONTROL} | ${M | W}
  csrw tdata1, a0
  csrr a1, tdata1
  bne a0, a1, fail
  sw a2, (a2)
  li gp, 7
  lw a2, (a2)
  bnez a2, fail
  li a0, 1
  csrw tselect, a0
  csrr a1, tselect
  bne a0, a1, fail
  li a0, ${MCONTROL} | ${M | R}
  csrw tdata1, a0
  la a3, data2
  csrw tdata2, a3
  li gp, 8
  lw a3, (a3)
  beqz a3, fail
  li gp, 10
  la a2, data1
  sw a2, (a2)
  li gp, 11
  lw a2, (a2)
  bnez a2, fail
  li t0, 5
  bne s11, t0, fail`;

describe('Sdtrig triggers', () => {
  for (const translateBlocks of [true, false]) {
    it(`fires fetch, load and store triggers before the instruction, as rv64mi-p-breakpoint checks (blocks ${translateBlocks ? 'on' : 'off'})`, () => {
      expect(run(officialSequence, translateBlocks)).toBe(0);
    });
  }

  it('a trigger fires in a loop the machine has translated, on the exact iteration', () => {
    // 40 passes over `loop` make it a hot block; the trigger is armed on the 30th and skips
    // `target` on the ten passes left.
    expect(run(`
      li gp, 2
      li s1, 0
      la a2, target
      csrw tdata2, a2
    loop:
      addi s1, s1, 1
      li t0, 30
      bne s1, t0, 2f
      li a0, ${MCONTROL} | ${M | X}
      csrw tdata1, a0
    2:
      li t0, 40
      beq s1, t0, done
    target:
      addi s2, s2, 1
      j loop
    done:
      csrw tdata1, x0
      li t0, 10
      bne s11, t0, fail
      li t0, 29
      bne s2, t0, fail`, true)).toBe(0);
  });

  it('keeps only what it supports: tselect past the last trigger, unknown types, actions, hit, tinfo', () => {
    expect(run(`
      li gp, 1
      li a0, 4
      csrw tselect, a0
      csrr a1, tselect
      bnez a1, fail
      li a0, 3
      csrw tselect, a0
      csrr a1, tselect
      bne a0, a1, fail
      csrw tselect, x0
      li a0, (3 << 60) | 0x44
      csrw tdata1, a0
      csrr a1, tdata1
      li a0, 15 << 60
      bne a0, a1, fail
      li a0, ${MCONTROL} | (1 << 12) | (1 << 59) | ${M | X}
      csrw tdata1, a0
      csrr a1, tdata1
      li a0, ${MCONTROL} | ${M | X}
      bne a0, a1, fail
      csrr a1, tinfo
      li a0, (1 << 24) | (1 << 2) | (1 << 6) | (1 << 15)
      bne a0, a1, fail
      csrw tdata1, x0
      csrr a1, tdata3
      bnez a1, fail`, true)).toBe(0);
  });

  it('an mcontrol6 store trigger sets hit0 and reports the address in mtval; U-only triggers stay quiet in M-mode', () => {
    expect(run(`
      li gp, 2
      la a2, data2
      csrw tdata2, a2
      li a0, (6 << 60) | ${M | W}
      csrw tdata1, a0
      addi a3, a2, 4
      sw a3, 0(a3)
      sw a3, 0(a2)
      ld a4, (a2)
      srli a4, a4, 32
      bne a4, a3, fail
      bne s10, a2, fail
      csrr a1, tdata1
      li a0, (6 << 60) | (1 << 22) | ${M | W}
      bne a0, a1, fail
      li gp, 3
      li a0, ${MCONTROL} | ${U | W | R | X}
      csrw tdata1, a0
      sw a3, (a2)
      lwu a4, (a2)
      bne a4, a3, fail`, false)).toBe(0);
  });

  it('tselect and tdata1 are M-mode CSRs: S and U get illegal instruction', () => {
    const elf = assembleElf(bareSource(`
      li t0, ${3 << 11}
      csrc mstatus, t0
      la t0, user
      csrw mepc, t0
      mret
    user:
      csrw tselect, x0
      j fail`, `
      csrr t1, mcause
      li t0, 2
      bne t0, t1, fail
      li a0, 0
      j exit`));
    const r = runBare(elf.bytes, { ramSize: 4 << 20, maxInstructions: 10_000 });
    expect(r.ok && r.value.exitCode).toBe(0);
  });
});
