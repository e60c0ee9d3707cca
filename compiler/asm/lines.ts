// An assembly program held as values instead of text: what the code generator produces.
// `assembleLines` (assembler.ts) encodes it without reading any text; `renderLines` prints
// the GNU-syntax text that `assemble` turns into the very same object, so `--emit asm`
// and GNU as see exactly what was assembled (test/compiler/asm-lines-match-text.test.ts).

export type AsmLine =
  /** `mnemonic a, b, c` (as many operands as are given): registers by name, immediates, symbols. */
  | { readonly k: 'op'; readonly mnemonic: string; readonly a?: Operand; readonly b?: Operand; readonly c?: Operand }
  /** `mnemonic reg, offset(base)`: a load or store. */
  | { readonly k: 'mem'; readonly mnemonic: string; readonly reg: string; readonly offset: number; readonly base: string }
  | { readonly k: 'label'; readonly name: string }
  /** `.text`, `.data`, `.bss`, or `.section name`. */
  | { readonly k: 'section'; readonly name: string }
  | { readonly k: 'globl'; readonly name: string }
  /** `.type name, @function` */
  | { readonly k: 'function'; readonly name: string }
  /** `.p2align log2` */
  | { readonly k: 'align'; readonly log2: number }
  /** `.byte` lines, sixteen values each (`.zero 0` when there are none). */
  | { readonly k: 'bytes'; readonly bytes: Uint8Array }
  /** `.dword value`: a number or a symbol. */
  | { readonly k: 'dword'; readonly value: string | bigint | number }
  /** `.zero count` */
  | { readonly k: 'zero'; readonly count: number }
  /** Any other line (comments, the rarer instructions): assembled from its text. */
  | { readonly k: 'text'; readonly text: string };

export type Operand = string | number | bigint;

/** The operands of an `op` line, in order. */
export function operandsOf(line: { readonly a?: Operand; readonly b?: Operand; readonly c?: Operand }): Operand[] {
  return line.a === undefined ? [] : line.b === undefined ? [line.a] : line.c === undefined ? [line.a, line.b] : [line.a, line.b, line.c];
}

/** Sections the text names by their shorthand directive; others are written `.section name`. */
const SHORTHAND_SECTIONS = new Set(['.text', '.data', '.bss']);

export const BYTES_PER_LINE = 16;

/** How many text lines `line` renders as. */
export function renderedLineCount(line: AsmLine): number {
  return line.k === 'bytes' ? Math.max(1, Math.ceil(line.bytes.length / BYTES_PER_LINE)) : 1;
}

export function renderLine(line: AsmLine): string {
  switch (line.k) {
    case 'op':
      return line.a === undefined ? `    ${line.mnemonic}` : `    ${line.mnemonic} ${operandsOf(line).join(', ')}`;
    case 'mem':
      return `    ${line.mnemonic} ${line.reg}, ${line.offset}(${line.base})`;
    case 'label':
      return `${line.name}:`;
    case 'section':
      return SHORTHAND_SECTIONS.has(line.name) ? `    ${line.name}` : `    .section ${line.name}`;
    case 'globl':
      return `    .globl ${line.name}`;
    case 'function':
      return `    .type ${line.name}, @function`;
    case 'align':
      return `    .p2align ${line.log2}`;
    case 'bytes': {
      if (line.bytes.length === 0) return '    .zero 0';
      const rows: string[] = [];
      for (let i = 0; i < line.bytes.length; i += BYTES_PER_LINE) rows.push(`    .byte ${line.bytes.subarray(i, i + BYTES_PER_LINE).join(', ')}`);
      return rows.join('\n');
    }
    case 'dword':
      return `    .dword ${line.value}`;
    case 'zero':
      return `    .zero ${line.count}`;
    case 'text':
      return line.text;
  }
}

/** The program as GNU-syntax text, one line per line (bytes take several), ending in a newline. */
export function renderLines(lines: readonly AsmLine[]): string {
  return lines.map(renderLine).join('\n') + '\n';
}
