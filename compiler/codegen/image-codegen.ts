// One image per section: the assembly of its globals, functions and entry, plus the
// runtime library parts it links with (runtime/lib). The host gets `host.elf`; every
// enclave and server gets `<Name>.elf`.
import type { Diagnostic } from '../../grammar/diagnostic.js';
import { commonLibrary } from '../../runtime/lib/common.js';
import { enclaveEntry, enclaveLibrary } from '../../runtime/lib/enclave.js';
import { hostEntry, hostLibrary } from '../../runtime/lib/host.js';
import { printLibrary } from '../../runtime/lib/print.js';
import { HOST_TEXT_BASE, EnclaveVA, INTERFACE_SYMBOL } from '../../runtime/abi.js';
import type { CheckedProgram, SectionInfo } from '../check/model.js';
import type { IrModule } from '../ir/ir.js';
import { functionSymbol, HOST_MAIN_SYMBOL, lowerSection, testSymbol } from '../ir/lower-module.js';
import { imageFileName } from '../ir/lower-host-ops.js';
import { AsmWriter } from './asm-writer.js';
import { selectInstructions, type LineEntry } from './isel.js';
import { LINE_TABLE_SYMBOL } from '../line-table.js';
import { emitServerDispatcher } from './server-dispatch.js';
import { timed, type PhaseTimings } from '../phase-timings.js';

export interface ImageSource {
  section: SectionInfo;
  fileName: string;
  textBase: bigint;
  /** The program's own assembly, then each runtime library part, assembled separately. */
  units: { name: string; text: string }[];
  /** Host only: each `test` block, with the entry unit that runs it instead of the host body. */
  tests?: { name: string; entry: string }[];
}

export interface CodegenResult {
  images: ImageSource[];
  diagnostics: Diagnostic[];
}

export const HOST_IMAGE = 'host.elf';

export function generateImages(checked: CheckedProgram, timings?: PhaseTimings): CodegenResult {
  const diagnostics: Diagnostic[] = [];
  const images = checked.sections.map((section) => generateImage(checked, section, diagnostics, timings));
  return { images, diagnostics };
}

/** The IR of every section, for `penglaic build --emit ir`. */
export function generateIr(checked: CheckedProgram): { section: SectionInfo; module: IrModule }[] {
  return checked.sections.map((section) => ({ section, module: lowerSection(checked, section, []) }));
}

function generateImage(checked: CheckedProgram, section: SectionInfo, diagnostics: Diagnostic[], timings?: PhaseTimings): ImageSource {
  const module = timed(timings, 'lower', () => lowerSection(checked, section, diagnostics, true, timings));
  return timed(timings, 'isel', () => selectImage(checked, section, module, timings));
}

function selectImage(checked: CheckedProgram, section: SectionInfo, module: IrModule, timings: PhaseTimings | undefined): ImageSource {
  const w = new AsmWriter();
  w.comment(`${section.kind} ${section.name}`);
  const lines: LineEntry[] = [];
  for (const fn of module.functions) selectInstructions(fn, w, lines, timings);
  emitLineTable(w, lines);
  const units: { name: string; text: string }[] = [];
  if (section.kind === 'host') units.push({ name: 'host-entry', text: hostEntry(HOST_MAIN_SYMBOL) });
  else if (section.kind === 'server') emitServerDispatcher(w, section, (fn) => functionSymbol(fn.name));
  else units.push({ name: 'enclave-entry', text: enclaveEntry(functionSymbol('main')) });
  if (section.kind === 'server' && section.interfaceDigest) {
    // The server's own digest, where the monitor's typed acquire looks for it.
    w.raw(`    .globl ${INTERFACE_SYMBOL}`);
    w.rodataBlock(INTERFACE_SYMBOL, section.interfaceDigest);
  }
  for (const data of module.data) {
    if (data.readOnly && data.bytes) w.rodataBlock(data.symbol, data.bytes, data.align);
    else if (data.bytes) w.dataBlock(data.symbol, data.bytes, data.align);
    else w.bssBlock(data.symbol, data.size, data.align);
  }

  const kind = section.kind === 'host' ? 'host' : 'enclave';
  timed(timings, 'asm-text', () => {
    units.unshift({ name: section.name, text: w.toString() });
    units.push({ name: 'runtime-print', text: printLibrary(kind) });
    units.push({ name: 'runtime-common', text: commonLibrary() });
    units.push({
      name: section.kind === 'host' ? 'runtime-host' : 'runtime-enclave',
      text: section.kind === 'host' ? hostLibrary() : enclaveLibrary(section.kind === 'server' ? 'server' : 'normal'),
    });
  });
  return {
    section,
    fileName: section.kind === 'host' ? HOST_IMAGE : imageFileName(section.name),
    textBase: section.kind === 'host' ? HOST_TEXT_BASE : EnclaveVA.TEXT_BASE,
    units,
    tests: section.kind === 'host' ? checked.tests.map((test, i) => ({ name: test.name, entry: hostEntry(testSymbol(i)) })) : undefined,
  };
}

/**
 * The line table that lets a fault report name the source position of a pc:
 * a count, then for each statement its code address, the address of its file name
 * and `line << 32 | column`; an entry with line 0 marks the end of the program's code.
 */
function emitLineTable(w: AsmWriter, lines: LineEntry[]): void {
  const end = w.newLabel('code_end');
  w.label(end);
  const files = new Map<string, string>();
  for (const entry of lines) if (!files.has(entry.file)) files.set(entry.file, w.stringLiteral(entry.file + '\0').label);
  const empty = w.stringLiteral('\0').label;
  const rows = [...lines.map((e) => [e.label, files.get(e.file)!, (BigInt(e.line) << 32n) | BigInt(e.column)] as const), [end, empty, 0n] as const];
  w.raw(`    .globl ${LINE_TABLE_SYMBOL}`);
  w.rodataLines(LINE_TABLE_SYMBOL, [`.dword ${rows.length}`, ...rows.flatMap(([label, file, position]) => [`.dword ${label}`, `.dword ${file}`, `.dword ${position}`])]);
}
