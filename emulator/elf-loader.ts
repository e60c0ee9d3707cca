// A small ELF64 reader for RISC-V executables (System V gABI; RISC-V psABI for e_machine
// 243): header, PT_LOAD program headers and the symbol table. The emulator may not import
// the compiler's ELF code, so it has its own. Bad input gives an error value, never a throw.

export interface ElfSegment {
  vaddr: bigint;
  paddr: bigint;
  fileOffset: number;
  fileSize: number;
  memSize: number;
  /** PF_X = 1, PF_W = 2, PF_R = 4. */
  flags: number;
}

export interface ElfFile {
  entry: bigint;
  segments: ElfSegment[];
  /** Symbol name → value, from .symtab (empty when stripped). */
  symbols: Map<string, bigint>;
  bytes: Uint8Array;
}

export type ElfErrorCode =
  | 'ELF_TOO_SHORT' | 'ELF_BAD_MAGIC' | 'ELF_NOT_64BIT' | 'ELF_NOT_LITTLE_ENDIAN' | 'ELF_NOT_RISCV'
  | 'ELF_NOT_EXECUTABLE' | 'ELF_BAD_PROGRAM_HEADERS' | 'ELF_SEGMENT_OUTSIDE_FILE' | 'ELF_NO_SEGMENTS'
  | 'ELF_SEGMENT_TOO_LARGE' | 'ELF_LOAD_FAILED';

export interface ElfError {
  code: ElfErrorCode;
  message: string;
}

export type ElfResult<T> = { ok: true; value: T } | { ok: false; error: ElfError };

const PT_LOAD = 1;
const EM_RISCV = 243;
const ET_EXEC = 2;
const ET_DYN = 3;
const SHT_SYMTAB = 2;
/** No segment may be larger than this (no emulated RAM is): a bigger p_memsz is refused before anything is allocated. */
export const MAX_SEGMENT_SIZE = 2 ** 32;

function fail<T>(code: ElfErrorCode, message: string): ElfResult<T> {
  return { ok: false, error: { code, message } };
}

export function parseElf(bytes: Uint8Array): ElfResult<ElfFile> {
  if (bytes.length < 64) return fail('ELF_TOO_SHORT', `file is ${bytes.length} bytes, shorter than an ELF64 header`);
  if (bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    return fail('ELF_BAD_MAGIC', 'not an ELF file (bad magic)');
  }
  if (bytes[4] !== 2) return fail('ELF_NOT_64BIT', 'not a 64-bit ELF (EI_CLASS != ELFCLASS64)');
  if (bytes[5] !== 1) return fail('ELF_NOT_LITTLE_ENDIAN', 'not a little-endian ELF');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = v.getUint16(16, true);
  if (v.getUint16(18, true) !== EM_RISCV) return fail('ELF_NOT_RISCV', `e_machine ${v.getUint16(18, true)} is not RISC-V (243)`);
  if (type !== ET_EXEC && type !== ET_DYN) return fail('ELF_NOT_EXECUTABLE', `e_type ${type} is not an executable`);
  const entry = v.getBigUint64(24, true);
  const phoff = Number(v.getBigUint64(32, true));
  const shoff = Number(v.getBigUint64(40, true));
  const phentsize = v.getUint16(54, true);
  const phnum = v.getUint16(56, true);
  const shentsize = v.getUint16(58, true);
  const shnum = v.getUint16(60, true);
  if (phnum === 0) return fail('ELF_NO_SEGMENTS', 'the ELF has no program headers');
  if (phentsize < 56 || phoff + phnum * phentsize > bytes.length) {
    return fail('ELF_BAD_PROGRAM_HEADERS', 'program header table lies outside the file');
  }
  const segments: ElfSegment[] = [];
  for (let k = 0; k < phnum; k += 1) {
    const at = phoff + k * phentsize;
    if (v.getUint32(at, true) !== PT_LOAD) continue;
    const seg: ElfSegment = {
      flags: v.getUint32(at + 4, true),
      fileOffset: Number(v.getBigUint64(at + 8, true)),
      vaddr: v.getBigUint64(at + 16, true),
      paddr: v.getBigUint64(at + 24, true),
      fileSize: Number(v.getBigUint64(at + 32, true)),
      memSize: Number(v.getBigUint64(at + 40, true)),
    };
    if (seg.fileOffset + seg.fileSize > bytes.length || seg.fileSize > seg.memSize) {
      return fail('ELF_SEGMENT_OUTSIDE_FILE', `segment ${k} (vaddr 0x${seg.vaddr.toString(16)}) lies outside the file`);
    }
    if (seg.memSize > MAX_SEGMENT_SIZE || seg.vaddr + BigInt(seg.memSize) > 1n << 64n) {
      return fail('ELF_SEGMENT_TOO_LARGE', `segment ${k} (vaddr 0x${seg.vaddr.toString(16)}) is ${seg.memSize} bytes, more than ${MAX_SEGMENT_SIZE}`);
    }
    segments.push(seg);
  }
  if (segments.length === 0) return fail('ELF_NO_SEGMENTS', 'the ELF has no PT_LOAD segment');
  return { ok: true, value: { entry, segments, symbols: readSymbols(bytes, v, shoff, shentsize, shnum), bytes } };
}

