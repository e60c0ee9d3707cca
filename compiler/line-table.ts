// Reading the line table of a built image (written by codegen/image-codegen.ts): which
// source position a pc comes from, for readable fault reports.
import { readElf } from './elf/read.js';

export const LINE_TABLE_SYMBOL = '__pgl_lines';

export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** The statement whose code contains `pc`, or undefined (runtime code, no table, bad ELF). */
export function sourcePositionOf(elfBytes: Uint8Array, pc: bigint): SourcePosition | undefined {
  return lineTableOf(elfBytes)(pc);
}

/**
 * The image's line table read once, as a lookup from pc to source position: for tools
 * that resolve many pcs of one image (a trace resolves every event's).
 */
export function lineTableOf(elfBytes: Uint8Array): (pc: bigint) => SourcePosition | undefined {
  const none = () => undefined;
  const parsed = readElf(elfBytes);
  if (!parsed.ok) return none;
  const elf = parsed.value;
  const read = (address: bigint, length: number): Uint8Array | undefined => {
    const segment = elf.segments.find((s) => address >= s.vaddr && address + BigInt(length) <= s.vaddr + BigInt(s.fileSize));
    if (!segment) return undefined;
    const offset = segment.offset + Number(address - segment.vaddr);
    return elfBytes.subarray(offset, offset + length);
  };
  const u64 = (address: bigint) => {
    const bytes = read(address, 8);
    return bytes && new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  };
  const table = elf.symbols.find((s) => s.name === LINE_TABLE_SYMBOL);
  if (!table) return none;
  const count = u64(table.value);
  if (count === undefined || count > 1_000_000n) return none;
  const rows: { at: bigint; file: bigint; position: bigint }[] = [];
  for (let i = 0n; i < count; i++) {
    const row = table.value + 8n + i * 24n;
    const at = u64(row);
    const file = u64(row + 8n);
    const position = u64(row + 16n);
    if (at === undefined || file === undefined || position === undefined) return none;
    rows.push({ at, file, position });
  }
  const fileNames = new Map<bigint, string>();
  const fileName = (address: bigint) => {
    let name = fileNames.get(address);
    if (name !== undefined) return name;
    name = '';
    for (let at = address; name.length < 4096; at++) {
      const byte = read(at, 1);
      if (!byte || byte[0] === 0) break;
      name += String.fromCharCode(byte[0]);
    }
    fileNames.set(address, name);
    return name;
  };
  return (pc) => {
    let best: (typeof rows)[number] | undefined;
    for (const row of rows) if (row.at <= pc && (!best || row.at >= best.at)) best = row;
    if (!best || best.position === 0n) return undefined;
    return { file: fileName(best.file), line: Number(best.position >> 32n), column: Number(best.position & 0xffff_ffffn) };
  };
}

/** The name of the code symbol that contains `pc` (the nearest symbol at or below it), or
 *  undefined (bad ELF, no symbols). */
export function symbolAt(elfBytes: Uint8Array, pc: bigint): string | undefined {
  const parsed = readElf(elfBytes);
  if (!parsed.ok) return undefined;
  let best: { name: string; value: bigint } | undefined;
  for (const symbol of parsed.value.symbols) {
    if (symbol.value <= pc && symbol.name !== '' && !symbol.name.startsWith('.') && (!best || symbol.value > best.value)) best = symbol;
  }
  return best?.name;
}
