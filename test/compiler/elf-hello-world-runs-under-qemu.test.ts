import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { assemble, link, readElf } from '../../compiler/asm/index.js';
import { requireTool, writeTemp } from './asm-oracle.js';

const HELLO = `
  .section .text._start
  .globl _start
  .type _start, @function
_start:
  li a0, 1              # fd: stdout
  la a1, message
  lla a2, length
  ld a2, 0(a2)
  li a7, 64             # write
  ecall
  call finish
  .size _start, .-_start

  .text
  .type finish, @function
finish:
  la t0, counter
  lw a0, 0(t0)
  la t1, scratch
  sw a0, 0(t1)
  lw a0, 0(t1)
  addi a0, a0, -7       // 7 - 7 = exit status 0
  li a7, 93             # exit
  ecall

  .section .rodata
message: .asciz "hello, world\\n"
  .balign 8
length: .dword 13
  .data
counter: .word 7
  .bss
scratch: .zero 64
`;

function linkHello(textBase: bigint) {
  const assembled = assemble(HELLO, 'hello.s');
  expect(assembled.errors).toEqual([]);
  const linked = link([assembled.object], { textBase, entry: '_start' });
  expect(linked.errors).toEqual([]);
  return linked;
}

describe('a linked hello world', () => {
  it('prints exactly its output under qemu-riscv64 and exits 0', () => {
    const path = writeTemp('hello.elf', linkHello(0x10000n).elf);
    const run = spawnSync(requireTool('qemu-riscv64'), [path], { encoding: 'utf8' });
    expect({ stdout: run.stdout, status: run.status }).toEqual({ stdout: 'hello, world\n', status: 0 });
  });

  it('disassembles cleanly with objdump, labels and all', () => {
    const path = writeTemp('hello.elf', linkHello(0x10000n).elf);
    const listing = execFileSync(requireTool('riscv64-unknown-elf-objdump'), ['-d', path], { encoding: 'utf8' });
    expect(listing).toContain('0000000000010000 <_start>:');
    expect(listing).toMatch(/<finish>:/);
    expect(listing).toMatch(/jalr\s.*<finish>/);
    expect(listing).not.toMatch(/\.word|\.insn|unknown|\(bad\)/);
  });

  it('gives readelf nothing to warn about', () => {
    const path = writeTemp('hello.elf', linkHello(0x10000n).elf);
    const run = spawnSync(requireTool('riscv64-unknown-elf-readelf'), ['-a', path], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toMatch(/warning|error/i);
    expect(run.stdout).toMatch(/FUNC\s+GLOBAL\s+DEFAULT\s+1 _start/);
    expect(run.stdout).toMatch(/\s+\d+ FUNC\s+LOCAL\s+DEFAULT\s+1 finish/);
  });

  it('is laid out for an enclave at 0x1000: text first, one page-aligned segment per permission', () => {
    const linked = linkHello(0x1000n);
    const elf = readElf(linked.elf);
    if (!elf.ok) throw new Error(elf.error.message);
    const { entry, machine, type, flags, segments, sections } = elf.value;
    expect({ entry, machine, type, flags }).toEqual({ entry: 0x1000n, machine: 243, type: 2, flags: 0 });
    expect(segments.map((s) => [s.vaddr, s.flags, s.fileSize, s.memorySize, s.offset % 4096])).toEqual([
      [0x1000n, 5, 80, 80n, 0],
      [0x2000n, 4, 24, 24n, 0],
      [0x3000n, 6, 4, 68n, 0],
    ]);
    expect(sections.map((s) => s.name)).toEqual(['', '.text', '.rodata', '.data', '.bss', '.symtab', '.strtab', '.shstrtab']);
    expect(linked.symbols.filter((s) => s.type !== 'notype').map((s) => [s.name, s.address, s.size])).toEqual([
      ['_start', 0x1000n, 40], ['finish', 0x1028n, 40], ['message', 0x2000n, 16], ['length', 0x2010n, 8],
      ['counter', 0x3000n, 4], ['scratch', 0x3004n, 64],
    ]);
  });

  it('sets the RVC flag only when compressed instructions were emitted, and runs them', () => {
    const source = '.globl _start\n_start:\n  c.li a0, 3\n  li a7, 93\n  ecall\n';
    const linked = link([assemble(source).object], { textBase: 0x10000n, entry: '_start' });
    const elf = readElf(linked.elf);
    expect(elf.ok && elf.value.flags).toBe(1);
    const run = spawnSync(requireTool('qemu-riscv64'), [writeTemp('rvc.elf', linked.elf)]);
    expect(run.status).toBe(3);
  });
});
