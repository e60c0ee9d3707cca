// The call hierarchy (LSP 3.16 "textDocument/prepareCallHierarchy", "callHierarchy/incomingCalls"
// and "outgoingCalls"), across enclave boundaries: a call through a server handle is a call of
// the server function, so the incoming calls of `Adder.add_two` list every enclave and server
// function that calls it through a handle, beside ordinary callers, and the host's `run e` is a
// call of enclave `e`'s `main`. Items are identified by where their name is declared, so the
// analyses of different files (each checked with its own imports) agree on them.
import { SymbolKind, type CallHierarchyIncomingCall, type CallHierarchyItem, type CallHierarchyOutgoingCall, type Range } from 'vscode-languageserver';
import type { FunctionInfo } from '../../compiler/check/index.js';
import { spanToRange } from './positions.js';
import { symbolAt } from './references.js';
import { callerNameSpan, callerOperations, callersOf, declarationKey, hostKeywordAt, type Caller } from './ipc-operations.js';
import { fileToUri, type Analysis } from './workspace.js';

export interface HierarchyData {
  /** declarationKey of the item's name. */
  key: string;
  file: string;
  name: string;
}

/** What the detail of a function says about where it runs: a server's registered name. */
export function sectionDetail(fn: FunctionInfo): string {
  const section = fn.section;
  if (fn.shared) return 'top-level function';
  if (section.kind === 'server') return `server ${section.name} "${section.registeredName ?? ''}"`;
  if (section.kind === 'enclave') return `enclave ${section.name}`;
  return 'host';
}

export function callerItem(caller: Caller): CallHierarchyItem {
  const nameSpan = callerNameSpan(caller);
  const data: HierarchyData = { key: declarationKey(nameSpan), file: nameSpan.file, name: caller.kind === 'function' ? caller.fn.name : 'host' };
  if (caller.kind === 'host-body') {
    return { name: 'host', kind: SymbolKind.Namespace, detail: 'host body', uri: fileToUri(nameSpan.file), range: spanToRange(caller.section.decl.span), selectionRange: spanToRange(nameSpan), data };
  }
  const fn = caller.fn;
  return {
    name: fn.name,
    kind: fn.section.kind === 'server' && !fn.shared ? SymbolKind.Method : SymbolKind.Function,
    detail: sectionDetail(fn),
    uri: fileToUri(nameSpan.file),
    range: spanToRange(fn.decl.span),
    selectionRange: spanToRange(nameSpan),
    data,
  };
}

/** The function (or host body) at the cursor: its name, a call of it, or `host`. */
export function prepareCallHierarchyAt(analysis: Analysis, offset: number): CallHierarchyItem[] | null {
  const symbol = symbolAt(analysis, offset);
  if (symbol?.binding.kind === 'function') return [callerItem({ kind: 'function', fn: symbol.binding.fn })];
  const host = hostKeywordAt(analysis.checked, offset, analysis.file);
  return host ? [callerItem({ kind: 'host-body', section: host })] : null;
}

const dataOf = (item: CallHierarchyItem): HierarchyData | undefined => {
  const data = item.data as HierarchyData | undefined;
  return typeof data?.key === 'string' && typeof data.file === 'string' ? data : undefined;
};

/** Every caller of the item, searched in `analyses` (the files that may call it). */
export function incomingCalls(item: CallHierarchyItem, analyses: readonly Analysis[]): CallHierarchyIncomingCall[] {
  const wanted = dataOf(item)?.key;
  if (wanted === undefined) return [];
  const byCaller = new Map<string, { item: CallHierarchyItem; ranges: Map<string, Range> }>();
  for (const analysis of analyses) {
    for (const caller of callersOf(analysis.checked)) {
      const callerKey = declarationKey(callerNameSpan(caller));
      for (const operation of callerOperations(analysis.checked, caller)) {
        const callee = operation.kind === 'call' || operation.kind === 'run' ? operation.fn : undefined;
        if (!callee || declarationKey(callee.decl.name?.span ?? callee.decl.span) !== wanted) continue;
        let entry = byCaller.get(callerKey);
        if (!entry) byCaller.set(callerKey, (entry = { item: callerItem(caller), ranges: new Map() }));
        entry.ranges.set(declarationKey(operation.span), spanToRange(operation.span));
      }
    }
  }
  return [...byCaller.values()].sort(byLocation).map(({ item: from, ranges }) => ({ from, fromRanges: [...ranges.values()].sort(byStart) }));
}

/** What the item calls, from the analysis of the file it is declared in. */
export function outgoingCalls(item: CallHierarchyItem, analysis: Analysis): CallHierarchyOutgoingCall[] {
  const wanted = dataOf(item)?.key;
  const caller = callersOf(analysis.checked).find((c) => declarationKey(callerNameSpan(c)) === wanted);
  if (!caller) return [];
  const byCallee = new Map<string, { item: CallHierarchyItem; ranges: Range[] }>();
  for (const operation of callerOperations(analysis.checked, caller)) {
    const callee = operation.kind === 'call' || operation.kind === 'run' ? operation.fn : undefined;
    if (!callee) continue;
    const key = declarationKey(callee.decl.name?.span ?? callee.decl.span);
    let entry = byCallee.get(key);
    if (!entry) byCallee.set(key, (entry = { item: callerItem({ kind: 'function', fn: callee }), ranges: [] }));
    entry.ranges.push(spanToRange(operation.span));
  }
  return [...byCallee.values()].map(({ item: to, ranges }) => ({ to, fromRanges: ranges }));
}

const byStart = (a: Range, b: Range) => a.start.line - b.start.line || a.start.character - b.start.character;

function byLocation(a: { item: CallHierarchyItem }, b: { item: CallHierarchyItem }): number {
  return a.item.uri < b.item.uri ? -1 : a.item.uri > b.item.uri ? 1 : byStart(a.item.selectionRange, b.item.selectionRange);
}
