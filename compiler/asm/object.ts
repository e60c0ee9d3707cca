// The assembler's output and the linker's input: one relocatable object per source text.
// Relocation kinds mirror the RISC-V psABI ELF relocations (psABI "Relocations" chapter)
// that a static, non-PIC link needs.

export interface AsmError {
  readonly code: AsmErrorCode;
  readonly message: string;
  /** 1-based; 0 when the error is not tied to a source line (e.g. a missing entry symbol). */
  readonly line: number;
  readonly column: number;
  readonly file?: string;
}

export type AsmErrorCode =
  | 'unknown-instruction'
  | 'bad-operand'
  | 'immediate-out-of-range'
  | 'branch-out-of-range'
  | 'misaligned-target'
  | 'bad-expression'
  | 'bad-directive'
  | 'duplicate-symbol'
  | 'undefined-symbol'
  | 'bad-relocation'
  | 'missing-entry'
  | 'bad-elf';

export type RelocationKind =
  | 'branch' // B-type, ±4 KiB
  | 'jal' // J-type, ±1 MiB
  | 'call' // auipc + jalr pair, ±2 GiB
  | 'pcrel-hi20' // auipc
  | 'pcrel-lo12-i' // I-type low part of the auipc at `pairOffset`
  | 'pcrel-lo12-s' // S-type low part of the auipc at `pairOffset`
  | 'hi20' // lui, absolute
  | 'lo12-i'
  | 'lo12-s'
  | 'rvc-branch' // c.beqz/c.bnez, ±256 B
  | 'rvc-jump' // c.j, ±2 KiB
  | 'abs8'
  | 'abs16'
  | 'abs32'
  | 'abs64';

export interface Relocation {
  readonly kind: RelocationKind;
  /** Byte offset of the patched field inside its section. */
  readonly offset: number;
  readonly symbol: string;
  readonly addend: bigint;
  /** For pcrel-lo12-*: offset of the auipc whose pcrel-hi20 target this low part completes. */
  readonly pairOffset?: number;
  readonly line: number;
  readonly column: number;
}

export type SectionKind = 'text' | 'rodata' | 'data' | 'bss';

export interface ObjectSection {
  /** The name as written (`.text._start`, `.rodata.str1.1`, ...). */
  readonly name: string;
  readonly kind: SectionKind;
  bytes: Uint8Array;
  /** Size in bytes; for bss the bytes array stays empty. */
  size: number;
  alignment: number;
  readonly relocations: Relocation[];
}

export type SymbolType = 'function' | 'object' | 'notype';

export interface ObjectSymbol {
  readonly name: string;
  /** Undefined for an absolute symbol (`.equ`). */
  readonly section?: string;
  /** Offset inside `section`, or the value of an absolute symbol. */
  readonly value: bigint;
  global: boolean;
  type: SymbolType;
  size?: number;
  readonly line: number;
}

export interface AsmObject {
  readonly fileName: string;
  readonly sections: ObjectSection[];
  readonly symbols: ObjectSymbol[];
  /** True when any compressed instruction was emitted, so the linker sets EF_RISCV_RVC. */
  readonly usesCompressed: boolean;
}

/** Symbols an assembler keeps to itself (GNU convention: `.L` prefix), never put in a symbol table. */
export function isAssemblerLocal(name: string): boolean {
  return name.startsWith('.L');
}

/** Output section kind for an input section name, by prefix (`.text.foo` is text). */
export function sectionKindOf(name: string): SectionKind | undefined {
  const base = name.split('.').filter(Boolean)[0];
  switch (base) {
    case 'text': return 'text';
    case 'rodata': case 'srodata': return 'rodata';
    case 'data': case 'sdata': return 'data';
    case 'bss': case 'sbss': return 'bss';
    default: return undefined;
  }
}
