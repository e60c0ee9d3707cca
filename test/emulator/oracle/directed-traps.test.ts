// Instructions that end a Linux user process: each runs alone in its own ELF and both
// machines must die the same way (exit status 128 + signal: SIGILL 4, SIGTRAP 5, SIGBUS 7,
// SIGSEGV 11), after the same output. Privileged spec §3.1.15 (causes) and table 9.2.

import { describe, it, expect } from 'vitest';
import { buildLinuxElf, runQemu, runOurs } from './support/toolchain.js';

const SIGILL = 132;
const SIGTRAP = 133;
const SIGBUS = 135;
const SIGSEGV = 139;

const cases: [name: string, body: string, status: number][] = [
  ['ebreak raises SIGTRAP', 'ebreak', SIGTRAP],
  ['c.ebreak raises SIGTRAP', 'c.ebreak', SIGTRAP],
  ['the all-zero parcel is illegal', '.hword 0', SIGILL],
  ['the all-ones word is illegal', '.word 0xffffffff', SIGILL],
  ['unimp (csrrw x0, cycle, x0) is illegal', 'unimp', SIGILL],
  ['writing the read-only cycle CSR is illegal', 'csrw cycle, a0', SIGILL],
  ['reading a machine CSR from user mode is illegal', 'csrr a0, mstatus', SIGILL],
  ['reading a supervisor CSR from user mode is illegal', 'csrr a0, sstatus', SIGILL],
  ['rdcycleh does not exist on RV64', '.word 0xc8002573', SIGILL],
  ['mret in user mode is illegal', 'mret', SIGILL],
  ['sret in user mode is illegal', 'sret', SIGILL],
  ['wfi in user mode is illegal', '.word 0x10500073', SIGILL],
  ['sfence.vma in user mode is illegal', 'sfence.vma', SIGILL],
  ['c.lui with a zero immediate is reserved', '.hword 0x6501', SIGILL],
  ['c.addi4spn with a zero immediate is reserved', '.hword 0x0000 | (1 << 2)', SIGILL],
  ['c.jr with rs1 = x0 is reserved', '.hword 0x8002', SIGILL],
  ['c.lwsp with rd = x0 is reserved', '.hword 0x4002', SIGILL],
  ['an RV32-only shift amount (slli with shamt bit 6 via OP-IMM-32) is illegal', '.word 0x0200151b', SIGILL],
  ['a load from an unmapped address raises SIGSEGV', 'li a0, 0x100000\nld a1, 0(a0)', SIGSEGV],
  ['a store to the read-only text raises SIGSEGV', 'la a0, _start\nsd zero, 0(a0)', SIGSEGV],
  ['a jump to an unmapped address raises SIGSEGV', 'li a0, 0x200000\njr a0', SIGSEGV],
  ['a load into x0 from an unmapped address still faults', 'li a0, 0x100000\nlw x0, 0(a0)', SIGSEGV],
  ['c.ld through an unmapped base faults', 'li s0, 0x100000\nc.ld a0, 8(s0)', SIGSEGV],
  ['an AMO with rd = x0 on an unmapped address faults', 'li a0, 0x100000\namoadd.d x0, a1, (a0)', SIGSEGV],
  ['lr.w into x0 from an unmapped address faults', 'li a0, 0x100000\nlr.w x0, (a0)', SIGSEGV],
  ['a store to a read-only page through an AMO faults', 'la a0, msg_ro\namoor.w a1, a1, (a0)', SIGSEGV],
  ['executing the writable data segment faults', 'la a0, cell\njr a0', SIGSEGV],
  ['executing the stack faults', 'addi sp, sp, -16\nli a0, 0x00000013\nsw a0, 0(sp)\njr sp', SIGSEGV],
  ['exit_group keeps the low 8 bits of its status', 'li a0, 0x1207\nli a7, 94\necall', 7],
  ['jalr to address 0 faults', 'jalr x0, 0(x0)', SIGSEGV],
  ['a misaligned AMO raises SIGBUS', 'la a0, cell\naddi a0, a0, 1\namoadd.w a1, a1, (a0)', SIGBUS],
  ['a misaligned lr.d raises SIGBUS', 'la a0, cell\naddi a0, a0, 4\nlr.d a1, (a0)', SIGBUS],
  ['a float instruction with the reserved static rounding mode 5 is illegal', '.word 0x02c5d553', SIGILL],
  ['a float instruction with the reserved static rounding mode 6 is illegal', '.word 0x02c5e553', SIGILL],
  ['a dynamic rounding mode is illegal while frm holds a reserved value', 'fsrmi 5\nfadd.d fa0, fa1, fa2', SIGILL],
  ['frm = 7 makes dyn illegal too', 'fsrmi 7\nfcvt.w.d a0, fa0', SIGILL],
  ['a frm outside 0-4 is accepted while nothing rounds with it', 'fsrmi 6\nfsgnj.d fa0, fa1, fa2\nfmv.x.d a0, fa0\nfsrmi 0', 0],
  ['fcvt.d.w with a static rounding mode executes (it is exact)', '.word 0xd21c3253', 0],
  ['a float load from an unmapped address raises SIGSEGV', 'li a0, 0x100000\nfld fa0, 0(a0)', SIGSEGV],
  ['c.fsdsp to the read-only text faults', 'la sp, _start\nc.fsdsp fa0, 8(sp)', SIGSEGV],
];

function program(body: string): string {
  return ['.option rvc', '.text', '.globl _start', '_start:', 'li a0, 1', 'la a1, msg', 'li a2, 6', 'li a7, 64', 'ecall', body,
    'li a0, 0', 'li a7, 93', 'ecall', '.data', '.balign 8', 'cell: .dword 0, 0', 'msg: .ascii "start\\n"', '.section .rodata', '.balign 8', 'msg_ro: .dword 0', ''].join('\n');
}

describe('faulting instructions end the process as under qemu-riscv64', () => {
  for (const [name, body, status] of cases) {
    it(name, () => {
      const elf = buildLinuxElf(program(body));
      const qemu = runQemu(elf.path);
      const ours = runOurs(elf.bytes);
      expect(qemu).toEqual({ stdout: 'start\n', exitCode: status });
      expect({ stdout: ours.stdout, exitCode: ours.exitCode }).toEqual(qemu);
    });
  }

});
