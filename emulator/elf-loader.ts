// A small ELF64 reader for RISC-V executables (System V gABI; RISC-V psABI for e_machine
// 243): header, PT_LOAD program headers, the symbol table and the arch attribute. The
// emulator may not import the compiler's ELF code; the numbers come from runtime/riscv.
// Bad input gives an error value, never a throw. The layout checks a real loader makes (overlap, offset/address
// congruence, address-space fit) depend on how the image is placed, so the loaders call
// `checkLayout` with their own address space; `checkExtensions` refuses code this machine
// cannot run.

import {
  ELF_MAGIC, ELFCLASS64, ELFDATA2LSB, EM_RISCV, ET_DYN, ET_EXEC, PT_LOAD, SHT_RISCV_ATTRIBUTES, SHT_SYMTAB, TAG_RISCV_ARCH,
} from '../runtime/riscv/elf.js';

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
  /** e_flags: RVC (bit 0) and the float ABI (bits 2..1) per the RISC-V psABI. */
  flags: number;
  /** Tag_RISCV_arch of .riscv.attributes (e.g. "rv64i2p1_m2p0_a2p1_c2p0"), when present. */
  arch: string | null;
  segments: ElfSegment[];
  /** Symbol name → value, from .symtab (empty when stripped). */
  symbols: Map<string, bigint>;
  bytes: Uint8Array;
}

export type ElfErrorCode =
  | 'ELF_TOO_SHORT' | 'ELF_BAD_MAGIC' | 'ELF_NOT_64BIT' | 'ELF_NOT_LITTLE_ENDIAN' | 'ELF_NOT_RISCV'
  | 'ELF_NOT_EXECUTABLE' | 'ELF_BAD_PROGRAM_HEADERS' | 'ELF_SEGMENT_OUTSIDE_FILE' | 'ELF_NO_SEGMENTS'
  | 'ELF_SEGMENT_TOO_LARGE' | 'ELF_BAD_ENTRY' | 'ELF_SEGMENTS_OVERLAP' | 'ELF_SEGMENT_MISALIGNED'
  | 'ELF_SEGMENT_OUTSIDE_ADDRESS_SPACE' | 'ELF_NEEDS_EXTENSION' | 'ELF_LOAD_FAILED';

export interface ElfError {
  code: ElfErrorCode;
  message: string;
}

export type ElfResult<T> = { ok: true; value: T } | { ok: false; error: ElfError };

/** Sizes past 2^53 bytes cannot be placed in any address space we model (and lose precision as numbers). */
const MAX_SEGMENT_BYTES = 2n ** 53n;
const U64_END = 1n << 64n;

function fail<T>(code: ElfErrorCode, message: string): ElfResult<T> {
  return { ok: false, error: { code, message } };
}

export function parseElf(bytes: Uint8Array): ElfResult<ElfFile> {
  if (bytes.length < 64) return fail('ELF_TOO_SHORT', `file is ${bytes.length} bytes, shorter than an ELF64 header`);
  if (ELF_MAGIC.some((b, i) => bytes[i] !== b)) {
    return fail('ELF_BAD_MAGIC', 'not an ELF file (bad magic)');
  }
  if (bytes[4] !== ELFCLASS64) return fail('ELF_NOT_64BIT', 'not a 64-bit ELF (EI_CLASS != ELFCLASS64)');
  if (bytes[5] !== ELFDATA2LSB) return fail('ELF_NOT_LITTLE_ENDIAN', 'not a little-endian ELF');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = v.getUint16(16, true);
  if (v.getUint16(18, true) !== EM_RISCV) return fail('ELF_NOT_RISCV', `e_machine ${v.getUint16(18, true)} is not RISC-V (243)`);
  if (type !== ET_EXEC && type !== ET_DYN) return fail('ELF_NOT_EXECUTABLE', `e_type ${type} is not an executable`);
  const entry = v.getBigUint64(24, true);
  // IALIGN is 16 with the C extension, 32 without: an odd entry can never be fetched.
  if (entry & 1n) return fail('ELF_BAD_ENTRY', `entry point 0x${entry.toString(16)} is odd: RISC-V instructions are 2-byte aligned`);
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
    const offset = v.getBigUint64(at + 8, true);
    const vaddr = v.getBigUint64(at + 16, true);
    const paddr = v.getBigUint64(at + 24, true);
    const fileSize = v.getBigUint64(at + 32, true);
    const memSize = v.getBigUint64(at + 40, true);
    if (offset + fileSize > BigInt(bytes.length) || fileSize > memSize) {
      return fail('ELF_SEGMENT_OUTSIDE_FILE', `segment ${k} (vaddr 0x${vaddr.toString(16)}) lies outside the file`);
    }
    if (memSize > MAX_SEGMENT_BYTES || vaddr + memSize > U64_END || paddr + memSize > U64_END) {
      return fail('ELF_SEGMENT_TOO_LARGE', `segment ${k} (vaddr 0x${vaddr.toString(16)}): p_memsz 0x${memSize.toString(16)} does not fit in the 64-bit address space`);
    }
    segments.push({
      flags: v.getUint32(at + 4, true),
      fileOffset: Number(offset),
      vaddr,
      paddr,
      fileSize: Number(fileSize),
      memSize: Number(memSize),
    });
  }
  if (segments.length === 0) return fail('ELF_NO_SEGMENTS', 'the ELF has no PT_LOAD segment');
  const sections = { shoff, shentsize, shnum };
  return {
    ok: true,
    value: { entry, flags: v.getUint32(48, true), arch: readArch(bytes, v, sections), segments, symbols: readSymbols(bytes, v, shoff, shentsize, shnum), bytes },
  };
}

