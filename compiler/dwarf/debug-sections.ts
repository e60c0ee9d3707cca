// DWARF 4 debugging information for one image (DWARF 4 standard: §6.2 the line-number
// program, §7.5 .debug_info and .debug_abbrev): the source line of every statement, and a
// subprogram per function with its scalar parameters and locals, so gdb can break at
// `main.pen:14`, show `bt` with arguments, `info locals`, `finish` and `list`, and
// `objdump -dl` shows source lines; call frames are in call-frames.ts.
import { ByteWriter } from './byte-writer.js';
import type { DebugType } from '../ir/ir.js';
import type { DebugVariable } from '../codegen/isel.js';
import { callFrameSection } from './call-frames.js';

export interface DebugRow {
  address: bigint;
  file: string;
  line: number;
  column: number;
}

export interface DebugFunction {
  name: string;
  low: bigint;
  file: string | undefined;
  line: number;
  returnType: DebugType | undefined;
  /** `live` in addresses, after linking. */
  variables: DebugVariable<bigint>[];
  saved: { register: number; offset: number }[];
}

export interface DebugImage {
  producer: string;
  /** The directory relative file names are relative to (DW_AT_comp_dir). */
  compDir: string;
  /** The compilation unit's name: the program's main source file. */
  primaryFile: string;
  /** Statements in address order (the code generator's line entries, resolved). */
  rows: DebugRow[];
  functions: DebugFunction[];
  /** The address just past the program's own code. */
  codeEnd: bigint;
  /** The image's entry routine, where backtraces end. */
  entry: { low: bigint; high: bigint } | undefined;
}

const TAG = { compileUnit: 0x11, baseType: 0x24, subprogram: 0x2e, formalParameter: 0x05, variable: 0x34, lexicalBlock: 0x0b } as const;
const AT = {
  name: 0x03, producer: 0x25, language: 0x13, compDir: 0x1b, lowPc: 0x11, highPc: 0x12, stmtList: 0x10,
  encoding: 0x3e, byteSize: 0x0b, declFile: 0x3a, declLine: 0x3b, frameBase: 0x40,
  external: 0x3f, type: 0x49, location: 0x02, constValue: 0x1c, ranges: 0x55,
} as const;
const FORM = { addr: 0x01, data1: 0x0b, data2: 0x05, data8: 0x07, string: 0x08, udata: 0x0f, ref4: 0x13, secOffset: 0x17, exprloc: 0x18, flagPresent: 0x19, sdata: 0x0d } as const;
const DW_LANG_C99 = 0x0c;
const ENCODING: Record<DebugType['encoding'], number> = { boolean: 0x02, signed: 0x05, unsigned: 0x08 };
const DW_OP_REG0 = 0x50;
const DW_OP_BREG8 = 0x78;
const DW_OP_FBREG = 0x91;

// Abbreviation codes (one table for every image).
const ABBREV = {
  compileUnit: 1, baseType: 2, subprogram: 3, voidSubprogram: 4,
  param: 5, paramNowhere: 6, paramConstant: 7, local: 8, localNowhere: 9, localConstant: 10,
  block: 11, blockRanges: 12, paramList: 13, localList: 14,
} as const;

