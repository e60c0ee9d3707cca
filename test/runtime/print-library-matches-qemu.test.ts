// The runtime's print helpers, linked into a tiny Linux program, print exactly the
// expected text under qemu-riscv64 (an emulator we did not write) and under ours.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assembleAndLink } from '../../compiler/asm/index.js';
import { LinuxSyscall } from '../../runtime/abi.js';
import { commonLibrary } from '../../runtime/lib/common.js';
import { printLibrary } from '../../runtime/lib/print.js';
import { runLinuxElf } from '../../emulator/linux-user.js';
import { requireTool, scratchDir } from '../compiler/asm-oracle.js';

const cases: { call: string; value: string; text: string }[] = [
  { call: '__pgl_print_u64', value: '0', text: '0' },
  { call: '__pgl_print_u64', value: '18446744073709551615', text: '18446744073709551615' },
  { call: '__pgl_print_i64', value: '-1', text: '-1' },
  { call: '__pgl_print_i64', value: '-9223372036854775808', text: '-9223372036854775808' },
  { call: '__pgl_print_i64', value: '9223372036854775807', text: '9223372036854775807' },
  { call: '__pgl_print_hex', value: '0', text: '0x0' },
  { call: '__pgl_print_hex', value: '0x19960000', text: '0x19960000' },
  { call: '__pgl_print_hex', value: '-1', text: '0xffffffffffffffff' },
  { call: '__pgl_print_bool', value: '1', text: 'true' },
  { call: '__pgl_print_bool', value: '0', text: 'false' },
];

function program(): Uint8Array {
  const body = cases
    .map((c) => `    li a0, ${c.value}\n    call ${c.call}\n    la a0, space\n    li a1, 1\n    call __pgl_print_bytes`)
    .join('\n');
  const main = `
    .section .text._start
    .globl _start
_start:
${body}
    call __pgl_print_flush
    # A line longer than the 4 KiB buffer is flushed in pieces, nothing lost.
    li s1, 5000
1:
    la a0, letter
    li a1, 1
    call __pgl_print_bytes
    addi s1, s1, -1
    bnez s1, 1b
    call __pgl_print_flush
    li a0, 0
    li a7, ${LinuxSyscall.EXIT}
    ecall
    .globl __pgl_abort
__pgl_abort:
    li a7, ${LinuxSyscall.EXIT}
    ecall
    .section .rodata
space:
    .ascii " "
letter:
    .ascii "x"
`;
  const linked = assembleAndLink(
    [
      { text: main, fileName: 'main.s' },
      { text: printLibrary('host'), fileName: 'print.s' },
      { text: commonLibrary(), fileName: 'common.s' },
    ],
    { textBase: 0x10000n, entry: '_start' },
  );
  expect(linked.errors).toEqual([]);
  return linked.elf;
}

const expected = cases.map((c) => c.text + ' ').join('') + 'x'.repeat(5000);

describe('runtime print library', () => {
  it('prints every edge value exactly under qemu-riscv64', () => {
    const dir = scratchDir();
    const path = join(dir, 'print.elf');
    writeFileSync(path, program(), { mode: 0o755 }); // qemu-user refuses a file without the execute bit
    const run = spawnSync(requireTool('qemu-riscv64'), [path], { encoding: 'utf8' });
    expect(run.stdout).toBe(expected);
    expect(run.status).toBe(0);
  });

  it('prints the same under our emulator', () => {
    let stdout = '';
    const result = runLinuxElf(program(), { stdout: (b) => (stdout += Buffer.from(b).toString()) });
    expect(result.ok).toBe(true);
    expect(stdout).toBe(expected);
    if (result.ok) expect(result.value.exitCode).toBe(0);
  });
});
