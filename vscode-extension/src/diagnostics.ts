// Front-end diagnostics as LSP diagnostics: the same code, message, span and notes the CLI
// prints (compiler/diagnostics/render.ts), with the label and hint appended to the message the
// way the CLI shows them under the carets.
import type { Diagnostic, DiagnosticData as FrontEndData } from '../../grammar/diagnostic.js';
import { codeDescriptionHref } from './code-docs.js';
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import { spanToRange } from './positions.js';
import { fileToUri } from './workspace.js';

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, note: DiagnosticSeverity.Information } as const;

/** What a code action needs to know about a diagnostic it did not compute itself: the code
 *  and the front end's structured payload (the repair, the candidates), never prose to parse. */
export interface LspDiagnosticData {
  code: string;
  hint?: string;
  label?: string;
  payload?: FrontEndData;
}

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  let message = d.message;
  if (d.label) message += ` (${d.label})`;
  if (d.hint) message += `\nhint: ${d.hint}`;
  const data: LspDiagnosticData = { code: d.code };
  if (d.hint !== undefined) data.hint = d.hint;
  if (d.label !== undefined) data.label = d.label;
  if (d.data !== undefined) data.payload = d.data;
  const result: LspDiagnostic = {
    range: spanToRange(d.span),
    severity: SEVERITY[d.severity] ?? DiagnosticSeverity.Error,
    code: d.code,
    source: 'penglaic',
    message,
    data,
  };
  const href = codeDescriptionHref(d.code);
  if (href) result.codeDescription = { href };
  if (d.related && d.related.length > 0) {
    result.relatedInformation = d.related.map((r) => ({
      location: { uri: fileToUri(r.span.file), range: spanToRange(r.span) },
      message: r.message,
    }));
  }
  return result;
}

/** Diagnostics grouped by the file their span points into, in the checker's order. */
export function groupByFile(diagnostics: readonly Diagnostic[]): Map<string, Diagnostic[]> {
  const groups = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const group = groups.get(d.span.file);
    if (group) group.push(d);
    else groups.set(d.span.file, [d]);
  }
  return groups;
}