type Attribute = readonly [number, number];
const VARIABLE_BASE: Attribute[] = [[AT.name, FORM.string], [AT.declLine, FORM.udata], [AT.type, FORM.ref4]];
const ABBREVIATIONS: [number, number, boolean, Attribute[]][] = [
  [ABBREV.compileUnit, TAG.compileUnit, true, [[AT.producer, FORM.string], [AT.language, FORM.data2], [AT.name, FORM.string], [AT.compDir, FORM.string], [AT.lowPc, FORM.addr], [AT.highPc, FORM.data8], [AT.stmtList, FORM.secOffset]]],
  [ABBREV.baseType, TAG.baseType, false, [[AT.name, FORM.string], [AT.encoding, FORM.data1], [AT.byteSize, FORM.data1]]],
  [ABBREV.subprogram, TAG.subprogram, true, [[AT.name, FORM.string], [AT.declFile, FORM.udata], [AT.declLine, FORM.udata], [AT.lowPc, FORM.addr], [AT.highPc, FORM.data8], [AT.frameBase, FORM.exprloc], [AT.external, FORM.flagPresent], [AT.type, FORM.ref4]]],
  [ABBREV.voidSubprogram, TAG.subprogram, true, [[AT.name, FORM.string], [AT.declFile, FORM.udata], [AT.declLine, FORM.udata], [AT.lowPc, FORM.addr], [AT.highPc, FORM.data8], [AT.frameBase, FORM.exprloc], [AT.external, FORM.flagPresent]]],
  [ABBREV.param, TAG.formalParameter, false, [...VARIABLE_BASE, [AT.location, FORM.exprloc]]],
  [ABBREV.paramNowhere, TAG.formalParameter, false, VARIABLE_BASE],
  [ABBREV.paramConstant, TAG.formalParameter, false, [...VARIABLE_BASE, [AT.constValue, FORM.sdata]]],
  [ABBREV.local, TAG.variable, false, [...VARIABLE_BASE, [AT.location, FORM.exprloc]]],
  [ABBREV.localNowhere, TAG.variable, false, VARIABLE_BASE],
  [ABBREV.localConstant, TAG.variable, false, [...VARIABLE_BASE, [AT.constValue, FORM.sdata]]],
  [ABBREV.block, TAG.lexicalBlock, true, [[AT.lowPc, FORM.addr], [AT.highPc, FORM.data8]]],
  [ABBREV.blockRanges, TAG.lexicalBlock, true, [[AT.ranges, FORM.secOffset]]],
  [ABBREV.paramList, TAG.formalParameter, false, [...VARIABLE_BASE, [AT.location, FORM.secOffset]]],
  [ABBREV.localList, TAG.variable, false, [...VARIABLE_BASE, [AT.location, FORM.secOffset]]],
];

/** `.debug_abbrev`, `.debug_info`, `.debug_line` and `.debug_frame` for an image. */
export function debugSections(image: DebugImage): { name: string; bytes: Uint8Array }[] {
  const files = fileTable(image);
  const ordered = [...image.functions].sort((a, b) => (a.low < b.low ? -1 : a.low > b.low ? 1 : 0));
  const frames = ordered.map((fn, i) => ({ low: fn.low, high: ordered[i + 1]?.low ?? image.codeEnd, saved: fn.saved }));
  const ranges = new ByteWriter();
  const locations = new ByteWriter();
  const info = infoSection(image, files, ranges, locations);
  return [
    { name: '.debug_abbrev', bytes: abbrevSection() },
    { name: '.debug_info', bytes: info },
    { name: '.debug_ranges', bytes: ranges.finish() },
    { name: '.debug_loc', bytes: locations.finish() },
    { name: '.debug_line', bytes: lineSection(image, files) },
    { name: '.debug_frame', bytes: callFrameSection(frames, image.entry) },
  ];
}

/** File numbers of the line program (1-based) in first-use order, the primary file first. */
function fileTable(image: DebugImage): Map<string, number> {
  const files = new Map<string, number>();
  for (const name of [image.primaryFile, ...image.rows.map((r) => r.file), ...image.functions.map((f) => f.file ?? '')]) {
    if (name !== '' && !files.has(name)) files.set(name, files.size + 1);
  }
  return files;
}

function abbrevSection(): Uint8Array {
  const w = new ByteWriter();
  for (const [code, tag, children, attributes] of ABBREVIATIONS) {
    w.uleb(code).uleb(tag).u8(children ? 1 : 0);
    for (const [at, form] of attributes) w.uleb(at).uleb(form);
    w.u8(0).u8(0);
  }
  return w.u8(0).finish();
}

