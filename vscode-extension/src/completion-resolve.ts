// Completion resolve (LSP 3.17 "completionItem/resolve"): a completion list carries no
// documentation, only `data` saying where it is (a declaration's file and offset, a builtin's
// or keyword's name), and the editor asks for the documentation of the one item it highlights.
// A long list of names in scope stays small on the wire.
import type * as ast from '../../grammar/ast.js';
import type { CompletionItem } from 'vscode-languageserver';
import { walk } from './ast-walk.js';
import { BUILTIN_SIGNATURES, KEYWORD_DOCS } from './describe.js';
import type { Analysis } from './workspace.js';

export interface CompletionData {
  uri: string;
  /** The declaration whose doc comment documents the item. */
  declaration?: { file: string; start: number; kind: string };
  builtin?: string;
  keyword?: string;
}

/** The `data` of an item documented by a declaration's doc comment, or nothing when it has none. */
export function declarationData(analysis: Analysis, decl: ast.Node & { doc?: string }): { data?: CompletionData } {
  return decl.doc ? { data: { uri: analysis.uri, declaration: { file: decl.span.file, start: decl.span.start, kind: decl.kind } } } : {};
}

export function builtinData(analysis: Analysis, name: string): { data: CompletionData } {
  return { data: { uri: analysis.uri, builtin: name } };
}

export function keywordData(analysis: Analysis, keyword: string): { data?: CompletionData } {
  return KEYWORD_DOCS[keyword] ? { data: { uri: analysis.uri, keyword } } : {};
}

/** The item with its documentation filled in; an item whose data no longer matches anything
 *  (the declaration was edited away) comes back as it was. */
export function resolveCompletion(item: CompletionItem, analysisOf: (uri: string) => Analysis | undefined): CompletionItem {
  const data = item?.data as Partial<CompletionData> | undefined;
  if (!data || typeof data !== 'object') return item;
  const documentation = documentationOf(data, analysisOf);
  return documentation === undefined ? item : { ...item, documentation };
}

function documentationOf(data: Partial<CompletionData>, analysisOf: (uri: string) => Analysis | undefined): string | undefined {
  if (typeof data.builtin === 'string') return Object.hasOwn(BUILTIN_SIGNATURES, data.builtin) ? BUILTIN_SIGNATURES[data.builtin].doc : undefined;
  if (typeof data.keyword === 'string') return Object.hasOwn(KEYWORD_DOCS, data.keyword) ? KEYWORD_DOCS[data.keyword] : undefined;
  const declaration = data.declaration;
  if (typeof data.uri !== 'string' || !declaration || typeof declaration !== 'object') return undefined;
  const analysis = analysisOf(data.uri);
  const program = analysis?.checked.programs.find((p) => p.file === declaration.file);
  if (!program) return undefined;
  let doc: string | undefined;
  walk(program, (node) => {
    if (doc !== undefined || node.span.start > declaration.start || node.span.end < declaration.start) return false;
    if (node.span.start === declaration.start && node.kind === declaration.kind) doc = (node as { doc?: string }).doc;
  });
  return doc;
}
