// The build driver: check, generate one image per section, assemble and link each with
// the runtime library, and describe the result in a manifest. Returns values; the CLI
// decides what to print and where to write.
import type { Diagnostic } from '../grammar/diagnostic.js';
import { checkProgram, type SourceHost } from './check/index.js';
import { hasErrors, type CheckedProgram, type SectionInfo, type TestInfo } from './check/model.js';
import { generateImage, generateImages, type ImageDebug, type ImageSource } from './codegen/image-codegen.js';
import { assemble, assembleLines, link, type AsmError, type LinkOptions } from './asm/index.js';
import { timed, type PhaseTimings } from './phase-timings.js';
import { imageDebugSections } from './dwarf/image-debug.js';
import type { ImageSymbol } from './elf/write.js';
import { MANIFEST_VERSION, type Manifest, type ManifestImage } from './manifest.js';
import { appendAll } from './append-all.js';

export { MANIFEST_VERSION, type Manifest, type ManifestImage };

export interface BuiltImage {
  source: ImageSource;
  elf: Uint8Array;
  entry: bigint;
}

/**
 * The measurement the monitor will compute when it creates an enclave from this image
 * (emulator/monitor/measurement-plan.ts behind the CLI: the compiler does not import the
 * emulator). The manifest's measurements and every `measurement(X)` constant come from it.
 * `image` says what the image is (its section's kind and registered name, its file), for a
 * measurement that binds more than the pages.
 */
export type MeasurementPredictor = (elf: Uint8Array, image: ImageSource) => Uint8Array;

export interface BuildResult {
  checked: CheckedProgram;
  /** What the predictor gave for each enclave and server image (empty without a predictor). */
  measurements: Map<SectionInfo, Uint8Array>;
  diagnostics: Diagnostic[];
  images: BuiltImage[];
  manifest: Manifest | undefined;
  /** One host image per `test` block, running that test instead of the host body, with the test's options. */
  tests: BuiltTest[];
}

/** How to build: `optimize: false` (`-O0`) lowers straight to code, for comparison and the debugger. */
export interface BuildOptions {
  optimize?: boolean;
  /** Notes about the build (a function the optimiser met too large and treated less), for `--verbose`. */
  notes?: string[];
}

export interface BuiltTest extends TestInfo {
  elf: Uint8Array;
}

export function buildProgram(rootPath: string, host: SourceHost, sourceLabel = rootPath, predict?: MeasurementPredictor, options: BuildOptions = {}): BuildResult {
  const checked = checkProgram(rootPath, host);
  const diagnostics = [...checked.diagnostics];
  if (hasErrors(checked)) return { checked, diagnostics, measurements: new Map(), images: [], manifest: undefined, tests: [] };
  return buildChecked(checked, diagnostics, sourceLabel, undefined, predict, options);
}