/** The rows' address ranges whose line lies in [from, to], merged; `rows` are one function's, `end` where its code ends. */
function scopeRanges(rows: readonly DebugRow[], end: bigint, scope: { from: number; to: number }): [bigint, bigint][] {
  const out: [bigint, bigint][] = [];
  rows.forEach((row, i) => {
    if (row.line < scope.from || row.line > scope.to) return;
    const rowEnd = rows[i + 1]?.address ?? end;
    const last = out.at(-1);
    if (last && last[1] === row.address) last[1] = rowEnd;
    else out.push([row.address, rowEnd]);
  });
  return out;
}

/** The first row at or after `address` (rows are in address order). */
function firstRowFrom(rows: readonly DebugRow[], address: bigint): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid].address < address) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function infoSection(image: DebugImage, files: Map<string, number>, rangesOut: ByteWriter, locationsOut: ByteWriter): Uint8Array {
  const rows = uniqueRows(image.rows);
  const w = new ByteWriter();
  w.u32(0); // unit_length, patched below
  w.u16(4); // version
  w.u32(0); // debug_abbrev_offset
  w.u8(8); // address_size
  const low = image.functions.length > 0 ? image.functions.reduce((m, f) => (f.low < m ? f.low : m), image.functions[0].low) : image.codeEnd;
  w.uleb(ABBREV.compileUnit).string(image.producer).u16(DW_LANG_C99).string(image.primaryFile).string(image.compDir).u64(low).u64(image.codeEnd - low).u32(0);

  // Base types first, so every reference is to a known offset.
  const types = new Map<string, number>();
  const typeRef = (t: DebugType) => types.get(t.name)!;
  for (const t of [...image.functions.flatMap((f) => f.variables.map((v) => v.type)), ...image.functions.flatMap((f) => (f.returnType ? [f.returnType] : []))]) {
    if (types.has(t.name)) continue;
    types.set(t.name, w.length);
    w.uleb(ABBREV.baseType).string(t.name).u8(ENCODING[t.encoding]).u8(t.size);
  }

  const ordered = [...image.functions].sort((a, b) => (a.low < b.low ? -1 : a.low > b.low ? 1 : 0));
  ordered.forEach((fn, i) => {
    const high = ordered[i + 1]?.low ?? image.codeEnd;
    w.uleb(fn.returnType ? ABBREV.subprogram : ABBREV.voidSubprogram).string(fn.name);
    w.uleb(fn.file ? files.get(fn.file)! : 0).uleb(fn.line).u64(fn.low).u64(high - fn.low);
    // The frame base is s0, the frame pointer every prologue sets to the caller's sp.
    w.uleb(2).u8(DW_OP_BREG8).sleb(0);
    if (fn.returnType) w.u32(typeRef(fn.returnType));
    const fnRows = rows.slice(firstRowFrom(rows, fn.low), firstRowFrom(rows, high));
    for (const v of fn.variables) {
      const param = v.kind === 'param';
      // A local is visible in a lexical block over the code of its scope's lines.
      const scope = v.scope && scopeRanges(fnRows, high, v.scope);
      if (scope && scope.length === 1) w.uleb(ABBREV.block).u64(scope[0][0]).u64(scope[0][1] - scope[0][0]);
      else if (scope && scope.length > 1) {
        w.uleb(ABBREV.blockRanges).u32(rangesOut.length);
        // Offsets from the compilation unit's base address (DWARF 4 §2.17.3).
        for (const [from, to] of scope) rangesOut.u64(from - low).u64(to - low);
        rangesOut.u64(0n).u64(0n);
      }
      const where = scope && scope.length === 0 ? undefined : v.location;
      // A register or slot is the variable's only over its live interval: a location list.
      const listed = where !== undefined && !('constant' in where) && v.live !== undefined;
      const code = !where ? (param ? ABBREV.paramNowhere : ABBREV.localNowhere)
        : 'constant' in where ? (param ? ABBREV.paramConstant : ABBREV.localConstant)
        : listed ? (param ? ABBREV.paramList : ABBREV.localList)
        : param ? ABBREV.param : ABBREV.local;
      w.uleb(code).string(v.name).uleb(v.line).u32(typeRef(v.type));
      if (!where) {
        if (scope && scope.length > 0) w.u8(0);
        continue;
      }
      const expr = new ByteWriter();
      if ('register' in where) expr.u8(DW_OP_REG0 + where.register);
      else if ('frameOffset' in where) expr.u8(DW_OP_FBREG).sleb(where.frameOffset);
      if ('constant' in where) w.sleb(v.type.encoding === 'signed' ? BigInt.asIntN(64, where.constant) : BigInt.asUintN(64, where.constant));
      else if (listed) {
        const from = v.live!.from;
        const to = v.live!.to ?? high;
        w.u32(locationsOut.length);
        // Offsets from the compilation unit's base address (DWARF 4 §2.6.2).
        if (to > from) locationsOut.u64(from - low).u64(to - low).u16(expr.length).append(expr);
        locationsOut.u64(0n).u64(0n);
      } else w.uleb(expr.length).append(expr);
      if (scope && scope.length > 0) w.u8(0);
    }
    w.u8(0); // end of the subprogram's children
  });
  w.u8(0); // end of the compilation unit's children
  w.patchU32(0, w.length - 4);
  return w.finish();
}

