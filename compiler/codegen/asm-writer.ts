// Collects the assembly text of one image: instructions into .text, constant data into
// .rodata, globals into .data/.bss. The text is GNU syntax, so the same output can be fed
// to GNU as as an oracle.
export class AsmWriter {
  private readonly text: string[] = [];
  private readonly rodata: string[] = [];
  private readonly data: string[] = [];
  private readonly bss: string[] = [];
  private readonly strings = new Map<string, string>();
  private labelCounter = 0;

  emit(instruction: string): void {
    this.text.push(`    ${instruction}`);
  }

  label(name: string): void {
    this.text.push(`${name}:`);
  }

  comment(text: string): void {
    this.text.push(`    # ${text.replace(/\n/g, ' ')}`);
  }

  raw(line: string): void {
    this.text.push(line);
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
      this.rodata.push(`${label}:`, ...byteLines(bytes));
    }
    return { label, length: bytes.length };
  }

  rodataBlock(label: string, bytes: Uint8Array, align = 8): void {
    this.rodata.push(`    .p2align ${Math.log2(align)}`, `${label}:`, ...byteLines(bytes));
  }

  /** Read-only data given as directive lines, e.g. tables of code addresses. */
  rodataLines(label: string, lines: string[], align = 8): void {
    this.rodata.push(`    .p2align ${Math.log2(align)}`, `${label}:`, ...lines.map((l) => `    ${l}`));
  }

  dataBlock(label: string, bytes: Uint8Array, align: number): void {
    this.data.push(`    .p2align ${Math.log2(align)}`, `${label}:`, ...byteLines(bytes));
  }

  bssBlock(label: string, size: number, align: number): void {
    this.bss.push(`    .p2align ${Math.log2(align)}`, `${label}:`, `    .zero ${Math.max(size, 1)}`);
  }

  toString(): string {
    const out = ['    .text', ...this.text];
    if (this.rodata.length) out.push('', '    .section .rodata', ...this.rodata);
    if (this.data.length) out.push('', '    .data', ...this.data);
    if (this.bss.length) out.push('', '    .bss', ...this.bss);
    return out.join('\n') + '\n';
  }
}

function byteLines(bytes: Uint8Array): string[] {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    lines.push(`    .byte ${Array.from(bytes.subarray(i, i + 16)).join(', ')}`);
  }
  if (bytes.length === 0) lines.push('    .zero 0');
  return lines;
}

/** Whether `value` fits a 12-bit signed immediate. */
export const fitsImm12 = (value: number) => value >= -2048 && value <= 2047;