/** Tag_RISCV_arch from the .riscv.attributes section (psABI "Attributes"), or null. */
function readArch(bytes: Uint8Array, v: DataView, t: { shoff: number; shentsize: number; shnum: number }): string | null {
  if (t.shoff === 0 || t.shentsize < 64 || t.shoff + t.shnum * t.shentsize > bytes.length) return null;
  for (let k = 0; k < t.shnum; k += 1) {
    const sh = t.shoff + k * t.shentsize;
    if (v.getUint32(sh + 4, true) !== SHT_RISCV_ATTRIBUTES) continue;
    const off = Number(v.getBigUint64(sh + 24, true));
    const end = off + Number(v.getBigUint64(sh + 32, true));
    if (end > bytes.length || bytes[off] !== 0x41) return null;
    return attributeString(bytes, off + 1, end, TAG_RISCV_ARCH);
  }
  return null;
}

/** Walks `riscv` vendor subsections; tags are ULEB128, odd tags carry strings, even ones ULEB128 values. */
function attributeString(bytes: Uint8Array, from: number, end: number, wanted: number): string | null {
  const uleb = (at: number): [number, number] => {
    let value = 0;
    let shift = 0;
    while (at < end) {
      const b = bytes[at++];
      value += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (!(b & 0x80)) break;
    }
    return [value, at];
  };
  const cstring = (at: number): [string, number] => {
    let stop = at;
    while (stop < end && bytes[stop] !== 0) stop += 1;
    return [new TextDecoder().decode(bytes.subarray(at, stop)), stop + 1];
  };
  const u32 = (at: number): number => bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] * 2 ** 24);
  let at = from;
  while (at + 4 <= end) {
    const length = u32(at);
    if (length < 4) return null;
    const subEnd = Math.min(end, at + length);
    const [vendor, afterVendor] = cstring(at + 4);
    let p = afterVendor;
    // File-scope sub-subsections (tag 1, then a 4-byte length) hold the attributes.
    while (vendor === 'riscv' && p + 5 <= subEnd) {
      const [scope, afterScope] = uleb(p);
      const scopeEnd = Math.min(subEnd, p + u32(afterScope));
      if (scopeEnd <= p) break;
      let q = afterScope + 4;
      while (scope === 1 && q < scopeEnd) {
        const [tag, afterTag] = uleb(q);
        if (tag % 2 === 1) {
          const [text, next] = cstring(afterTag);
          if (tag === wanted) return text;
          q = next;
        } else q = uleb(afterTag)[1];
      }
      p = scopeEnd;
    }
    at = subEnd;
  }
  return null;
}

/** How an image is placed: at p_vaddr in a paged space, or copied to p_paddr. */
export interface LayoutRules {
  address: 'vaddr' | 'paddr';
  /** Addresses a segment may occupy, [start, end). */
  space: { start: bigint; end: bigint; name: string };
  /** A page size when segments are mapped from the file (p_offset and p_vaddr must agree modulo it). */
  pageSize?: number;
}

/**
 * The checks a real loader makes before placing anything: every segment inside the
 * address space, no two segments claiming the same bytes, and (for mapped images, as
 * Linux and qemu-user require of mmap) p_offset congruent to p_vaddr modulo the page size.
 */
