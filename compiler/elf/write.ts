// Serialising a linked image as a static ELF64 executable. The linker has fixed every
// address; this file fixes file offsets: each loadable section starts on its own page in
// the file, congruent with its address, so a loader can map text R+X, rodata R and
// data+bss RW with distinct permissions (gABI "Program Loading": p_offset ≡ p_vaddr mod p_align).

import { PAGE_SIZE } from '../../runtime/abi.js';
import {
  EHDR_SIZE, ELF_MAGIC, ELFCLASS64, ELFDATA2LSB, EM_RISCV, ET_EXEC, EV_CURRENT, PF_R, PF_W, PF_X, PHDR_SIZE, PT_LOAD,
  SHDR_SIZE, SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, SHN_ABS, SHT_NOBITS, SHT_PROGBITS, SHT_STRTAB, SHT_SYMTAB, STB_GLOBAL,
  STB_LOCAL, STT_FUNC, STT_NOTYPE, STT_OBJECT, SYM_SIZE,
} from '../../runtime/riscv/elf.js';

export type ImageSectionKind = 'text' | 'rodata' | 'data' | 'bss';

export interface ImageSection {
  readonly name: string;
  readonly kind: ImageSectionKind;
  readonly address: bigint;
  /** Contents; empty for bss. */
  readonly bytes: Uint8Array;
  readonly size: number;
  readonly alignment: number;
}

export interface ImageSymbol {
  readonly name: string;
  readonly value: bigint;
  readonly size: number;
  readonly type: 'function' | 'object' | 'notype';
  readonly global: boolean;
  /** Name of the output section it lives in, or undefined for an absolute symbol. */
  readonly section?: string;
}

export interface ElfImage {
  readonly entry: bigint;
  readonly flags: number;
  readonly sections: readonly ImageSection[];
  readonly symbols: readonly ImageSymbol[];
  /** Non-loaded sections (DWARF `.debug_*`), written after the symbol table. */
  readonly debugSections?: readonly { readonly name: string; readonly bytes: Uint8Array }[];
}

const utf8 = new TextEncoder();

