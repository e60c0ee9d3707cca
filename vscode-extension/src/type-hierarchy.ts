// The type hierarchy (LSP 3.17 "textDocument/prepareTypeHierarchy", "typeHierarchy/supertypes"
// and "subtypes") over sections, read as "who uses whose interface": a server's interface (its
// public functions) is what its callers are written against, so the subtypes of a server are
// the sections that use it (acquire it or call it through a handle, ipc-graph.ts), and the
// supertypes of a section are the servers whose interfaces it uses.
import { SymbolKind, type TypeHierarchyItem } from 'vscode-languageserver';
import type { SectionInfo } from '../../compiler/check/index.js';
import { spanToRange } from './positions.js';
import { symbolAt } from './references.js';
import { declarationKey, hostKeywordAt } from './ipc-operations.js';
import type { HierarchyData } from './call-hierarchy.js';
import { sectionOperations } from './ipc-graph.js';
import { fileToUri, type Analysis } from './workspace.js';

const nameSpanOf = (section: SectionInfo) => {
  const decl = section.decl;
  if (decl.kind !== 'HostDecl') return decl.name?.span ?? decl.span;
  return { ...decl.span, end: decl.span.start + 4, endLine: decl.span.startLine, endCol: decl.span.startCol + 4 };
};

export function sectionItem(section: SectionInfo): TypeHierarchyItem {
  const nameSpan = nameSpanOf(section);
  const data: HierarchyData = { key: declarationKey(nameSpan), file: nameSpan.file, name: section.name };
  return {
    name: section.name,
    kind: section.kind === 'server' ? SymbolKind.Interface : section.kind === 'enclave' ? SymbolKind.Class : SymbolKind.Namespace,
    detail: section.kind === 'server' ? `server "${section.registeredName ?? ''}"` : section.kind,
    uri: fileToUri(nameSpan.file),
    range: spanToRange(section.decl.span),
    selectionRange: spanToRange(nameSpan),
    data,
  };
}

/** The section at the cursor: its name, `acquire S`, `server<S>`, a handle-typed name, or `host`. */
export function prepareTypeHierarchyAt(analysis: Analysis, offset: number): TypeHierarchyItem[] | null {
  const symbol = symbolAt(analysis, offset);
  const host = hostKeywordAt(analysis.checked, offset, analysis.file);
  if (host) return [sectionItem(host)];
  if (!symbol) return null;
  const binding = symbol.binding;
  if (binding.kind === 'section') return [sectionItem(binding.section)];
  const type = binding.kind === 'local' ? binding.type : binding.kind === 'param' ? binding.param.type : binding.kind === 'global' ? binding.global.type : undefined;
  return type?.kind === 'handle' ? [sectionItem(type.section)] : null;
}

/** The servers a section's code uses, directly or in the top-level functions it calls. */
export function serversUsedBy(analysis: Analysis, section: SectionInfo): SectionInfo[] {
  const servers: SectionInfo[] = [];
  for (const operation of sectionOperations(analysis.checked, section)) {
    const server = operation.kind === 'acquire' ? operation.section : operation.kind === 'call' && operation.ipc ? operation.fn.section : undefined;
    if (server && server.kind === 'server' && server !== section && !servers.includes(server)) servers.push(server);
  }
  return servers;
}

const keyOfItem = (item: TypeHierarchyItem) => (item.data as HierarchyData | undefined)?.key;

const sectionWithKey = (analysis: Analysis, key: string | undefined) => analysis.checked.sections.find((s) => declarationKey(nameSpanOf(s)) === key);

/** The servers whose interfaces the item's section uses (from the analysis of its file). */
export function supertypes(item: TypeHierarchyItem, analysis: Analysis): TypeHierarchyItem[] {
  const section = sectionWithKey(analysis, keyOfItem(item));
  return section ? serversUsedBy(analysis, section).map(sectionItem) : [];
}

/** The sections that use the item's server, searched in `analyses`. */
export function subtypes(item: TypeHierarchyItem, analyses: readonly Analysis[]): TypeHierarchyItem[] {
  const wanted = keyOfItem(item);
  const found = new Map<string, TypeHierarchyItem>();
  for (const analysis of analyses) {
    for (const section of analysis.checked.sections) {
      const key = declarationKey(nameSpanOf(section));
      if (found.has(key)) continue;
      if (serversUsedBy(analysis, section).some((server) => declarationKey(nameSpanOf(server)) === wanted)) found.set(key, sectionItem(section));
    }
  }
  return [...found.values()].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.selectionRange.start.line - b.selectionRange.start.line));
}
