// A small ELF64 reader for our own images and any static riscv64 executable: header,
// program headers, section headers and the symbol table. Every offset is bounds-checked:
// malformed bytes give an error value, never an exception (DESIGN §6).

import {
  EHDR_SIZE, ELF_MAGIC, ELFCLASS64, ELFDATA2LSB, PHDR_SIZE, SHDR_SIZE, SHT_NOBITS, SHT_SYMTAB, SYM_SIZE,
} from '../../runtime/riscv/elf.js';

export interface ElfSegment {
  readonly type: number;
  readonly flags: number;
  readonly offset: number;
  readonly vaddr: bigint;
  readonly fileSize: number;
  readonly memorySize: bigint;
  readonly align: bigint;
  /** The file bytes of the segment (fileSize of them). */
  readonly data: Uint8Array;
}

export interface ElfSection {
  readonly name: string;
  readonly type: number;
  readonly flags: bigint;
  readonly address: bigint;
  readonly offset: number;
  readonly size: number;
}

export interface ElfSymbol {
  readonly name: string;
  readonly value: bigint;
  readonly size: bigint;
  readonly type: number;
  readonly binding: number;
  readonly sectionIndex: number;
}

export interface ElfFile {
  readonly type: number;
  readonly machine: number;
  readonly entry: bigint;
  readonly flags: number;
  readonly segments: ElfSegment[];
  readonly sections: ElfSection[];
  readonly symbols: ElfSymbol[];
}

export interface ElfReadError {
  readonly code: 'bad-elf';
  readonly message: string;
}

export type ElfReadResult = { ok: true; value: ElfFile } | { ok: false; error: ElfReadError };

class Malformed {
  constructor(readonly message: string) {}
}

/** Largest count of headers we accept: guards against absurd allocations from bad input. */
const MAX_HEADERS = 65535;

export function readElf(bytes: Uint8Array): ElfReadResult {
  try {
    return { ok: true, value: parse(bytes) };
  } catch (problem) {
    if (problem instanceof Malformed) return { ok: false, error: { code: 'bad-elf', message: problem.message } };
    return { ok: false, error: { code: 'bad-elf', message: `unreadable ELF: ${String(problem)}` } };
  }
}

function parse(bytes: Uint8Array): ElfFile {
  if (!(bytes instanceof Uint8Array)) throw new Malformed('input is not a byte array');
  if (bytes.length < EHDR_SIZE) throw new Malformed(`file is ${bytes.length} bytes, shorter than an ELF64 header (${EHDR_SIZE})`);
  if (!ELF_MAGIC.every((b, i) => bytes[i] === b)) throw new Malformed('not an ELF file (bad magic number)');
  if (bytes[4] !== ELFCLASS64) throw new Malformed('not a 64-bit ELF file');
  if (bytes[5] !== ELFDATA2LSB) throw new Malformed('not a little-endian ELF file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const u64 = (at: number) => view.getBigUint64(at, true);
  const fileOffset = (value: bigint, what: string): number => {
    if (value > BigInt(bytes.length)) throw new Malformed(`${what} (${value}) lies beyond the end of the file (${bytes.length} bytes)`);
    return Number(value);
  };
  const range = (offset: number, size: number, what: string) => {
    if (offset + size > bytes.length) throw new Malformed(`${what} at offset ${offset} (+${size}) lies beyond the end of the file`);
  };

  const phoff = fileOffset(u64(32), 'program header table offset');
  const shoff = fileOffset(u64(40), 'section header table offset');
  const phentsize = u16(54), phnum = u16(56), shentsize = u16(58), shnum = u16(60), shstrndx = u16(62);
  if (phnum > 0 && phentsize !== PHDR_SIZE) throw new Malformed(`program header size ${phentsize}, expected ${PHDR_SIZE}`);
  if (shnum > 0 && shentsize !== SHDR_SIZE) throw new Malformed(`section header size ${shentsize}, expected ${SHDR_SIZE}`);
  if (phnum > MAX_HEADERS || shnum > MAX_HEADERS) throw new Malformed('too many headers');
  range(phoff, phnum * PHDR_SIZE, 'program header table');
  range(shoff, shnum * SHDR_SIZE, 'section header table');

  const segments: ElfSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * PHDR_SIZE;
    const offset = fileOffset(u64(at + 8), `segment ${i} offset`);
    const fileSizeBig = u64(at + 32);
    const memorySize = u64(at + 40);
    if (fileSizeBig > memorySize) throw new Malformed(`segment ${i} has file size ${fileSizeBig} larger than memory size ${memorySize}`);
    const fileSize = fileOffset(fileSizeBig, `segment ${i} size`);
    range(offset, fileSize, `segment ${i}`);
    segments.push({
      type: u32(at), flags: u32(at + 4), offset, vaddr: u64(at + 16), fileSize, memorySize, align: u64(at + 48),
      data: bytes.subarray(offset, offset + fileSize),
    });
  }

  const rawSections = Array.from({ length: shnum }, (_, i) => {
    const at = shoff + i * SHDR_SIZE;
    return {
      nameOffset: u32(at), type: u32(at + 4), flags: u64(at + 8), address: u64(at + 16),
      offset: u64(at + 24), size: u64(at + 32), link: u32(at + 40),
    };
  });
  const sectionData = (index: number, what: string): Uint8Array => {
    const section = rawSections[index];
    if (!section) throw new Malformed(`${what}: section index ${index} does not exist`);
    if (section.type === SHT_NOBITS) return new Uint8Array(0);
    const offset = fileOffset(section.offset, `${what} offset`);
    const size = fileOffset(section.size, `${what} size`);
    range(offset, size, what);
    return bytes.subarray(offset, offset + size);
  };
  const stringAt = (table: Uint8Array, offset: number): string => {
    if (offset >= table.length) throw new Malformed(`string offset ${offset} is outside its string table`);
    let end = offset;
    while (end < table.length && table[end] !== 0) end++;
    return new TextDecoder().decode(table.subarray(offset, end));
  };

  const names = shnum > 0 && shstrndx < shnum ? sectionData(shstrndx, 'section name table') : new Uint8Array(1);
  const sections: ElfSection[] = rawSections.map((raw, i) => {
    const data = sectionData(i, `section ${i}`);
    return {
      name: i === 0 ? '' : stringAt(names, raw.nameOffset), type: raw.type, flags: raw.flags, address: raw.address,
      offset: Number(raw.offset), size: raw.type === SHT_NOBITS ? Number(BigInt.asUintN(48, raw.size)) : data.length,
    };
  });

  const symbols: ElfSymbol[] = [];
  const symtabIndex = rawSections.findIndex((s) => s.type === SHT_SYMTAB);
  if (symtabIndex >= 0) {
    const table = sectionData(symtabIndex, 'symbol table');
    const strings = sectionData(rawSections[symtabIndex]!.link, 'symbol string table');
    const symbolView = new DataView(table.buffer, table.byteOffset, table.byteLength);
    for (let at = SYM_SIZE; at + SYM_SIZE <= table.length; at += SYM_SIZE) {
      const info = symbolView.getUint8(at + 4);
      symbols.push({
        name: stringAt(strings, symbolView.getUint32(at, true)), binding: info >> 4, type: info & 15,
        sectionIndex: symbolView.getUint16(at + 6, true), value: symbolView.getBigUint64(at + 8, true), size: symbolView.getBigUint64(at + 16, true),
      });
    }
  }
  return { type: u16(16), machine: u16(18), entry: u64(24), flags: u32(48), segments, sections, symbols };
}
