// `penglaic emu` runs one ELF: a static Linux user program (same output and status as
// under qemu-riscv64), or with --bare a bare-metal program that exits through HTIF.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assembleElf, compileC, requireTool } from '../emulator/helpers/cross-tools.js';
import { LINUX_STUBS_C } from '../emulator/helpers/linux-stubs.js';
import { bareSource } from '../emulator/helpers/bare-program.js';
import { penglaic, scratchDir } from './cli.js';

const PROGRAM = String.raw`
int main(int argc, char **argv) {
  puts_("args:");
  for (int i = 1; i < argc; i++) { puts_(" "); puts_(argv[i]); }
  puts_("\n");
  u64 f = 1;
  for (int i = 1; i <= 20; i++) f *= i;
  puts_("20! = "); putu(f); puts_("\n");
  return 7;
}`;

describe('penglaic emu', () => {
  it('runs a static Linux ELF like qemu-riscv64: same output, same exit status', () => {
    const elf = compileC({ 'prog.c': LINUX_STUBS_C + PROGRAM });
    const ours = penglaic(['emu', elf.path, 'one', 'two'], scratchDir());
    const qemu = spawnSync(requireTool('qemu-riscv64'), [elf.path, 'one', 'two'], { encoding: 'utf8' });
    expect(ours.stdout).toBe('args: one two\n20! = 2432902008176640000\n');
    expect(ours.stdout).toBe(qemu.stdout);
    expect(ours.status).toBe(7);
    expect(qemu.status).toBe(7);
  });

  it('--stats reports retired instructions, wall time and MIPS', () => {
    const elf = compileC({ 'prog.c': LINUX_STUBS_C + PROGRAM });
    const run = penglaic(['emu', '--stats', elf.path], scratchDir());
    expect(run.stderr).toMatch(/^instructions: \d+\nwall time: [\d.]+ ms\nMIPS: [\d.]+\n$/);
  });

  it('--bare boots in M-mode and exits with the HTIF status', () => {
    const elf = assembleElf(bareSource('li a0, 3\nj exit'));
    const run = penglaic(['emu', '--bare', elf.path], scratchDir());
    expect(run.status).toBe(3);
  });

  it('a file that is not an ELF is a clear error', () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'junk.elf'), 'not an elf at all');
    const run = penglaic(['emu', 'junk.elf'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^penglaic: error: junk.elf: .+\n$/);
  });
});
