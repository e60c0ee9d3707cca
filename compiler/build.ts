// The build driver: check, generate one image per section, assemble and link each with
// the runtime library, and describe the result in a manifest. Returns values; the CLI
// decides what to print and where to write.
import type { Diagnostic } from '../grammar/diagnostic.js';
import { checkProgram, type SourceHost } from './check/index.js';
import { hasErrors, type CheckedProgram } from './check/model.js';
import { generateImage, generateImages, type ImageSource } from './codegen/image-codegen.js';
import { assemble, assembleLines, link, type AsmError } from './asm/index.js';
import { timed, type PhaseTimings } from './phase-timings.js';
import { MANIFEST_VERSION, type Manifest, type ManifestImage } from './manifest.js';

export { MANIFEST_VERSION, type Manifest, type ManifestImage };

export interface BuiltImage {
  source: ImageSource;
  elf: Uint8Array;
  entry: bigint;
}

export interface BuildResult {
  checked: CheckedProgram;
  diagnostics: Diagnostic[];
  images: BuiltImage[];
  manifest: Manifest | undefined;
  /** One host image per `test` block, running that test instead of the host body. */
  tests: { name: string; elf: Uint8Array }[];
}

export function buildProgram(rootPath: string, host: SourceHost, sourceLabel = rootPath): BuildResult {
  const checked = checkProgram(rootPath, host);
  const diagnostics = [...checked.diagnostics];
  if (hasErrors(checked)) return { checked, diagnostics, images: [], manifest: undefined, tests: [] };
  return buildChecked(checked, diagnostics, sourceLabel);
}

/** `timings`, when given, receives the time spent in each phase (the compiler benchmark prints it). */
export function buildChecked(checked: CheckedProgram, diagnostics: Diagnostic[], sourceLabel: string, timings?: PhaseTimings): BuildResult {
  const failed = () => ({ checked, diagnostics, images: [], manifest: undefined, tests: [] });
  if (!checked.host || hasErrorDiagnostic(diagnostics)) {
    diagnostics.push(...generateImages(checked).diagnostics);
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
  const images: BuiltImage[] = [];
  const tests: BuildResult['tests'] = [];
  // Runtime library units are the same text in many images: assemble each text once.
  const assembled = new Map<string, ReturnType<typeof assemble>>();
  for (const section of checked.sections) {
    const { source, lines } = generateImage(checked, section, codegenDiagnostics, timings);
    if (hasErrorDiagnostic(codegenDiagnostics)) continue;
    const errors: AsmError[] = [];
    const objects = source.units.map((unit, i) => {
      const fileName = `${source.section.name}/${unit.name}.s`;
      if (i === 0) {
        const result = timed(timings, 'assemble', () => assembleLines(lines, fileName));
        errors.push(...result.errors);
        return result.object;
      }
      let result = assembled.get(unit.text);
      if (!result) {
        result = timed(timings, 'assemble', () => assemble(unit.text, fileName));
        assembled.set(unit.text, result);
      }
      errors.push(...result.errors);
      return result.object;
    });
    const linked = errors.length === 0 ? link(objects, { textBase: source.textBase, entry: '_start', timings }) : undefined;
    if (linked) errors.push(...linked.errors);
    // Test hosts: the same objects with another entry unit in place of the host body's.
    const entryIndex = source.units.findIndex((unit) => unit.name === 'host-entry');
    for (const test of errors.length === 0 && entryIndex >= 0 ? (source.tests ?? []) : []) {
      const entry = timed(timings, 'assemble', () => assemble(test.entry, `${source.section.name}/test-entry.s`));
      const variant = link(objects.map((object, i) => (i === entryIndex ? entry.object : object)), { textBase: source.textBase, entry: '_start', timings });
      errors.push(...entry.errors, ...variant.errors);
      tests.push({ name: test.name, elf: variant.elf });
    }
    if (!linked || errors.length > 0) {
      assemblyDiagnostics.push(internalError(source, errors));
      continue;
    }
    images.push({ source, elf: linked.elf, entry: linked.entry });
  }
  diagnostics.push(...codegenDiagnostics);
  if (hasErrorDiagnostic(diagnostics)) return failed();
  diagnostics.push(...assemblyDiagnostics);
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
    })),
  }));
  return { checked, diagnostics, images, manifest, tests };
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
