// One image per section: the assembly of its globals, functions and entry, plus the
// runtime library parts it links with (runtime/lib). The host gets `host.elf`; every
// enclave and server gets `<Name>.elf`.
import type { Diagnostic, SourceSpan } from '../../grammar/diagnostic.js';
import { commonLibrary } from '../../runtime/lib/common.js';
import { enclaveEntry, enclaveLibrary, type EntryParameter } from '../../runtime/lib/enclave.js';
import { hostEntry, hostLibrary } from '../../runtime/lib/host.js';
import { printLibrary } from '../../runtime/lib/print.js';
import { DEFAULT_STACK_SIZE, HOST_TEXT_BASE, EnclaveVA, INTERFACE_SYMBOL } from '../../runtime/abi.js';
import type { CheckedProgram, SectionInfo } from '../check/model.js';
import type { IrModule } from '../ir/ir.js';
import { functionSymbol, HOST_MAIN_SYMBOL, lowerSection, testSymbol } from '../ir/lower-module.js';
import { imageFileName } from '../ir/lower-host-ops.js';
import { AsmWriter } from './asm-writer.js';
import { renderLines, type AsmLine } from '../asm/lines.js';
import { relaxBranches } from '../asm/relax-branches.js';
import { selectInstructions, type FunctionDebugInfo, type LineEntry } from './isel.js';
import { LINE_TABLE_SYMBOL } from '../line-table.js';
import { emitServerDispatcher } from './server-dispatch.js';
import { timed, type PhaseTimings } from '../phase-timings.js';

export interface ImageSource {
  section: SectionInfo;
  fileName: string;
  textBase: bigint;
  /** The program's own assembly, then each runtime library part, assembled separately. */
  units: AsmUnit[];
  /** Host only: each `test` block, with the entry unit that runs it instead of the host body. */
  tests?: { name: string; entry: string }[];
}

/**
 * One separately assembled unit: the program's own code, then the runtime library parts.
 * The build assembles the program's unit from lines (asm/lines.ts) that it drops right
 * after; its text is generated again only when someone reads it (`--emit asm`, the GNU as
 * oracle), so a build holds no text and no lines of any image it has finished.
 */
export interface AsmUnit {
  readonly name: string;
  readonly text: string;
}

export interface CodegenResult {
  images: ImageSource[];
  diagnostics: Diagnostic[];
}

export const HOST_IMAGE = 'host.elf';

/** `optimize: false` is `-O0`; `notes` collects what `--verbose` prints about the optimiser. */
export interface CodegenOptions {
  optimize?: boolean;
  notes?: string[];
}

export function generateImages(checked: CheckedProgram, measurementOf?: MeasurementLookup, options: CodegenOptions = {}): CodegenResult {
  const diagnostics: Diagnostic[] = [];
  const images = checked.sections.map((section) => generateImage(checked, section, diagnostics, undefined, measurementOf, options).source);
  return { images, diagnostics };
}

/** The measurement the build predicted for a section's image, once that image is built (`measurement(X)`). */
export type MeasurementLookup = (section: SectionInfo) => Uint8Array | undefined;

/** The IR of every section, for `penglaic build --emit ir`. */
export function generateIr(checked: CheckedProgram, measurementOf?: MeasurementLookup, options: CodegenOptions = {}): { section: SectionInfo; module: IrModule }[] {
  return checked.sections.map((section) => ({ section, module: lowerSection(checked, section, [], options.optimize ?? true, undefined, measurementOf, options.notes) }));
}

/**
 * What the DWARF writer needs of an image's own unit, by label: its statements' line
 * entries, its functions, and the label that ends its code (addresses come from the link).
 */
export interface ImageDebug {
  entries: LineEntry[];
  functions: FunctionDebugInfo[];
  codeEnd: string;
}

/** One section's image, and the lines of its own unit (`source.units[0]`) to assemble. */
export function generateImage(
  checked: CheckedProgram,
  section: SectionInfo,
  diagnostics: Diagnostic[],
  timings?: PhaseTimings,
  measurementOf?: MeasurementLookup,
  options: CodegenOptions = {},
): { source: ImageSource; lines: readonly AsmLine[]; debug: ImageDebug } {
  const debug: ImageDebug = { entries: [], functions: [], codeEnd: '' };
  const lines = programLines(checked, section, diagnostics, timings, measurementOf, options, debug);
  let text: string | undefined;
  const program: AsmUnit = {
    name: section.name,
    get text() {
      return (text ??= renderLines(programLines(checked, section, [], undefined, measurementOf, { optimize: options.optimize })));
    },
  };
  const source: ImageSource = {
    section,
    fileName: section.kind === 'host' ? HOST_IMAGE : imageFileName(section),
    textBase: section.kind === 'host' ? HOST_TEXT_BASE : EnclaveVA.TEXT_BASE,
    units: [program, ...runtimeUnits(section)],
    tests: section.kind === 'host' ? checked.tests.map((test, i) => ({ name: test.name, entry: hostEntry(testSymbol(i)) })) : undefined,
  };
  return { source, lines, debug };
}

function programLines(checked: CheckedProgram, section: SectionInfo, diagnostics: Diagnostic[], timings: PhaseTimings | undefined, measurementOf: MeasurementLookup | undefined, options: CodegenOptions, debug?: ImageDebug): AsmLine[] {
  const module = timed(timings, 'lower', () => lowerSection(checked, section, diagnostics, options.optimize ?? true, timings, measurementOf, options.notes));
  return timed(timings, 'isel', () => selectSection(section, module, diagnostics, timings, debug));
}

