// Collects the assembly of one image as values (asm/lines.ts): instructions into .text,
// constant data into .rodata, globals into .data/.bss. The assembler encodes these lines
// directly; their text is GNU syntax, so the same program can be printed (`--emit asm`)
// and fed to GNU as as an oracle.
import { renderLines, type AsmLine, type Operand } from '../asm/lines.js';
import { appendAll } from '../append-all.js';

export class AsmWriter {
  private readonly text: AsmLine[] = [];
  private readonly rodata: AsmLine[] = [];
  private readonly data: AsmLine[] = [];
  private readonly bss: AsmLine[] = [];
  private readonly strings = new Map<string, string>();
  private labelCounter = 0;

  /** An instruction `mnemonic a, b, c` with up to three operands. */
  op(mnemonic: string, a?: Operand, b?: Operand, c?: Operand): void {
    this.text.push({ k: 'op', mnemonic, a, b, c });
  }

  /** A load or store `mnemonic reg, offset(base)`. */
  memory(mnemonic: string, reg: string, offset: number, base: string): void {
    this.text.push({ k: 'mem', mnemonic, reg, offset, base });
  }

  /** An instruction given as text (code that is not on the hot path). */
  emit(instruction: string): void {
    this.text.push({ k: 'text', text: `    ${instruction}` });
  }

  /** A line of text as it is (directives that have no method here). */
  raw(line: string): void {
    this.text.push({ k: 'text', text: line });
  }

  label(name: string): void {
    this.text.push({ k: 'label', name });
  }

  comment(text: string): void {
    this.text.push({ k: 'text', text: `    # ${text.replace(/\n/g, ' ')}` });
  }

  globl(name: string): void {
    this.text.push({ k: 'globl', name });
  }

  /** `.type name, @function` */
  functionType(name: string): void {
    this.text.push({ k: 'function', name });
  }

  /** A fresh assembler-local label (`.L` names stay out of the symbol table). */
  newLabel(hint: string): string {
    return `.L${hint}_${this.labelCounter++}`;
  }

  /** The label of a string's bytes in .rodata (deduplicated); its length is the UTF-8 length. */
  stringLiteral(value: string): { label: string; length: number } {
    const bytes = Buffer.from(value, 'utf8');
    let label = this.strings.get(value);
    if (!label) {
      label = `.Ltext_${this.strings.size}`;
      this.strings.set(value, label);
      this.rodata.push({ k: 'label', name: label }, { k: 'bytes', bytes });
    }
    return { label, length: bytes.length };
  }

  rodataBlock(label: string, bytes: Uint8Array, align = 8): void {
    this.rodata.push({ k: 'align', log2: Math.log2(align) }, { k: 'label', name: label }, { k: 'bytes', bytes });
  }

  /** Read-only 64-bit words: numbers, or symbols such as code addresses. */
  rodataDwords(label: string, values: readonly (string | bigint | number)[], align = 8): void {
    this.rodata.push({ k: 'align', log2: Math.log2(align) }, { k: 'label', name: label });
    for (const value of values) this.rodata.push({ k: 'dword', value });
  }

  dataBlock(label: string, bytes: Uint8Array, align: number): void {
    this.data.push({ k: 'align', log2: Math.log2(align) }, { k: 'label', name: label }, { k: 'bytes', bytes });
  }

  bssBlock(label: string, size: number, align: number): void {
    this.bss.push({ k: 'align', log2: Math.log2(align) }, { k: 'label', name: label }, { k: 'zero', count: Math.max(size, 1) });
  }

  /** The whole program: text, then each data section that has anything in it. */
  lines(): AsmLine[] {
    const out: AsmLine[] = appendAll([{ k: 'section', name: '.text' }], this.text);
    for (const [name, lines] of [['.rodata', this.rodata], ['.data', this.data], ['.bss', this.bss]] as const) {
      if (lines.length) appendAll(out, [{ k: 'text', text: '' }, { k: 'section', name }, ...lines]);
    }
    return out;
  }

  toString(): string {
    return renderLines(this.lines());
  }
}

/** Whether `value` fits a 12-bit signed immediate. */
export const fitsImm12 = (value: number) => value >= -2048 && value <= 2047;
