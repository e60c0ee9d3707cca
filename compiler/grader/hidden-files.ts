// Hidden test files (grammar/README.md, "Tests and grading"): a file with a test that is not
// `visible`, or one the grader names as hidden. Nothing a student sees quotes one: a position
// in it reads `<hidden test>` with no line, and its diagnostics have no code frame.
import * as path from 'node:path';
import type { Diagnostic } from '../../grammar/diagnostic.js';
import type { TestInfo } from '../check/model.js';
import { renderDiagnostics } from '../diagnostics/render.js';
import { HIDDEN_FILE, type ReportDiagnostic, type ReportLocation } from './report.js';

export function hiddenFilesOf(tests: readonly TestInfo[], named: readonly string[]): Set<string> {
  const hidden = new Set(named.map((f) => path.normalize(f)));
  for (const test of tests) if (test.visibility !== 'visible') hidden.add(path.normalize(test.file));
  return hidden;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class Redactor {
  /** `FILE`, `FILE:LINE` or `FILE:LINE:COL` of any hidden file, as spans and line tables spell it. */
  private readonly pattern: RegExp | undefined;

  constructor(private readonly hidden: ReadonlySet<string>) {
    const spellings = [...hidden].flatMap((f) => [f, f.split(path.sep).join('/')]);
    const unique = [...new Set(spellings)].sort((a, b) => b.length - a.length);
    this.pattern = unique.length ? new RegExp(`(?:${unique.map(escape).join('|')})(?::\\d+){0,2}`, 'g') : undefined;
  }

  isHidden(file: string): boolean {
    return this.hidden.has(path.normalize(file));
  }

  file(file: string): string {
    return this.isHidden(file) ? HIDDEN_FILE : file;
  }

  location(location: ReportLocation): ReportLocation {
    return this.isHidden(location.file) ? { file: HIDDEN_FILE } : location;
  }

  text(text: string): string {
    return this.pattern ? text.replace(this.pattern, HIDDEN_FILE) : text;
  }
}

/** The build's diagnostics as report entries and as rendered text, hidden files redacted. */
export function feedbackOf(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>, redact: Redactor): { diagnostics: ReportDiagnostic[]; buildOutput: string } {
  const shown = diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
  const entries = shown.map((d): ReportDiagnostic => ({
    code: d.code,
    severity: d.severity as 'error' | 'warning',
    message: d.message,
    location: redact.location({ file: d.span.file, line: d.span.startLine, column: d.span.startCol }),
  }));
  // A hidden file's text is never given to the renderer, so none of it can be quoted.
  const visibleSources = new Map([...sources].filter(([file]) => !redact.isHidden(file)));
  const errors = shown.filter((d) => d.severity === 'error');
  const buildOutput = errors.length === 0 ? '' : redact.text(renderDiagnostics(errors, visibleSources));
  return { diagnostics: entries, buildOutput };
}