/** Symbols are optional: a malformed section table just yields none. */
function readSymbols(bytes: Uint8Array, v: DataView, shoff: number, shentsize: number, shnum: number): Map<string, bigint> {
  const symbols = new Map<string, bigint>();
  if (shoff === 0 || shentsize < 64 || shoff + shnum * shentsize > bytes.length) return symbols;
  for (let k = 0; k < shnum; k += 1) {
    const sh = shoff + k * shentsize;
    if (v.getUint32(sh + 4, true) !== SHT_SYMTAB) continue;
    const off = Number(v.getBigUint64(sh + 24, true));
    const size = Number(v.getBigUint64(sh + 32, true));
    const link = v.getUint32(sh + 40, true);
    const entsize = Number(v.getBigUint64(sh + 56, true)) || 24;
    const strSh = shoff + link * shentsize;
    if (link >= shnum || off + size > bytes.length) continue;
    const strOff = Number(v.getBigUint64(strSh + 24, true));
    const strSize = Number(v.getBigUint64(strSh + 32, true));
    if (strOff + strSize > bytes.length) continue;
    for (let at = off; at + 24 <= off + size; at += entsize) {
      const nameOff = v.getUint32(at, true);
      if (nameOff === 0 || nameOff >= strSize) continue;
      let end = strOff + nameOff;
      while (end < strOff + strSize && bytes[end] !== 0) end += 1;
      const name = new TextDecoder().decode(bytes.subarray(strOff + nameOff, end));
      if (!symbols.has(name)) symbols.set(name, v.getBigUint64(at + 8, true));
    }
  }
  return symbols;
}

/** Receives each segment's bytes (file part then zero fill) at the address to load it at. */
export type SegmentWriter = (segment: ElfSegment, image: Uint8Array) => boolean;

/** The segment's memory image: file bytes followed by zeros up to memSize (.bss). */
export function segmentImage(elf: ElfFile, seg: ElfSegment): Uint8Array {
  const image = new Uint8Array(seg.memSize);
  image.set(elf.bytes.subarray(seg.fileOffset, seg.fileOffset + seg.fileSize));
  return image;
}

/** Loads every PT_LOAD segment through `write`, which places it (physically or via a mapping). */
export function loadSegments(elf: ElfFile, write: SegmentWriter): ElfResult<void> {
  for (const seg of elf.segments) {
    if (!write(seg, segmentImage(elf, seg))) {
      return fail('ELF_LOAD_FAILED', `cannot place segment at 0x${seg.paddr.toString(16)} (${seg.memSize} bytes)`);
    }
  }
  return { ok: true, value: undefined };
}

/** Loads segments at their physical addresses (p_paddr) into a machine's memory. */
export function loadPhysical(elf: ElfFile, machine: { writePhys(pa: bigint, bytes: Uint8Array): boolean }): ElfResult<void> {
  return loadSegments(elf, (seg, image) => machine.writePhys(seg.paddr, image));
}
