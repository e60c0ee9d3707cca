// Bare-metal programs (GNU as, linked at 0x80000000) that exercise traps, delegation,
// Sv39 faults, PMP, the timer and HTIF; each ends with an HTIF exit status to check.

import { describe, it, expect } from 'vitest';
import { runBareProgram } from './helpers/bare-program.js';

/** Enter U-mode (or S with mpp=1) at label `target`. */
const dropTo = (mpp: number, target: string): string => `
  li t0, ${3 << 11}
  csrc mstatus, t0
  li t0, ${mpp << 11}
  csrs mstatus, t0
  la t0, ${target}
  csrw mepc, t0
  mret`;

/** An identity gigapage over 0x80000000 with the given PTE flags (D|A|X|W|R|V = 0xcf). */
const sv39Identity = (flags: number): string => `
  la t0, root
  li t1, ${0x80000 * 1024 + flags}
  sd t1, 16(t0)
  srli t0, t0, 12
  li t1, 8
  slli t1, t1, 60
  or t0, t0, t1
  csrw satp, t0
  sfence.vma`;

const tables = `
.section .data
.align 12
root: .zero 4096`;

describe('traps, privilege and HTIF', () => {
  it('exits with the HTIF status and prints through the console device', () => {
    const r = runBareProgram(`
      la t0, tohost
      li t1, 0x0101000000000068
      sd t1, 0(t0)
      li t1, 0x0101000000000069
      sd t1, 0(t0)
      li a0, 7
      j exit`);
    expect([r.reason, r.exitCode, r.output]).toEqual(['htif-exit', 7, 'hi']);
  });

  it('traps an ECALL from U-mode into M with mcause 8 and mepc at the ecall', () => {
    const r = runBareProgram(dropTo(0, 'user') + `
      user: ecall`, `
      csrr a0, mcause
      csrr t1, mepc
      la t2, user
      bne t1, t2, fail
      csrr t1, mstatus
      srli t1, t1, 11
      andi t1, t1, 3
      bnez t1, fail
      j exit`);
    expect(r.exitCode).toBe(8);
  });

  it('delegates a U-mode ECALL to S-mode through medeleg and returns with SRET', () => {
    const r = runBareProgram(`
      li t0, 1 << 8
      csrw medeleg, t0
      la t0, strap
      csrw stvec, t0` + dropTo(1, 'super') + `
      super:
        la t0, user
        csrw sepc, t0
        li t0, 1 << 8
        csrc sstatus, t0
        sret
      user:
        ecall
        li a0, 1
        j exit
      strap:
        csrr a0, scause
        csrr t1, sepc
        addi t1, t1, 4
        csrw sepc, t1
        li t0, 1 << 8
        csrr t2, sstatus
        and t2, t2, t0
        bnez t2, fail
        addi a0, a0, 32
        j exit`);
    expect(r.exitCode).toBe(40);
  });

  it('reports an illegal instruction with its bits in mtval', () => {
    const r = runBareProgram('.word 0xffffffff', `
      csrr a0, mcause
      csrr t1, mtval
      li t2, 0xffffffff
      bne t1, t2, fail
      j exit`);
    expect(r.exitCode).toBe(2);
  });

  it('takes a load page fault on an unmapped Sv39 address with the address in mtval', () => {
    const r = runBareProgram(sv39Identity(0xcf) + dropTo(1, 'super') + `
      super:
        li t0, 0x40000008
        ld t1, 0(t0)
        j fail` + `
      ${tables}
      .section .text`, `
      csrr a0, mcause
      csrr t1, mtval
      li t2, 0x40000008
      bne t1, t2, fail
      j exit`);
    expect(r.exitCode).toBe(13);
  });

  it('takes a store page fault on a read-only page and sets A on the accessed PTE', () => {
    const r = runBareProgram(sv39Identity(0x0b) + dropTo(1, 'super') + `
      super:
        la t0, root
        ld t1, 0(t0)
        sd t1, 0(t0)
        j fail` + `
      ${tables}
      .section .text`, `
      csrr a0, mcause
      csrw satp, zero
      la t0, root
      ld t1, 16(t0)
      andi t1, t1, 0xc0
      li t2, 0x40
      bne t1, t2, fail
      j exit`);
    expect(r.exitCode).toBe(15);
  });

  it('never lets S-mode execute from a U page', () => {
    const r = runBareProgram(sv39Identity(0xdf) + dropTo(1, 'super') + `
      super:
        la t0, root
        ld t1, 0(t0)
        j fail` + `
      ${tables}
      .section .text`, `
      csrr a0, mcause
      j exit`);
    expect(r.exitCode).toBe(12);
  });

  it('blocks S-mode with PMP while M-mode still reaches the region', () => {
    const r = runBareProgram(`
      la t0, secret
      srli t0, t0, 2
      ori t0, t0, 0
      csrw pmpaddr0, t0
      la t0, secret
      addi t0, t0, 8
      srli t0, t0, 2
      csrw pmpaddr1, t0
      li t0, -1
      csrw pmpaddr2, t0
      li t0, (0x1f << 16) | (0x08 << 8)
      csrw pmpcfg0, t0
      la t0, secret
      ld t1, 0(t0)` + dropTo(1, 'super') + `
      super:
        la t0, secret
        ld t1, 0(t0)
        j fail
      .section .data
      .align 3
      secret: .dword 42
      .section .text`, `
      csrr a0, mcause
      csrr t1, mtval
      la t2, secret
      bne t1, t2, fail
      j exit`);
    expect(r.exitCode).toBe(5);
  });

  it('delivers a machine timer interrupt from CLINT mtimecmp', () => {
    const r = runBareProgram(`
      li t0, 0x200bff8
      ld t1, 0(t0)
      addi t1, t1, 50
      li t0, 0x2004000
      sd t1, 0(t0)
      li t0, 1 << 7
      csrw mie, t0
      csrsi mstatus, 8
      li a1, 0
      spin: addi a1, a1, 1
      j spin`, `
      csrr t0, mcause
      bgez t0, fail
      andi a0, t0, 0xff
      li t1, 200
      blt a1, t1, fail
      j exit`);
    expect(r.exitCode).toBe(7);
  });

  it('wakes from WFI when the timer fires and stops with reason wfi when nothing can wake it', () => {
    const woke = runBareProgram(`
      li t0, 0x200bff8
      ld t1, 0(t0)
      addi t1, t1, 1000
      li t0, 0x2004000
      sd t1, 0(t0)
      li t0, 1 << 7
      csrw mie, t0
      csrsi mstatus, 8
      wfi
      j fail`, `
      csrr t0, mcause
      andi a0, t0, 0xff
      j exit`);
    expect(woke.exitCode).toBe(7);
    const stuck = runBareProgram('wfi\nj fail');
    expect([stuck.reason, stuck.exitCode]).toEqual(['wfi', null]);
  });

  it('sends interrupts to BASE + 4 * cause in vectored mode', () => {
    const r = runBareProgram(`
      la t0, vectors
      ori t0, t0, 1
      csrw mtvec, t0
      li t0, 0x2004000
      sd zero, 0(t0)
      li t0, 1 << 7
      csrw mie, t0
      csrsi mstatus, 8
      1: j 1b
      .align 6
      .option push
      .option norvc
      vectors:
        .rept 7
        j fail
        .endr
        li a0, 77
        j exit
      .option pop`);
    expect(r.exitCode).toBe(77);
  });
});
