// The checker's entry points. Files are loaded and parsed, then three passes run over all of
// them together: declarations, bodies, whole-program rules (sections, the server call graph,
// interface digests). Every pass returns values; nothing throws on any input.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from '../../grammar/diagnostic.js';
import { checkBodies } from './bodies.js';
import { Code } from './codes.js';
import { checkServerCycles } from './call-graph.js';
import { checkSharedSequentialServers } from './concurrent-servers.js';
import { CheckContext } from './context.js';
import { collectDeclarations } from './declarations.js';
import { loadFiles, type SourceHost } from './imports.js';
import { attachInterfaceDigests } from './interface-digest.js';
import type { CheckedProgram } from './model.js';
import { resolveMeasurements } from './measurement-deps.js';
import { checkSectionRules } from './sections.js';

export type { SourceHost } from './imports.js';
export * from './model.js';
export { Code } from './codes.js';

/** Reads files from disk (the CLI's host). */
export const diskHost: SourceHost = {
  readFile(file: string) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
};

export interface CheckedProgramWithSources extends CheckedProgram {
  /** Every loaded file's text, by file name as it appears in spans (for rendering). */
  sources: Map<string, string>;
}

export interface CheckOptions {
  /** The files whose tests `penglaic test` runs; those without a `host` are grading files. */
  testFiles?: readonly string[];
}

export function checkProgram(rootPath: string, host: SourceHost, options: CheckOptions = {}): CheckedProgramWithSources {
  const files = loadFiles(rootPath, host);
  const result: CheckedProgramWithSources = {
    programs: files.programs,
    diagnostics: [],
    sections: [],
    structs: [],
    host: undefined,
    tests: [],
    sharedFunctions: [],
    types: new Map(),
    coercions: new Map(),
    bindings: new Map(),
    calls: new Map(),
    locals: new Map(),
    constants: new Map(),
    sources: files.sources,
  };
  const tests = new Set((options.testFiles ?? []).map((f) => path.normalize(f)));
  const graderFiles = new Set(
    files.programs.filter((p) => tests.has(path.normalize(p.file)) && !p.items.some((item) => item.kind === 'HostDecl')).map((p) => path.normalize(p.file)),
  );
  const cx = new CheckContext(result, files.sources, graderFiles);
  try {
    const declarations = collectDeclarations(cx, files.programs);
    checkBodies(cx, declarations);
    resolveMeasurements(cx);
    checkSectionRules(cx);
    checkServerCycles(cx);
    checkSharedSequentialServers(cx);
    attachInterfaceDigests(result.sections);
  } catch (error) {
    // A checker bug must not take the editor or the build down with it: report it as a value.
    const span = files.programs[0].span;
    cx.report('E0999', `internal checker error: ${error instanceof Error ? error.message : String(error)}`, { ...span, end: span.start, endLine: span.startLine, endCol: span.startCol }, {
      hint: 'this is a bug in penglaic; please report it with the program that caused it',
    });
  }
  result.diagnostics = sortDiagnostics([...files.diagnostics, ...withoutBraceCascades(files.diagnostics, cx.diagnostics)], files.programs.map((p) => p.file));
  return result;
}

/** Checks one text as the root file; its imports are read from disk relative to `file`. */
export function checkSource(text: string, file: string): CheckedProgramWithSources {
  const rootKey = path.normalize(file);
  return checkProgram(file, {
    readFile: (candidate) => (path.normalize(candidate) === rootKey ? text : diskHost.readFile(candidate)),
  });
}

/** File order (root first), then position; the sort is stable, so equal positions keep pass order. */
/** Control-flow findings on a tree the parser had to repair are guesses, not mistakes: in a
 *  file with a `{` that is never closed (E0013) the parser guessed where blocks end, and in a
 *  body with a parse error (`retrun 0;`) a statement is missing. "Does not return on every
 *  path" and "unreachable code" are dropped there. */
function withoutBraceCascades(parse: readonly Diagnostic[], checker: Diagnostic[]): Diagnostic[] {
  const unclosed = new Set(parse.filter((d) => d.code === 'E0013').map((d) => d.span.file));
  const errors = parse.filter((d) => d.severity === 'error');
  if (errors.length === 0) return checker;
  const repaired = (d: Diagnostic) => {
    if (unclosed.has(d.span.file)) return true;
    const body = d.code === Code.MissingReturn ? d.data?.declaration : undefined;
    return body !== undefined && errors.some((e) => e.span.file === body.file && e.span.start >= body.start && e.span.start <= body.end);
  };
  return checker.filter((d) => !((d.code === Code.MissingReturn || d.code === Code.UnreachableCode) && repaired(d)));
}

function sortDiagnostics(diagnostics: Diagnostic[], files: string[]): Diagnostic[] {
  const rank = new Map(files.map((f, i) => [f, i]));
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => (rank.get(a.d.span.file) ?? -1) - (rank.get(b.d.span.file) ?? -1) || a.d.span.start - b.d.span.start || a.i - b.i)
    .map(({ d }) => d);
}

