// The DWARF an image carries, read by GNU binutils: `objdump -dl` puts the same source line
// on every instruction of the program's code as our own fault-report table says
// (line-table.ts), readelf decodes every debug section without a warning, and the
// functions and their scalar parameters appear as DW_TAG_subprogram/formal_parameter.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSource } from './run-program.js';
import { sourcePositionOf } from '../../compiler/line-table.js';
import { requireTool } from '../emulator/helpers/cross-tools.js';

const root = join(import.meta.dirname, '../..');
const programs = ['samples/server-chain/main.pen', 'samples/kv-store/main.pen', 'test/compiler/programs/recursion.pen', 'test/compiler/programs/many-arguments.pen'];

function tool(name: string, args: string[]): { stdout: string; stderr: string } {
  const r = spawnSync(requireTool(name), args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${name} ${args.join(' ')} failed: ${r.stderr}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

describe('DWARF agrees with GNU binutils', () => {
  it.each(programs)('%s: objdump -dl shows our line for every instruction, readelf decodes it all', (program) => {
    const built = buildSource(readFileSync(join(root, program), 'utf8'), 'main.pen');
    const dir = mkdtempSync(join(tmpdir(), 'penglaic-dwarf-'));
    let checked = 0;
    for (const image of built.images) {
      const path = join(dir, image.source.fileName);
      writeFileSync(path, image.elf);
      const decoded = tool('riscv64-unknown-elf-readelf', ['--debug-dump=info,abbrev,rawline,frames,loc,Ranges', path]);
      expect(decoded.stderr).toBe('');
      expect(decoded.stdout).not.toMatch(/[Ww]arning|corrupt|unknown/);
      for (const fn of image.source.section.functions) expect(decoded.stdout).toContain(`DW_AT_name        : ${fn.name}\n`);
      let position: string | undefined;
      for (const line of tool('riscv64-unknown-elf-objdump', ['-dl', path]).stdout.split('\n')) {
        const source = /^(\S+\.pen):(\d+)(?: \(discriminator \d+\))?$/.exec(line);
        if (source) position = `${source[1]}:${source[2]}`;
        else if (/^[0-9a-f]+ <.*>:$/.test(line)) position = undefined;
        const insn = /^\s+([0-9a-f]+):\t/.exec(line);
        if (!insn) continue;
        const ours = sourcePositionOf(image.elf, BigInt('0x' + insn[1]));
        const expected = ours && ours.line > 0 ? `${join(process.cwd(), ours.file)}:${ours.line}` : undefined;
        if (expected === undefined) continue;
        expect([insn[1], position]).toEqual([insn[1], expected]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});