export function checkLayout(elf: ElfFile, rules: LayoutRules): ElfResult<void> {
  const hex = (x: bigint): string => `0x${x.toString(16)}`;
  const placed: { k: number; start: bigint; end: bigint }[] = [];
  elf.segments.forEach((seg, k) => {
    // An empty segment occupies nothing; loaders ignore it.
    if (seg.memSize === 0) return;
    const start = rules.address === 'vaddr' ? seg.vaddr : seg.paddr;
    placed.push({ k, start, end: start + BigInt(seg.memSize) });
  });
  for (const { k, start, end } of placed) {
    if (start < rules.space.start || end > rules.space.end) {
      return fail('ELF_SEGMENT_OUTSIDE_ADDRESS_SPACE',
        `segment ${k} [${hex(start)}, ${hex(end)}) lies outside ${rules.space.name} [${hex(rules.space.start)}, ${hex(rules.space.end)})`);
    }
    const seg = elf.segments[k];
    if (rules.pageSize !== undefined && (BigInt(seg.fileOffset) - seg.vaddr) % BigInt(rules.pageSize) !== 0n) {
      return fail('ELF_SEGMENT_MISALIGNED',
        `segment ${k}: p_offset 0x${seg.fileOffset.toString(16)} and p_vaddr ${hex(seg.vaddr)} differ modulo the page size (${rules.pageSize}), so it cannot be mapped`);
    }
  }
  const sorted = [...placed].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  for (let j = 1; j < sorted.length; j += 1) {
    const a = sorted[j - 1];
    const b = sorted[j];
    if (b.start < a.end) {
      return fail('ELF_SEGMENTS_OVERLAP',
        `segments ${Math.min(a.k, b.k)} and ${Math.max(a.k, b.k)} overlap: [${hex(a.start)}, ${hex(a.end)}) and [${hex(b.start)}, ${hex(b.end)})`);
    }
  }
  return { ok: true, value: undefined };
}

/** EF_RISCV_FLOAT_ABI (e_flags bits 2..1): 0 soft, 1 single, 2 double, 3 quad. */
const FLOAT_ABI_NAMES = ['soft', 'single (lp64f)', 'double (lp64d)', 'quad (lp64q)'];
/** Single-letter extensions this hart does not implement (README: RV64GC = IMAFDC + Zicsr/Zifencei). */
const MISSING_EXTENSIONS: Record<string, string> = { q: 'Q', v: 'V' };

/** The single-letter extensions of an ISA string: "rv64i2p1_m2p0_c2p0" and "rv64imac" both give i, m, (a,) c. */
function singleLetterExtensions(arch: string): string[] {
  const m = /^rv(?:32|64|128)(.*)$/.exec(arch.toLowerCase());
  if (!m) return [];
  const [first, ...rest] = m[1].split('_');
  const letters = [...first.replace(/\d+(p\d+)?/g, '')];
  for (const part of rest) {
    const name = part.replace(/\d+(p\d+)?$/, '');
    if (name.length === 1) letters.push(name);
  }
  return letters;
}

/**
 * Refuses an ELF built for extensions this machine lacks, at load time: a quad-float or
 * vector binary would otherwise fault on its first such instruction deep in start-up.
 * The float ABI in e_flags and the ISA string of Tag_RISCV_arch both say so.
 */
export function checkExtensions(elf: ElfFile): ElfResult<void> {
  const needs = new Set<string>();
  const floatAbi = (elf.flags >> 1) & 3;
  if (floatAbi === 3) needs.add('Q');
  for (const letter of singleLetterExtensions(elf.arch ?? '')) {
    if (MISSING_EXTENSIONS[letter]) needs.add(MISSING_EXTENSIONS[letter]);
  }
  if (needs.size === 0) return { ok: true, value: undefined };
  const order = ['Q', 'V'].filter((x) => needs.has(x));
  const why = [floatAbi ? `float ABI ${FLOAT_ABI_NAMES[floatAbi]} in e_flags` : '', elf.arch ? `ISA ${elf.arch}` : ''].filter(Boolean).join(', ');
  return fail('ELF_NEEDS_EXTENSION',
    `the ELF needs the ${order.join('/')} extension${order.length > 1 ? 's' : ''} (${why}); this emulator implements RV64GC (IMAFDC with Zicsr and Zifencei) only`);
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

/** The segment's file bytes (the rest up to memSize is zero fill). */
export function segmentFileBytes(elf: ElfFile, seg: ElfSegment): Uint8Array {
  return elf.bytes.subarray(seg.fileOffset, seg.fileOffset + seg.fileSize);
}

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

/** Loads segments at their physical addresses (p_paddr) into a machine's memory: file bytes, then zero fill. */
export function loadPhysical(elf: ElfFile, machine: {
  writePhys(pa: bigint, bytes: Uint8Array): boolean;
  fillPhys(pa: bigint, len: number, value: number): boolean;
}): ElfResult<void> {
  for (const seg of elf.segments) {
    const placed = machine.writePhys(seg.paddr, segmentFileBytes(elf, seg))
      && machine.fillPhys(seg.paddr + BigInt(seg.fileSize), seg.memSize - seg.fileSize, 0);
    if (!placed) return fail('ELF_LOAD_FAILED', `cannot place segment at 0x${seg.paddr.toString(16)} (${seg.memSize} bytes)`);
  }
  return { ok: true, value: undefined };
}