function selectSection(section: SectionInfo, module: IrModule, diagnostics: Diagnostic[], timings: PhaseTimings | undefined, debug?: ImageDebug): AsmLine[] {
  const w = new AsmWriter();
  w.comment(`${section.kind} ${section.name}`);
  const lines: LineEntry[] = [];
  for (const fn of module.functions) {
    const frameSize = selectInstructions(fn, w, lines, timings, debug?.functions);
    if (section.kind !== 'host' && frameSize > DEFAULT_STACK_SIZE && fn.declaredAt) diagnostics.push(frameTooLarge(section, fn.declaredAt, frameSize));
  }
  const codeEnd = emitLineTable(w, lines);
  if (debug) {
    debug.entries = lines;
    debug.codeEnd = codeEnd;
  }
  if (section.kind === 'server') emitServerDispatcher(w, section, (fn) => functionSymbol(fn.name));
  if (section.kind === 'server' && section.interfaceDigest) {
    // The server's own digest, where the monitor's typed acquire looks for it.
    w.globl(INTERFACE_SYMBOL);
    w.rodataBlock(INTERFACE_SYMBOL, section.interfaceDigest);
  }
  for (const data of module.data) {
    if (data.readOnly && data.bytes) w.rodataBlock(data.symbol, data.bytes, data.align);
    else if (data.bytes) w.dataBlock(data.symbol, data.bytes, data.align);
    else w.bssBlock(data.symbol, data.size, data.align);
  }
  return relaxBranches(w.lines(), () => w.newLabel('far'));
}

/** E0903: a function of an enclave or server whose frame alone is larger than the stack
 *  every enclave gets (DEFAULT_STACK_SIZE): it would fault on its first call. Arrays that
 *  zero copy places in a transfer region are not in the frame and do not count. */
function frameTooLarge(section: SectionInfo, at: SourceSpan, frameSize: number): Diagnostic {
  return {
    code: 'E0903',
    severity: 'error',
    message: `this function needs a ${frameSize.toLocaleString('en-US')}-byte stack frame, more than the ${DEFAULT_STACK_SIZE / 1024} KiB stack of ${section.kind === 'server' ? 'a server' : 'an enclave'}`,
    span: at,
    label: 'its local arrays and structs do not fit the stack',
    hint: `declare large arrays in the section, outside functions (\`var big: u8[N];\` in \`${section.name}\`): they live in the image, not on the stack`,
  };
}

/**
 * The units every image of a kind links with: its entry (but a server's, which is its
 * dispatcher) and the runtime library. They depend on the kind alone, so they are made
 * once per process, and the build assembles each of them once.
 */
const runtimeUnitsByKind = new Map<string, readonly AsmUnit[]>();

function runtimeUnits(section: SectionInfo): readonly AsmUnit[] {
  const kind = section.kind;
  // An enclave's entry depends on how its `main` takes the arguments of `run e(...)`.
  const parameters = kind === 'enclave' ? entryParameters(section) : [];
  const key = `${kind} ${JSON.stringify(parameters)}`;
  let units = runtimeUnitsByKind.get(key);
  if (!units) {
    const image = kind === 'host' ? 'host' : 'enclave';
    units = [
      ...(kind === 'host' ? [{ name: 'host-entry', text: hostEntry(HOST_MAIN_SYMBOL) }] : []),
      ...(kind === 'enclave' ? [{ name: 'enclave-entry', text: enclaveEntry(functionSymbol('main'), parameters) }] : []),
      { name: 'runtime-print', text: printLibrary(image) },
      { name: 'runtime-common', text: commonLibrary() },
      kind === 'host' ? { name: 'runtime-host', text: hostLibrary() } : { name: 'runtime-enclave', text: enclaveLibrary(kind === 'server' ? 'server' : 'normal') },
    ];
    runtimeUnitsByKind.set(key, units);
  }
  return units;
}

function entryParameters(section: SectionInfo): EntryParameter[] {
  const main = section.functions.find((f) => f.name === 'main');
  return (main?.params ?? []).map((p): EntryParameter => (p.type.kind === 'int' ? { kind: 'int', bits: p.type.bits, signed: p.type.signed } : { kind: 'bool' }));
}

/**
 * The line table that lets a fault report name the source position of a pc:
 * a count, then for each statement its code address, the address of its file name
 * and `line << 32 | column`; an entry with line 0 marks the end of the program's code.
 */
function emitLineTable(w: AsmWriter, lines: LineEntry[]): string {
  const end = w.newLabel('code_end');
  w.label(end);
  const files = new Map<string, string>();
  for (const entry of lines) if (!files.has(entry.file)) files.set(entry.file, w.stringLiteral(entry.file + '\0').label);
  const empty = w.stringLiteral('\0').label;
  const rows = [...lines.map((e) => [e.label, files.get(e.file)!, (BigInt(e.line) << 32n) | BigInt(e.column)] as const), [end, empty, 0n] as const];
  w.globl(LINE_TABLE_SYMBOL);
  w.rodataDwords(LINE_TABLE_SYMBOL, [rows.length, ...rows.flat()]);
  return end;
}
