// Static linking of assembled objects into one executable image: lay out the output
// sections (text, rodata, data, bss; each on its own page), give every symbol its
// address, apply the relocations, and hand the image to the ELF writer. No relaxation:
// instruction sequences keep the size the assembler gave them.

import { PAGE_SIZE } from '../../runtime/abi.js';
import { EF_RISCV_RVC } from '../../runtime/riscv/elf.js';
import { writeElf, type ImageSection, type ImageSymbol } from '../elf/write.js';
import { isAssemblerLocal, type AsmError, type AsmObject, type ObjectSection, type SectionKind } from './object.js';
import { applyRelocation, PC_RELATIVE_KINDS } from './relocate.js';
import { timed, type PhaseTimings } from '../phase-timings.js';

export interface LinkOptions {
  /** Address of the first text byte: 0x1000 for enclaves (Penglai app.lds), 0x10000 for hosts. */
  readonly textBase: bigint;
  /** The entry symbol; its section is placed first in text. */
  readonly entry: string;
  /** Where to record the time spent linking and writing the ELF file. */
  readonly timings?: PhaseTimings;
  /**
   * Non-loaded sections (DWARF) made once addresses are known: `addressOf` resolves a
   * label of the first object (its `.L` labels included, if a relocation kept them) or a global.
   */
  readonly debugSections?: (addressOf: (label: string) => bigint | undefined, symbols: readonly ImageSymbol[]) => { name: string; bytes: Uint8Array }[];
}

export interface LinkedSymbol {
  readonly name: string;
  readonly address: bigint;
  readonly size: number;
  readonly type: 'function' | 'object' | 'notype';
  readonly global: boolean;
}

export interface LinkResult {
  readonly elf: Uint8Array;
  readonly entry: bigint;
  readonly symbols: LinkedSymbol[];
  readonly sections: readonly { name: string; address: bigint; size: number }[];
  readonly errors: AsmError[];
}

const OUTPUT_ORDER: readonly SectionKind[] = ['text', 'rodata', 'data', 'bss'];
const alignUp = (value: bigint, alignment: number) => {
  const a = BigInt(alignment);
  return ((value + a - 1n) / a) * a;
};

interface Placed {
  readonly object: AsmObject;
  readonly section: ObjectSection;
  address: bigint;
}

/** Symbols the link provides when a program refers to them without defining them (GNU ld's defaults). */
const LINKER_SYMBOLS = ['__global_pointer$', '__bss_start', '_edata', '_end'] as const;

export function link(objects: readonly AsmObject[], options: LinkOptions): LinkResult {
  return timed(options.timings, 'link', () => linkObjects(objects, options));
}

