// `penglaic emu --gdb PORT`: a static Linux ELF built by GCC with -g, debugged by
// gdb-multiarch in batch mode: a breakpoint at main, an argument, a hardware watchpoint
// (Z2, reported before the store: gdb steps it and shows old and new values), a hardware
// breakpoint (Z1), finish, locals, and the run to the end with output and status unchanged.
import { describe, expect, it } from 'vitest';
import { dirname, join } from 'node:path';
import { assembleElf, compileC } from '../emulator/helpers/cross-tools.js';
import { bareSource } from '../emulator/helpers/bare-program.js';
import { LINUX_STUBS_C } from '../emulator/helpers/linux-stubs.js';
import { penglaic } from './cli.js';
import { debugWithGdb } from './gdb-session.js';

const PROGRAM = String.raw`
int main(int argc, char **argv) {
  u64 f = 1;
  for (int i = 1; i <= 20; i++) f *= i;
  puts_("20! = "); putu(f); puts_("\n");
  return argc + 4;
}`;

describe('penglaic emu --gdb', () => {
  it('debugs a Linux ELF: break main, an argument, watch, hbreak, finish; same exit status and output', async () => {
    const elf = compileC({ 'prog.c': LINUX_STUBS_C + PROGRAM }, ['-g', '-O0']);
    const dir = dirname(elf.path);
    const plain = penglaic(['emu', elf.path, 'one', 'two'], dir);
    const script = ['break main', 'continue', 'print argc', 'watch f', 'continue', 'delete 2', 'hbreak putu', 'continue', 'finish', 'info locals', 'continue', ''].join('\n');
    const { gdb, status, stdout } = await debugWithGdb(dir, 'emu', [elf.path, 'one', 'two'], elf.path, script);
    const source = join(dir, 'prog.c');
    const line = (LINUX_STUBS_C + PROGRAM).split('\n').findIndex((l) => l.includes('u64 f = 1;')) + 1;
    const lines = gdb.stdout.split('\n');
    expect(gdb.stderr).toBe('');
    expect(lines[0]).toMatch(new RegExp(`^_start \\(\\) at ${source}:\\d+$`));
    expect(lines[2]).toMatch(new RegExp(`^Breakpoint 1 at 0x[0-9a-f]+: file ${source}, line ${line}\\.$`));
    expect(lines[4]).toMatch(new RegExp(`^Breakpoint 1, main \\(argc=3, argv=0x[0-9a-f]+\\) at ${source}:${line}$`));
    const putu = (LINUX_STUBS_C + PROGRAM).split('\n').findIndex((l) => l.startsWith('void putu(')) + 1;
    expect(lines[15]).toMatch(new RegExp(`^Hardware assisted breakpoint 3 at 0x[0-9a-f]+: file ${source}, line ${putu}\\.$`));
    expect([lines[3], ...lines.slice(5, 15), ...lines.slice(16)]).toEqual([
      '',
      `${line}\t  u64 f = 1;`,
      '$1 = 3',
      'Hardware watchpoint 2: f',
      '',
      'Hardware watchpoint 2: f',
      '',
      'Old value = 0',
      'New value = 1',
      `main (argc=3, argv=${/argv=(0x[0-9a-f]+)/.exec(lines[4])![1]}) at ${source}:${line + 1}`,
      `${line + 1}\t  for (int i = 1; i <= 20; i++) f *= i;`,
      '',
      `Breakpoint 3, putu (v=2432902008176640000) at ${source}:${putu}`,
      `${putu}\t${(LINUX_STUBS_C + PROGRAM).split('\n')[putu - 1]}`,
      `main (argc=3, argv=${/argv=(0x[0-9a-f]+)/.exec(lines[4])![1]}) at ${source}:${line + 2}`,
      `${line + 2}\t  puts_("20! = "); putu(f); puts_("\\n");`,
      'f = 2432902008176640000',
      '[Inferior 1 (Remote target) exited with code 07]',
      '',
    ]);
    expect(status).toBe(7);
    expect(plain.status).toBe(7);
    expect(stdout).toBe(plain.stdout);
  }, 180_000);

  it('debugs a bare-metal ELF in M-mode: a breakpoint on a label, registers, stepi, the HTIF exit status', async () => {
    const elf = assembleElf(bareSource('li a0, 5\nli t1, 7\nadd a0, a0, t1\nj exit'));
    const dir = dirname(elf.path);
    const script = ['break exit', 'continue', 'print $a0', 'print $t1', 'stepi', 'print $a0', 'continue', ''].join('\n');
    const { gdb, status } = await debugWithGdb(dir, 'emu', ['--bare', elf.path], elf.path, script);
    expect(gdb.stderr).toBe('');
    const lines = gdb.stdout.split('\n');
    expect(lines[0]).toMatch(/^0x0*80000000 in _start \(\)$/);
    expect(lines[1]).toMatch(/^Breakpoint 1 at 0x8000[0-9a-f]{4}$/);
    expect(lines.slice(2, 5)).toEqual(['', expect.stringMatching(/^Breakpoint 1, 0x0*8000[0-9a-f]{4} in exit \(\)$/), '$1 = 12']);
    expect(lines.slice(5)).toEqual(['$2 = 7', expect.stringMatching(/^0x0*8000[0-9a-f]{4} in exit \(\)$/), '$3 = 24', '[Inferior 1 (Remote target) exited with code 014]', '']);
    expect(status).toBe(12); // gdb prints it in octal
  }, 180_000);
});