/** `timings`, when given, receives the time spent in each phase (the compiler benchmark prints it). */
export function buildChecked(
  checked: CheckedProgram,
  diagnostics: Diagnostic[],
  sourceLabel: string,
  timings?: PhaseTimings,
  predict?: MeasurementPredictor,
  options: BuildOptions = {},
): BuildResult {
  const measurements = new Map<SectionInfo, Uint8Array>();
  const failed = () => ({ checked, diagnostics, measurements, images: [], manifest: undefined, tests: [] });
  if (!checked.host || hasErrorDiagnostic(diagnostics)) {
    // Only the diagnostics are wanted here, not images: a measurement's bytes do not matter.
    appendAll(diagnostics, generateImages(checked, () => new Uint8Array(32)).diagnostics);
    if (hasErrorDiagnostic(diagnostics)) return failed();
    const program = checked.programs[0];
    diagnostics.push({
      code: 'E0901',
      severity: 'error',
      message: 'the program has no `host` section, so there is nothing to run',
      span: { ...program.span, end: program.span.start, endLine: program.span.startLine, endCol: program.span.startCol },
      hint: 'add `host { ... }` that creates and runs your enclaves',
    });
    return failed();
  }

  // Image by image: generate, assemble, link, so that no image's lines outlive its assembly.
  const codegenDiagnostics: Diagnostic[] = [];
  const assemblyDiagnostics: Diagnostic[] = [];
  const built = new Map<SectionInfo, BuiltImage>();
  const tests: BuildResult['tests'] = [];
  // Runtime library units are the same text in many images: assemble each text once.
  const assembled = new Map<string, ReturnType<typeof assemble>>();
  for (const section of buildOrder(checked.sections)) {
    const { source, lines, debug } = generateImage(checked, section, codegenDiagnostics, timings, (s) => measurements.get(s), options);
    if (hasErrorDiagnostic(codegenDiagnostics)) continue;
    const errors: AsmError[] = [];
    const objects = source.units.map((unit, i) => {
      const fileName = `${source.section.name}/${unit.name}.s`;
      if (i === 0) {
        const result = timed(timings, 'assemble', () => assembleLines(lines, fileName));
        appendAll(errors, result.errors);
        return result.object;
      }
      let result = assembled.get(unit.text);
      if (!result) {
        result = timed(timings, 'assemble', () => assemble(unit.text, fileName));
        assembled.set(unit.text, result);
      }
      appendAll(errors, result.errors);
      return result.object;
    });
    const linked = errors.length === 0 ? link(objects, imageLinkOptions(checked, source, debug, timings)) : undefined;
    if (linked) appendAll(errors, linked.errors);
    // Test hosts: the same objects with another entry unit in place of the host body's.
    const entryIndex = source.units.findIndex((unit) => unit.name === 'host-entry');
    for (const [index, test] of (errors.length === 0 && entryIndex >= 0 ? (source.tests ?? []) : []).entries()) {
      const entry = timed(timings, 'assemble', () => assemble(test.entry, `${source.section.name}/test-entry.s`));
      const variant = link(objects.map((object, i) => (i === entryIndex ? entry.object : object)), { textBase: source.textBase, entry: '_start', timings });
      appendAll(appendAll(errors, entry.errors), variant.errors);
      tests.push({ ...checked.tests[index], elf: variant.elf });
    }
    if (!linked || errors.length > 0) {
      assemblyDiagnostics.push(internalError(source, errors));
      continue;
    }
    built.set(section, { source, elf: linked.elf, entry: linked.entry });
    if (predict && section.kind !== 'host') measurements.set(section, timed(timings, 'manifest', () => predict(linked.elf, source)));
  }
  const images = checked.sections.flatMap((section) => built.get(section) ?? []);
  appendAll(diagnostics, codegenDiagnostics);
  if (hasErrorDiagnostic(diagnostics)) return failed();
  appendAll(diagnostics, assemblyDiagnostics);
  if (hasErrorDiagnostic(diagnostics)) return failed();

  const manifest: Manifest = timed(timings, 'manifest', () => ({
    version: MANIFEST_VERSION,
    source: sourceLabel,
    images: images.map(({ source, elf, entry }) => ({
      name: source.section.name,
      kind: source.section.kind,
      registeredName: source.section.registeredName,
      file: source.fileName,
      entry: '0x' + entry.toString(16),
      size: elf.length,
      interfaceDigest: source.section.interfaceDigest && Buffer.from(source.section.interfaceDigest).toString('hex'),
      interface: source.section.interfaceText?.split('\n').filter((line) => line.length > 0),
      measurement: measurements.has(source.section) ? Buffer.from(measurements.get(source.section)!).toString('hex') : undefined,
    })),
  }));
  return { checked, diagnostics, measurements, images, manifest, tests };
}

/** Sections in source order, except that an image comes after every image whose measurement it embeds. */
function buildOrder(sections: readonly SectionInfo[]): SectionInfo[] {
  const order: SectionInfo[] = [];
  const placed = new Set<SectionInfo>();
  const place = (section: SectionInfo, path: Set<SectionInfo>) => {
    if (placed.has(section) || path.has(section)) return; // a cycle is E0415, reported by the checker
    path.add(section);
    for (const measured of section.measures ?? []) place(measured, path);
    path.delete(section);
    placed.add(section);
    order.push(section);
  };
  for (const section of sections) place(section, new Set());
  return order;
}

/** How an image is linked: at its base, from `_start`, with its DWARF sections. */
export function imageLinkOptions(checked: CheckedProgram, source: ImageSource, debug: ImageDebug, timings?: PhaseTimings): LinkOptions {
  // DWARF names files as the spans do, relative to the directory the build runs in.
  const unit = { compDir: process.cwd(), primaryFile: checked.programs[0]?.span.file ?? source.section.name };
  const debugSections = (addressOf: (label: string) => bigint | undefined, symbols: readonly ImageSymbol[]) => imageDebugSections(debug, addressOf, symbols, unit);
  return { textBase: source.textBase, entry: '_start', timings, debugSections };
}

function hasErrorDiagnostic(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** The assembler refused generated code: a compiler bug, reported as such at the section. */
function internalError(source: ImageSource, errors: AsmError[]): Diagnostic {
  const first = errors[0];
  const where = first ? `${first.file ?? source.section.name}:${first.line}: ${first.message}` : 'unknown error';
  return {
    code: 'E0902',
    severity: 'error',
    message: `internal compiler error while assembling \`${source.section.name}\`: ${where}`,
    span: source.section.decl.span,
    hint: 'this is a bug in penglaic; `penglaic build --emit asm` shows the generated code',
  };
}