class StringTable {
  private readonly parts: Uint8Array[] = [new Uint8Array(1)];
  private size = 1;
  private readonly offsets = new Map<string, number>();
  add(text: string): number {
    const known = this.offsets.get(text);
    if (known !== undefined) return known;
    const bytes = utf8.encode(`${text}\0`);
    const offset = this.size;
    this.parts.push(bytes);
    this.size += bytes.length;
    this.offsets.set(text, offset);
    return offset;
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}

const alignUp = (value: number, alignment: number) => Math.ceil(value / alignment) * alignment;

const SEGMENT_FLAGS: Record<ImageSectionKind, number> = { text: PF_R | PF_X, rodata: PF_R, data: PF_R | PF_W, bss: PF_R | PF_W };
const SECTION_FLAGS: Record<ImageSectionKind, number> = {
  text: SHF_ALLOC | SHF_EXECINSTR, rodata: SHF_ALLOC, data: SHF_ALLOC | SHF_WRITE, bss: SHF_ALLOC | SHF_WRITE,
};

interface Segment {
  flags: number;
  offset: number;
  address: bigint;
  fileSize: number;
  memorySize: number;
}

export function writeElf(image: ElfImage): Uint8Array {
  const loadable = image.sections.filter((section) => section.size > 0 || section.kind === 'text');
  // bss shares the data segment when it directly follows data in memory.
  const segments: Segment[] = [];
  const sectionOffsets: number[] = [];
  const segmentCount = loadable.filter((section, i) => !(section.kind === 'bss' && loadable[i - 1]?.kind === 'data')).length;
  let offset = EHDR_SIZE + segmentCount * PHDR_SIZE;
  for (const [i, section] of loadable.entries()) {
    const previous = segments.at(-1);
    if (section.kind === 'bss' && loadable[i - 1]?.kind === 'data' && previous) {
      sectionOffsets.push(previous.offset + previous.fileSize);
      previous.memorySize = Number(section.address - previous.address) + section.size;
      continue;
    }
    const pageOffset = Number(section.address % BigInt(PAGE_SIZE));
    offset = alignUp(offset - pageOffset, PAGE_SIZE) + pageOffset;
    sectionOffsets.push(offset);
    const fileSize = section.kind === 'bss' ? 0 : section.size;
    segments.push({ flags: SEGMENT_FLAGS[section.kind], offset, address: section.address, fileSize, memorySize: section.size });
    offset += fileSize;
  }

  const names = new StringTable();
  const symbolNames = new StringTable();
  const sectionIndex = new Map(loadable.map((section, i) => [section.name, i + 1]));
  const ordered = [...image.symbols.filter((s) => !s.global), ...image.symbols.filter((s) => s.global)];
  const symtab = new Uint8Array((ordered.length + 1) * SYM_SIZE);
  const symView = new DataView(symtab.buffer);
  ordered.forEach((symbol, i) => {
    const at = (i + 1) * SYM_SIZE;
    const type = symbol.type === 'function' ? STT_FUNC : symbol.type === 'object' ? STT_OBJECT : STT_NOTYPE;
    symView.setUint32(at, symbolNames.add(symbol.name), true);
    symView.setUint8(at + 4, ((symbol.global ? STB_GLOBAL : STB_LOCAL) << 4) | type);
    symView.setUint16(at + 6, symbol.section ? (sectionIndex.get(symbol.section) ?? SHN_ABS) : SHN_ABS, true);
    symView.setBigUint64(at + 8, BigInt.asUintN(64, symbol.value), true);
    symView.setBigUint64(at + 16, BigInt(symbol.size), true);
  });
  const firstGlobal = 1 + image.symbols.filter((s) => !s.global).length;
  const strtab = symbolNames.bytes();

  // Non-loaded tables follow the last segment.
  const symtabOffset = alignUp(offset, 8);
  const strtabOffset = symtabOffset + symtab.length;
  const debug = image.debugSections ?? [];
  const debugOffsets: number[] = [];
  let debugEnd = strtabOffset + strtab.length;
  for (const section of debug) {
    debugOffsets.push(debugEnd);
    debugEnd += section.bytes.length;
  }
  const sectionNameOffsets = [
    0, ...loadable.map((s) => names.add(s.name)), ...debug.map((s) => names.add(s.name)),
    names.add('.symtab'), names.add('.strtab'), names.add('.shstrtab'),
  ];
  const shstrtab = names.bytes();
  const shstrtabOffset = debugEnd;
  const sectionHeadersOffset = alignUp(shstrtabOffset + shstrtab.length, 8);
  const sectionCount = loadable.length + debug.length + 4;
  const total = sectionHeadersOffset + sectionCount * SHDR_SIZE;

  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(ELF_MAGIC, 0);
  out[4] = ELFCLASS64;
  out[5] = ELFDATA2LSB;
  out[6] = EV_CURRENT;
  view.setUint16(16, ET_EXEC, true);
  view.setUint16(18, EM_RISCV, true);
  view.setUint32(20, EV_CURRENT, true);
  view.setBigUint64(24, image.entry, true);
  view.setBigUint64(32, BigInt(EHDR_SIZE), true);
  view.setBigUint64(40, BigInt(sectionHeadersOffset), true);
  view.setUint32(48, image.flags, true);
  view.setUint16(52, EHDR_SIZE, true);
  view.setUint16(54, PHDR_SIZE, true);
  view.setUint16(56, segments.length, true);
  view.setUint16(58, SHDR_SIZE, true);
  view.setUint16(60, sectionCount, true);
  view.setUint16(62, sectionCount - 1, true);

  segments.forEach((segment, i) => {
    const at = EHDR_SIZE + i * PHDR_SIZE;
    view.setUint32(at, PT_LOAD, true);
    view.setUint32(at + 4, segment.flags, true);
    view.setBigUint64(at + 8, BigInt(segment.offset), true);
    view.setBigUint64(at + 16, segment.address, true);
    view.setBigUint64(at + 24, segment.address, true);
    view.setBigUint64(at + 32, BigInt(segment.fileSize), true);
    view.setBigUint64(at + 40, BigInt(segment.memorySize), true);
    view.setBigUint64(at + 48, BigInt(PAGE_SIZE), true);
  });

  loadable.forEach((section, i) => {
    if (section.kind !== 'bss') out.set(section.bytes.subarray(0, section.size), sectionOffsets[i]!);
  });
  out.set(symtab, symtabOffset);
  out.set(strtab, strtabOffset);
  debug.forEach((section, i) => out.set(section.bytes, debugOffsets[i]!));
  out.set(shstrtab, shstrtabOffset);

  const header = (index: number, fields: { type: number; flags?: number; address?: bigint; offset: number; size: number; link?: number; info?: number; align: number; entsize?: number }) => {
    const at = sectionHeadersOffset + index * SHDR_SIZE;
    view.setUint32(at, sectionNameOffsets[index]!, true);
    view.setUint32(at + 4, fields.type, true);
    view.setBigUint64(at + 8, BigInt(fields.flags ?? 0), true);
    view.setBigUint64(at + 16, fields.address ?? 0n, true);
    view.setBigUint64(at + 24, BigInt(fields.offset), true);
    view.setBigUint64(at + 32, BigInt(fields.size), true);
    view.setUint32(at + 40, fields.link ?? 0, true);
    view.setUint32(at + 44, fields.info ?? 0, true);
    view.setBigUint64(at + 48, BigInt(fields.align), true);
    view.setBigUint64(at + 56, BigInt(fields.entsize ?? 0), true);
  };
  loadable.forEach((section, i) => header(i + 1, {
    type: section.kind === 'bss' ? SHT_NOBITS : SHT_PROGBITS,
    flags: SECTION_FLAGS[section.kind],
    address: section.address,
    offset: sectionOffsets[i]!,
    size: section.size,
    align: section.alignment,
  }));
  debug.forEach((section, i) => header(loadable.length + 1 + i, { type: SHT_PROGBITS, offset: debugOffsets[i]!, size: section.bytes.length, align: 1 }));
  const symtabIndex = loadable.length + debug.length + 1;
  header(symtabIndex, { type: SHT_SYMTAB, offset: symtabOffset, size: symtab.length, link: symtabIndex + 1, info: firstGlobal, align: 8, entsize: SYM_SIZE });
  header(symtabIndex + 1, { type: SHT_STRTAB, offset: strtabOffset, size: strtab.length, align: 1 });
  header(symtabIndex + 2, { type: SHT_STRTAB, offset: shstrtabOffset, size: shstrtab.length, align: 1 });
  return out;
}