// Line-number program parameters (DWARF 4 §6.2.4), as GNU as chooses them.
const LINE_BASE = -5;
const LINE_RANGE = 14;
const OPCODE_BASE = 13;
const STANDARD_LENGTHS = [0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1];
const DW_LNS_COPY = 1;
const DW_LNS_ADVANCE_PC = 2;
const DW_LNS_ADVANCE_LINE = 3;
const DW_LNS_SET_FILE = 4;
const DW_LNS_SET_COLUMN = 5;
const DW_LNE_END_SEQUENCE = 1;
const DW_LNE_SET_ADDRESS = 2;

/** Of several statements at one address (empty ones), the last is where execution is. */
function uniqueRows(rows: readonly DebugRow[]): DebugRow[] {
  return rows.filter((row, i) => rows[i + 1]?.address !== row.address);
}

function lineSection(image: DebugImage, files: Map<string, number>): Uint8Array {
  const header = new ByteWriter();
  header.u8(1).u8(1).u8(1).u8(LINE_BASE & 0xff).u8(LINE_RANGE).u8(OPCODE_BASE);
  for (const n of STANDARD_LENGTHS) header.u8(n);
  header.u8(0); // include_directories: only the compilation directory (index 0)
  for (const name of files.keys()) header.string(name).uleb(0).uleb(0).uleb(0);
  header.u8(0);

  const program = new ByteWriter();
  const rows = uniqueRows(image.rows);
  if (rows.length > 0) {
    program.u8(0).uleb(9).u8(DW_LNE_SET_ADDRESS).u64(rows[0].address);
    let address = rows[0].address;
    let file = 1;
    let line = 1;
    let column = 0;
    for (const row of rows) {
      if (row.address > address) program.u8(DW_LNS_ADVANCE_PC).uleb(row.address - address);
      address = row.address;
      const rowFile = files.get(row.file) ?? 1;
      if (rowFile !== file) program.u8(DW_LNS_SET_FILE).uleb(rowFile);
      file = rowFile;
      if (row.line !== line) program.u8(DW_LNS_ADVANCE_LINE).sleb(row.line - line);
      line = row.line;
      if (row.column !== column) program.u8(DW_LNS_SET_COLUMN).uleb(row.column);
      column = row.column;
      program.u8(DW_LNS_COPY);
    }
    if (image.codeEnd > address) program.u8(DW_LNS_ADVANCE_PC).uleb(image.codeEnd - address);
    program.u8(0).uleb(1).u8(DW_LNE_END_SEQUENCE);
  }

  const w = new ByteWriter();
  w.u32(2 + 4 + header.length + program.length).u16(4).u32(header.length).append(header).append(program);
  return w.finish();
}
