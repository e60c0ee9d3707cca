// The generated assembly is GNU syntax: GNU as accepts every unit of every image, and
// GNU objdump disassembles every linked ELF cleanly, with our symbols.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MARCH, requireTool, scratchDir } from './asm-oracle.js';
import { buildSource } from './run-program.js';

const programs = [
  readFileSync(join(import.meta.dirname, '../../samples/server-call/main.pen'), 'utf8'),
  readFileSync(join(import.meta.dirname, 'programs/ipc-modes.pen'), 'utf8'),
  readFileSync(join(import.meta.dirname, 'programs/arrays-and-structs.pen'), 'utf8'),
];

describe('generated code and GNU binutils', () => {
  it('GNU as assembles every generated unit without a complaint', () => {
    const as = requireTool('riscv64-unknown-elf-as');
    const dir = scratchDir();
    let units = 0;
    for (const source of programs) {
      for (const image of buildSource(source).images) {
        for (const unit of image.source.units) {
          const path = join(dir, `${image.source.section.name}-${unit.name}.s`);
          writeFileSync(path, unit.text);
          const result = spawnSync(as, [`-march=${MARCH}`, '-o', path.replace(/\.s$/, '.o'), path], { encoding: 'utf8' });
          expect({ unit: path, stderr: result.stderr, status: result.status }).toEqual({ unit: path, stderr: '', status: 0 });
          units++;
        }
      }
    }
    expect(units).toBeGreaterThan(20);
  });

  it('objdump -d disassembles every image cleanly, showing our function symbols', () => {
    const objdump = requireTool('riscv64-unknown-elf-objdump');
    const dir = scratchDir();
    for (const source of programs) {
      for (const image of buildSource(source).images) {
        const path = join(dir, image.source.fileName);
        writeFileSync(path, image.elf);
        const listing = execFileSync(objdump, ['-d', path], { encoding: 'utf8' });
        const instructionLines = listing.split('\n').filter((line) => /^\s+[0-9a-f]+:\t/.test(line));
        expect(instructionLines.length).toBeGreaterThan(50);
        const bad = instructionLines.filter((line) => /\.word|\.short|\.insn|\(bad\)|unimp|unknown/.test(line));
        expect(bad).toEqual([]);
        expect(listing).toContain('<_start>:');
        expect(listing).toContain('<__pgl_print_flush>:');
        const readelf = spawnSync(requireTool('riscv64-unknown-elf-readelf'), ['-a', path], { encoding: 'utf8' });
        expect(readelf.stderr).toBe('');
      }
    }
  });
});
