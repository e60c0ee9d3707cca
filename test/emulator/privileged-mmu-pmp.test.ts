// Bare-metal checks of the finer Sv39 and PMP rules: SUM, MXR, the D bit, MPRV, PMP
// NAPOT and lock bits, and a supervisor timer interrupt delegated through mideleg.

import { describe, it, expect } from 'vitest';
import { runBareProgram } from './helpers/bare-program.js';

const dropToS = (target: string): string => `
  li t0, ${3 << 11}
  csrc mstatus, t0
  li t0, ${1 << 11}
  csrs mstatus, t0
  la t0, ${target}
  csrw mepc, t0
  mret`;

/** root[2]: identity gigapage at 0x80000000 (flags); root[1]: gigapage VA 0x40000000 -> PA 0x80000000 (flags1). */
const tables = (flags: number, flags1: number): string => `
  la t0, root
  li t1, ${0x80000 * 1024 + flags}
  sd t1, 16(t0)
  li t1, ${0x80000 * 1024 + flags1}
  sd t1, 8(t0)
  srli t0, t0, 12
  li t1, 8
  slli t1, t1, 60
  or t0, t0, t1
  csrw satp, t0
  sfence.vma`;

const data = `
.section .data
.align 12
root: .zero 4096
value: .dword 0x5a
.section .text`;

/** VA of `value` through the second gigapage. */
const alias = `la t0, value\nli t1, 0x40000000\nsub t0, t0, t1`;

describe('Sv39 permission bits', () => {
  it('lets S-mode read a U page only with SUM set', () => {
    const r = runBareProgram(tables(0xcf, 0xd3) + dropToS('s') + `
      s:
        ${alias}
        li t2, 1 << 18
        csrs sstatus, t2
        ld a0, 0(t0)
        csrc sstatus, t2
        ld a1, 0(t0)
        j fail` + data, `
      csrr t1, mcause
      li t2, 13
      bne t1, t2, fail
      j exit`);
    expect(r.exitCode).toBe(0x5a);
  });

  it('reads an execute-only page only with MXR set', () => {
    const r = runBareProgram(tables(0xcf, 0xc9) + dropToS('s') + `
      s:
        ${alias}
        li t2, 1 << 19
        csrs sstatus, t2
        ld a0, 0(t0)
        csrc sstatus, t2
        ld a1, 0(t0)
        j fail` + data, `
      csrr t1, mcause
      li t2, 13
      bne t1, t2, fail
      j exit`);
    expect(r.exitCode).toBe(0x5a);
  });

  it('sets D on the first store through a page', () => {
    const r = runBareProgram(tables(0xcf, 0x47) + dropToS('s') + `
      s:
        ${alias}
        ld a1, 0(t0)
        li a1, 3
        sd a1, 0(t0)
        ecall` + data, `
      csrw satp, zero
      la t0, root
      ld t1, 8(t0)
      andi a0, t1, 0xc0
      j exit`);
    expect(r.exitCode).toBe(0xc0);
  });

  it('translates M-mode loads with MPRV as the MPP privilege', () => {
    const r = runBareProgram(tables(0xcf, 0xc3) + `
      li t0, ${3 << 11}
      csrc mstatus, t0
      li t0, ${1 << 11}
      csrs mstatus, t0
      li t0, 1 << 17
      csrs mstatus, t0
      ${alias}
      ld a0, 0(t0)
      li t0, 1 << 17
      csrc mstatus, t0
      j exit` + data);
    expect(r.exitCode).toBe(0x5a);
  });
});

describe('PMP', () => {
  it('a locked 8-byte NAPOT entry binds M-mode too, and ignores later writes', () => {
    const r = runBareProgram(`
      la t0, guarded
      srli t0, t0, 2
      csrw pmpaddr0, t0
      li t0, 0x99
      csrw pmpcfg0, t0
      csrw pmpcfg0, zero
      csrr s1, pmpcfg0
      li t0, 0x99
      bne s1, t0, fail
      la t0, guarded
      ld a0, 0(t0)
      sd a0, 0(t0)
      j fail
      .section .data
      .align 12
      guarded: .dword 9
      .section .text`, `
      csrr a0, mcause
      csrr t1, mepc
      j exit`);
    expect(r.exitCode).toBe(7);
  });
});

describe('delegated interrupts', () => {
  it('a supervisor timer interrupt set by M in mip reaches the S handler', () => {
    const r = runBareProgram(`
      li t0, 1 << 5
      csrw mideleg, t0
      csrw mie, t0
      la t0, strap
      csrw stvec, t0
      csrsi sstatus, 2` + dropToS('s') + `
      s:
        ecall
        j s
      .align 2
      strap:
        csrr a0, scause
        andi a0, a0, 0xff
        j exit`, `
      li t0, 1 << 5
      csrs mip, t0
      csrr t1, mepc
      addi t1, t1, 4
      csrw mepc, t1
      mret`);
    expect(r.exitCode).toBe(5);
  });
});
