// The build assembles each program's own code from lines held as values (asm/lines.ts),
// never from text. Its text (`--emit asm`, what GNU as is checked against) must be the same
// program: assembling the text gives the same object, errors and line numbers included,
// and linking it gives the same ELF, byte for byte.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { assemble, assembleLines, link, renderLines, type AsmLine } from '../../compiler/asm/index.js';
import { generateImage } from '../../compiler/codegen/image-codegen.js';
import { imageLinkOptions } from '../../compiler/build.js';
import { generateProgram } from '../../scripts/bench/generated-program.js';
import { buildSource } from './run-program.js';

const root = join(import.meta.dirname, '../..');
const samples = readdirSync(join(root, 'samples'))
  .map((name) => join(root, 'samples', name, 'main.pen'))
  .filter((path) => existsSync(path));
const programs = readdirSync(join(import.meta.dirname, 'programs')).map((name) => join(import.meta.dirname, 'programs', name));
const sources: [string, string][] = [
  ...[...samples, ...programs].map((path): [string, string] => [path.slice(root.length + 1), readFileSync(path, 'utf8')]),
  ['the generated 10,000-line benchmark program', generateProgram(10_000)],
];

describe('assembling lines and assembling their text agree', () => {
  it.each(sources)('for every image of %s: same objects, same ELF files', (_, source) => {
    const built = buildSource(source);
    expect(built.images.length).toBe(built.checked.sections.length);
    for (const image of built.images) {
      const { lines, debug } = generateImage(built.checked, image.source.section, [], undefined, (s) => built.measurements.get(s));
      const fileName = `${image.source.section.name}.s`;
      const fromText = assemble(image.source.units[0]!.text, fileName);
      expect(assembleLines(lines, fileName)).toEqual(fromText);
      const objects = [fromText.object, ...image.source.units.slice(1).map((unit) => assemble(unit.text, unit.name).object)];
      const relinked = link(objects, imageLinkOptions(built.checked, image.source, debug));
      expect(relinked.errors).toEqual([]);
      expect(Buffer.from(relinked.elf).equals(Buffer.from(image.elf))).toBe(true);
    }
  });

  it('for lines that must go through their text: other mnemonics, values out of range, bad names, errors', () => {
    const lines: AsmLine[] = [
      { k: 'section', name: '.text' },
      { k: 'label', name: 'f' },
      { k: 'op', mnemonic: 'neg', a: 'a0', b: 'a1' },
      { k: 'op', mnemonic: 'sext.w', a: 't0', b: 't1' },
      { k: 'op', mnemonic: 'li', a: 'a0', b: 5497841002260219728n },
      { k: 'op', mnemonic: 'li', a: 'a0', b: -1234567890 },
      { k: 'op', mnemonic: 'addi', a: 'a0', b: 'a0', c: 4096 },
      { k: 'op', mnemonic: 'slli', a: 'a0', b: 'a0', c: 64 },
      { k: 'op', mnemonic: 'add', a: 'a0', b: 'q9', c: 'a1' },
      { k: 'op', mnemonic: 'beqz', a: 'a0', b: '1f' },
      { k: 'mem', mnemonic: 'ld', reg: 'a0', offset: 4096, base: 'sp' },
      { k: 'mem', mnemonic: 'addi', reg: 'a0', offset: 8, base: 'sp' },
      { k: 'op', mnemonic: 'bogus', a: 'a0' },
      { k: 'label', name: '1' },
      { k: 'op', mnemonic: 'j', a: 'f' },
      { k: 'text', text: '    # a comment; then two statements' },
      { k: 'text', text: '    nop; ret' },
      { k: 'align', log2: 17 },
      { k: 'section', name: '.rodata' },
      { k: 'bytes', bytes: Uint8Array.from({ length: 40 }, (_, i) => i * 7) },
      { k: 'bytes', bytes: new Uint8Array(0) },
      { k: 'dword', value: 'f' },
      { k: 'dword', value: -5n },
      { k: 'dword', value: '9bad' },
      { k: 'section', name: '.bss' },
      { k: 'bytes', bytes: Uint8Array.of(1, 2) },
      { k: 'zero', count: 24 },
      { k: 'globl', name: 'f' },
      { k: 'function', name: 'f' },
      { k: 'label', name: 'f' },
    ];
    const fromLines = assembleLines(lines, 'mixed.s');
    expect(fromLines).toEqual(assemble(renderLines(lines), 'mixed.s'));
    expect(fromLines.errors.map((e) => [e.code, e.line])).toEqual([
      ['immediate-out-of-range', 7],
      ['immediate-out-of-range', 8],
      ['bad-operand', 9],
      ['immediate-out-of-range', 11],
      ['bad-operand', 12],
      ['unknown-instruction', 13],
      ['bad-directive', 18],
      ['bad-expression', 26],
      ['bad-directive', 28],
      ['duplicate-symbol', 32],
    ]);
  });
});
