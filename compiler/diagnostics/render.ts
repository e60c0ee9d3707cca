// Diagnostics as text for the terminal (rustc/Elm form, DESIGN.md §2) and as JSON for `--json`.
// This is the edge where values become prose: no colours, so output is stable for tests and pipes.
import { LineIndex, type Diagnostic, type DiagnosticData, type SourceSpan } from '../../grammar/diagnostic.js';

const TAB_WIDTH = 4;

/** Renders one diagnostic against the text of the file its span points into. */
export function renderDiagnostic(d: Diagnostic, sourceText: string): string {
  const lines = new LineIndex(sourceText);
  const lineNumber = d.span.startLine;
  const gutter = String(lineNumber).length;
  const pad = ' '.repeat(gutter);
  const out: string[] = [];
  out.push(`${d.severity}[${d.code}]: ${d.message}`);
  out.push(`${pad}--> ${location(d.span)}`);
  const sourceLine = lineText(lines, lineNumber);
  if (sourceLine !== undefined) {
    const endCol = d.span.endLine === d.span.startLine ? d.span.endCol : sourceLine.length + 1;
    const before = expandTabs(sourceLine.slice(0, d.span.startCol - 1));
    const marked = expandTabs(sourceLine.slice(d.span.startCol - 1, Math.max(d.span.startCol - 1, endCol - 1)));
    const carets = '^'.repeat(Math.max(1, marked.length));
    out.push(`${pad} |`);
    out.push(`${lineNumber} | ${expandTabs(sourceLine)}`.trimEnd());
    out.push(`${pad} | ${' '.repeat(before.length)}${carets}${d.label ? ' ' + d.label : ''}`);
  }
  const related = d.related ?? [];
  if (d.hint !== undefined || related.length > 0) out.push(`${pad} |`);
  if (d.hint !== undefined) out.push(`${pad} = hint: ${d.hint}`);
  for (const note of related) {
    out.push(`note: ${note.message}`);
    out.push(`${pad}--> ${location(note.span)}`);
  }
  return out.join('\n') + '\n';
}

/** Renders several diagnostics, each against its own file's text (`sources` maps file → text). */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>): string {
  return diagnostics.map((d) => renderDiagnostic(d, sources.get(d.span.file) ?? '')).join('\n');
}

export interface JsonSpan {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** The `--json` shape: every field always present (null when absent) so consumers can rely on it. */
export interface JsonDiagnostic extends JsonSpan {
  code: string;
  severity: string;
  message: string;
  label: string | null;
  hint: string | null;
  related: (JsonSpan & { message: string })[];
  /** The structured payload (expected, found, candidates, declaration, replacement), spans as
   *  line/column like the rest; null when the code carries none. */
  data: JsonDiagnosticData | null;
}

export interface JsonDiagnosticData {
  expected?: string;
  found?: string;
  candidates?: string[];
  declaration?: JsonSpan;
  replacement?: JsonSpan & { text: string; title: string };
}

function jsonData(data: DiagnosticData | undefined): JsonDiagnosticData | null {
  if (!data) return null;
  const { declaration, replacement, ...plain } = data;
  const json: JsonDiagnosticData = { ...plain };
  if (declaration) json.declaration = jsonSpan(declaration);
  if (replacement) json.replacement = { ...jsonSpan(replacement.span), text: replacement.text, title: replacement.title };
  return json;
}

export function toJsonDiagnostic(d: Diagnostic): JsonDiagnostic {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    ...jsonSpan(d.span),
    label: d.label ?? null,
    hint: d.hint ?? null,
    related: (d.related ?? []).map((r) => ({ message: r.message, ...jsonSpan(r.span) })),
    data: jsonData(d.data),
  };
}

export function renderJson(diagnostics: readonly Diagnostic[]): string {
  return JSON.stringify(diagnostics.map(toJsonDiagnostic), null, 2);
}

function jsonSpan(span: SourceSpan): JsonSpan {
  return { file: span.file, line: span.startLine, column: span.startCol, endLine: span.endLine, endColumn: span.endCol };
}

function location(span: SourceSpan): string {
  return `${span.file}:${span.startLine}:${span.startCol}`;
}

function lineText(lines: LineIndex, lineNumber: number): string | undefined {
  const index = lineNumber - 1;
  if (index < 0 || index >= lines.lineStarts.length) return undefined;
  const start = lines.lineStarts[index];
  const next = index + 1 < lines.lineStarts.length ? lines.lineStarts[index + 1] : lines.text.length;
  return lines.text.slice(start, next).replace(/\r?\n$|\r$/, '');
}

/** Tabs become spaces so the carets line up under the same characters in any terminal. */
function expandTabs(text: string): string {
  return text.replace(/\t/g, ' '.repeat(TAB_WIDTH));
}
