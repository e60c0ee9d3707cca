// Pull diagnostics (LSP 3.17 "textDocument/diagnostic" and "workspace/diagnostic"), beside the
// pushed ones and identical to them: the same front-end diagnostics through the same conversion.
// A report's resultId is a digest of its items, so a client that sends back the id of what it
// already shows gets `unchanged` exactly when nothing would change, without the server keeping
// any state per client.
import {
  DocumentDiagnosticReportKind,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type PreviousResultId,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver';
import { groupByFile, toLspDiagnostic } from './diagnostics.js';
import { fileToUri, type Analysis } from './workspace.js';

/** Two 32-bit FNV-1a lanes with different offsets and the length: an equality token, not a
 *  secret, so no crypto (the language server also runs in a browser worker). */
function resultIdOf(items: readonly Diagnostic[]): string {
  const text = JSON.stringify(items);
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return `${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}-${text.length.toString(36)}`;
}

/** The diagnostics of the analysed document itself, and those of the imported files it read. */
function reportsOf(analysis: Analysis): { own: Diagnostic[]; imported: Map<string, Diagnostic[]> } {
  const groups = groupByFile(analysis.checked.diagnostics);
  const imported = new Map<string, Diagnostic[]>();
  for (const [file, diagnostics] of groups) if (file !== analysis.file) imported.set(fileToUri(file), diagnostics.map(toLspDiagnostic));
  return { own: (groups.get(analysis.file) ?? []).map(toLspDiagnostic), imported };
}

/** `textDocument/diagnostic`. Imported files that are not open (`isOpen` false) come along as
 *  related documents, as the pushed diagnostics reach them too. */
export function documentDiagnosticReport(analysis: Analysis, previousResultId: string | undefined, isOpen: (uri: string) => boolean): DocumentDiagnosticReport {
  const { own, imported } = reportsOf(analysis);
  const resultId = resultIdOf(own);
  const relatedDocuments: Record<string, { kind: 'full'; resultId: string; items: Diagnostic[] }> = {};
  for (const [uri, items] of imported) if (!isOpen(uri)) relatedDocuments[uri] = { kind: DocumentDiagnosticReportKind.Full, resultId: resultIdOf(items), items };
  const related = Object.keys(relatedDocuments).length > 0 ? { relatedDocuments } : {};
  if (previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId, ...related };
  return { kind: DocumentDiagnosticReportKind.Full, resultId, items: own, ...related };
}

/** `workspace/diagnostic` over the given analyses (the server passes every indexed file's latest,
 *  WorkspaceFeatures.indexedAnalyses). One report per document, `unchanged` where the client's id still holds. */
export function workspaceDiagnosticReports(analyses: readonly Analysis[], previousResultIds: readonly PreviousResultId[]): WorkspaceDocumentDiagnosticReport[] {
  const previous = new Map<string, string>();
  for (const id of Array.isArray(previousResultIds) ? previousResultIds : []) if (typeof id?.uri === 'string') previous.set(id.uri, String(id.value));
  return analyses.map((analysis) => {
    const items = reportsOf(analysis).own;
    const resultId = resultIdOf(items);
    if (previous.get(analysis.uri) === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, uri: analysis.uri, version: analysis.version, resultId };
    return { kind: DocumentDiagnosticReportKind.Full, uri: analysis.uri, version: analysis.version, resultId, items };
  });
}