function linkObjects(objects: readonly AsmObject[], options: LinkOptions): LinkResult {
  const errors: AsmError[] = [];
  const linkError = (code: AsmError['code'], message: string, file?: string, line = 0, column = 0) =>
    errors.push({ code, message, line, column, file });

  // Global definitions: one per name across all objects.
  const globalOwner = new Map<string, AsmObject>();
  for (const object of objects) {
    for (const symbol of object.symbols) {
      if (!symbol.global) continue;
      const owner = globalOwner.get(symbol.name);
      if (owner) {
        linkError('duplicate-symbol', `global symbol '${symbol.name}' is defined in both ${owner.fileName} and ${object.fileName}`, object.fileName, symbol.line, 1);
      } else globalOwner.set(symbol.name, object);
    }
  }
  const entryOwner = globalOwner.get(options.entry) ?? objects.find((o) => o.symbols.some((s) => s.name === options.entry));
  const entrySymbol = entryOwner?.symbols.find((s) => s.name === options.entry);
  if (!entrySymbol) linkError('missing-entry', `entry symbol '${options.entry}' is not defined`);

  // Layout: `.text._start` first, then the entry's own section, then the rest in input order.
  const placed = new Map<ObjectSection, Placed>();
  const outputs: ImageSection[] = [];
  let cursor = options.textBase;
  for (const kind of OUTPUT_ORDER) {
    let inputs = objects.flatMap((object) => object.sections.filter((s) => s.kind === kind).map((section) => ({ object, section })));
    if (kind === 'text') {
      const rank = ({ object, section }: { object: AsmObject; section: ObjectSection }) =>
        section.name === '.text._start' ? 0 : object === entryOwner && section.name === entrySymbol?.section ? 1 : 2;
      inputs = inputs.map((input, i) => ({ input, i })).sort((a, b) => rank(a.input) - rank(b.input) || a.i - b.i).map((x) => x.input);
    }
    const size = inputs.reduce((sum, { section }) => sum + section.size, 0);
    if (size === 0 && kind !== 'text') continue;
    // Each output section starts a page, except bss which continues the data segment.
    const previous = outputs.at(-1);
    const start = kind === 'bss' && previous?.kind === 'data' ? cursor : alignUp(cursor, PAGE_SIZE);
    let at = start;
    let alignment = 1;
    for (const { object, section } of inputs) {
      at = alignUp(at, section.alignment);
      alignment = Math.max(alignment, section.alignment);
      placed.set(section, { object, section, address: at });
      at += BigInt(section.size);
    }
    const first = inputs[0] ? placed.get(inputs[0].section)!.address : start;
    const outputSize = Number(at - first);
    const bytes = new Uint8Array(kind === 'bss' ? 0 : outputSize);
    if (kind !== 'bss') for (const { section } of inputs) bytes.set(section.bytes.subarray(0, section.size), Number(placed.get(section)!.address - first));
    outputs.push({ name: `.${kind}`, kind, address: first, bytes, size: outputSize, alignment });
    cursor = at;
  }

  // Addresses: per object (locals and its own globals), then the global namespace.
  const localAddress = new Map<AsmObject, Map<string, bigint>>();
  const globalAddress = new Map<string, bigint>();
  const imageSymbols: ImageSymbol[] = [];
  for (const object of objects) {
    const table = new Map<string, bigint>();
    // The first section of each name, as a search of object.sections in order would find.
    const sectionByName = new Map<string, ObjectSection>();
    for (const section of object.sections) if (!sectionByName.has(section.name)) sectionByName.set(section.name, section);
    for (const symbol of object.symbols) {
      const section = symbol.section ? sectionByName.get(symbol.section) : undefined;
      const address = section ? placed.get(section)!.address + symbol.value : symbol.value;
      table.set(symbol.name, address);
      if (symbol.global && globalOwner.get(symbol.name) === object) globalAddress.set(symbol.name, address);
      if (!isAssemblerLocal(symbol.name) && section) {
        imageSymbols.push({ name: symbol.name, value: address, size: symbol.size ?? 0, type: symbol.type, global: symbol.global, section: `.${section.kind}` });
      }
    }
    localAddress.set(object, table);
  }
  const dataOutput = outputs.find((o) => o.kind === 'data' || o.kind === 'bss');
  const end = outputs.reduce((max, o) => (o.address + BigInt(o.size) > max ? o.address + BigInt(o.size) : max), options.textBase);
  const bss = outputs.find((o) => o.kind === 'bss');
  const provided: Record<(typeof LINKER_SYMBOLS)[number], bigint> = {
    '__global_pointer$': (dataOutput?.address ?? end) + 0x800n,
    __bss_start: bss?.address ?? end,
    _edata: bss?.address ?? end,
    _end: end,
  };
  const linkerSymbols: ReadonlySet<string> = new Set(LINKER_SYMBOLS);
  const referencedLinkerSymbols = new Set<string>();
  for (const object of objects) {
    for (const section of object.sections) {
      for (const relocation of section.relocations) if (linkerSymbols.has(relocation.symbol)) referencedLinkerSymbols.add(relocation.symbol);
    }
  }
  for (const name of LINKER_SYMBOLS) {
    if (referencedLinkerSymbols.has(name) && !globalAddress.has(name)) {
      globalAddress.set(name, provided[name]);
      imageSymbols.push({ name, value: provided[name], size: 0, type: 'notype', global: true });
    }
  }

  // Relocations.
  const outputBytes = new Map(outputs.map((o) => [o.kind, o]));
  for (const { object, section, address } of placed.values()) {
    const output = outputBytes.get(section.kind)!;
    const locals = localAddress.get(object)!;
    const sectionAddress = Number(address);
    const outputOffset = Number(address - output.address);
    for (const relocation of section.relocations) {
      const target = locals.get(relocation.symbol) ?? globalAddress.get(relocation.symbol);
      if (target === undefined) {
        linkError('undefined-symbol', `undefined symbol '${relocation.symbol}'`, object.fileName, relocation.line, relocation.column);
        continue;
      }
      const place = sectionAddress + (relocation.pairOffset ?? relocation.offset);
      const pcRelative = PC_RELATIVE_KINDS.has(relocation.kind);
      // S + A (- P) on numbers when all three are exact there, as addresses always are.
      const symbolValue = Number(target);
      const addend = Number(relocation.addend);
      const sum = symbolValue + addend - (pcRelative ? place : 0);
      const exact = Number.isSafeInteger(symbolValue) && Number.isSafeInteger(addend) && Number.isSafeInteger(symbolValue + addend) && Number.isSafeInteger(sum);
      const value = exact ? sum : target + relocation.addend - (pcRelative ? BigInt(place) : 0n);
      const problem = applyRelocation(output.bytes, outputOffset + relocation.offset, relocation.kind, value);
      if (problem) {
        const code = PC_RELATIVE_KINDS.has(relocation.kind) ? 'branch-out-of-range' : 'immediate-out-of-range';
        linkError(code, `${problem} (reference to '${relocation.symbol}')`, object.fileName, relocation.line, relocation.column);
      }
    }
  }

  const entry = entrySymbol && entryOwner ? localAddress.get(entryOwner)!.get(options.entry)! : options.textBase;
  const flags = objects.some((o) => o.usesCompressed) ? EF_RISCV_RVC : 0;
  const first = objects[0] && localAddress.get(objects[0]);
  const debugSections = errors.length === 0 ? options.debugSections?.((label) => first?.get(label) ?? globalAddress.get(label), imageSymbols) : undefined;
  const elf = errors.length === 0 ? timed(options.timings, 'elf-write', () => writeElf({ entry, flags, sections: outputs, symbols: imageSymbols, debugSections })) : new Uint8Array(0);
  const symbols = imageSymbols.map(({ name, value, size, type, global }) => ({ name, address: value, size, type, global }));
  return { elf, entry, symbols, sections: outputs.map(({ name, address, size }) => ({ name, address, size })), errors };
}
