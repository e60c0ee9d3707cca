// Go to definition, find references and rename share one idea: a symbol is identified by where
// its name is declared (file and offset), so occurrences found in different analyses (a file
// and the files importing it are checked separately) still match.
import type * as ast from '../../grammar/ast.js';
import type { SourceSpan } from '../../grammar/diagnostic.js';
import { keywordTokens } from '../../grammar/tokens.js';
import type { Binding } from '../../compiler/check/model.js';
import type { Location, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { nodePathAt } from './ast-walk.js';
import { bindingName } from './describe.js';
import { spanToRange } from './positions.js';
import { fileToUri, type Analysis } from './workspace.js';

export interface SymbolOccurrence {
  binding: Binding;
  /** The span of the name under the cursor. */
  span: SourceSpan;
  /** Where the symbol's name is declared. */
  declaration: SourceSpan;
}

/** The span of the name that declares a binding (a section's name, not its whole body). */
export function declarationSpan(binding: Binding): SourceSpan {
  switch (binding.kind) {
    case 'local':
      return (binding.decl.kind === 'ForStmt' ? binding.decl.variable?.span : binding.decl.name?.span) ?? binding.decl.span;
    case 'param':
      return binding.param.decl.name?.span ?? binding.param.decl.span;
    case 'global':
      return binding.global.decl.name?.span ?? binding.global.decl.span;
    case 'const':
      return binding.decl.name?.span ?? binding.decl.span;
    case 'function':
      return binding.fn.decl.name?.span ?? binding.fn.decl.span;
    case 'section': {
      const decl = binding.section.decl;
      return decl.kind === 'HostDecl' ? decl.span : decl.name?.span ?? decl.span;
    }
    case 'struct':
      return binding.struct.decl.name?.span ?? binding.struct.decl.span;
  }
}

const keyOf = (span: SourceSpan) => `${span.file}\0${span.start}`;

/** Each analysis's occurrences by declaration, built once: a workspace search asks every file. */
const occurrenceIndexes = new WeakMap<Analysis, Map<string, SourceSpan[]>>();

export function occurrencesByDeclaration(analysis: Analysis): Map<string, SourceSpan[]> {
  let index = occurrenceIndexes.get(analysis);
  if (index) return index;
  index = new Map();
  for (const [node, binding] of analysis.checked.bindings) {
    const key = keyOf(declarationSpan(binding));
    const list = index.get(key);
    if (list) list.push(node.span);
    else index.set(key, [node.span]);
  }
  occurrenceIndexes.set(analysis, index);
  return index;
}

export function symbolAt(analysis: Analysis, offset: number): SymbolOccurrence | undefined {
  const path = nodePathAt(analysis.program, offset);
  for (let i = path.length - 1; i > 0; i--) {
    const node = path[i];
    if (node.kind !== 'Ident' && node.kind !== 'NameExpr') continue;
    const binding = analysis.checked.bindings.get(node as ast.Ident | ast.NameExpr);
    if (binding) return { binding, span: node.span, declaration: declarationSpan(binding) };
  }
  return undefined;
}

export function definitionAt(analysis: Analysis, offset: number): Location | null {
  const symbol = symbolAt(analysis, offset);
  if (!symbol) return null;
  return { uri: fileToUri(symbol.declaration.file), range: spanToRange(symbol.declaration) };
}

/** Every occurrence of the symbol at `offset`, searched in the given analyses (the document's
 *  own, which covers its imports, and those of other open documents that may import it). */
export function referencesAt(analysis: Analysis, offset: number, others: readonly Analysis[], includeDeclaration: boolean): Location[] {
  const symbol = symbolAt(analysis, offset);
  if (!symbol) return [];
  const wanted = keyOf(symbol.declaration);
  const seen = new Set<string>();
  const found: SourceSpan[] = [];
  for (const candidate of [analysis, ...others]) {
    for (const span of occurrencesByDeclaration(candidate).get(wanted) ?? []) {
      const key = keyOf(span);
      if (seen.has(key)) continue;
      seen.add(key);
      found.push(span);
    }
  }
  if (includeDeclaration && !seen.has(wanted)) found.push(symbol.declaration);
  if (!includeDeclaration) {
    const at = found.findIndex((span) => keyOf(span) === wanted);
    if (at >= 0) found.splice(at, 1);
  }
  found.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.start - b.start));
  return found.map((span) => ({ uri: fileToUri(span.file), range: spanToRange(span) }));
}

const KEYWORDS = new Set(keywordTokens.map((t) => String(t.LABEL).slice(1, -1)));

export type RenameResult = { ok: true; edit: WorkspaceEdit } | { ok: false; message: string };

export function prepareRenameAt(analysis: Analysis, offset: number): { range: Range; placeholder: string } | null {
  const symbol = symbolAt(analysis, offset);
  if (!symbol || symbol.binding.kind === 'section' && symbol.binding.section.kind === 'host') return null;
  return { range: spanToRange(symbol.span), placeholder: bindingName(symbol.binding) };
}

export function renameAt(analysis: Analysis, offset: number, newName: string, others: readonly Analysis[]): RenameResult {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(newName)) return { ok: false, message: `\`${newName}\` is not a valid name` };
  if (KEYWORDS.has(newName)) return { ok: false, message: `\`${newName}\` is a keyword` };
  const locations = referencesAt(analysis, offset, others, true);
  if (locations.length === 0) return { ok: false, message: 'there is no symbol to rename here' };
  const changes: Record<string, TextEdit[]> = {};
  for (const location of locations) (changes[location.uri] ??= []).push({ range: location.range, newText: newName });
  return { ok: true, edit: { changes } };
}
