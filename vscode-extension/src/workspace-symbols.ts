// Workspace symbols (LSP "workspace/symbol") over every indexed file, matched the way
// rust-analyzer matches them (ide-db symbol_index.rs): the query's characters must appear in
// the name in order, ignoring case (`adtw` finds `add_two`), and a query with a dot
// (`Adder.add`, rust-analyzer's `foo::bar`) also matches the container's name. Results are
// capped at 128, rust-analyzer's default limit: clients filter again as the user types.
import type { SymbolInformation } from 'vscode-languageserver';
import type { IndexedSymbol } from './workspace-index.js';

export const WORKSPACE_SYMBOL_LIMIT = 128;

/** How well `query` matches `name`, higher is better; undefined when it does not match at all.
 *  Exact, then prefix, then a contiguous run, then a subsequence whose pieces start words. */
export function fuzzyScore(query: string, name: string): number | undefined {
  if (query === '') return 0;
  const q = query.toLowerCase();
  const n = name.toLowerCase();
  if (n === q) return 1000;
  if (n.startsWith(q)) return 900 - (n.length - q.length);
  const at = n.indexOf(q);
  if (at >= 0) return 800 - at - (n.length - q.length);
  let score = 500;
  let from = 0;
  let previous = -2;
  for (const ch of q) {
    const found = n.indexOf(ch, from);
    if (found < 0) return undefined;
    const wordStart = found === 0 || name[found - 1] === '_' || (name[found] !== n[found] && name[found - 1] === n[found - 1]);
    if (wordStart) score += 10;
    if (found !== previous + 1) score -= 5 + Math.min(found - from, 10);
    previous = found;
    from = found + 1;
  }
  return score - (n.length - q.length);
}

export function workspaceSymbols(symbols: readonly IndexedSymbol[], query: string): SymbolInformation[] {
  const trimmed = query.trim();
  const dot = trimmed.lastIndexOf('.');
  const containerQuery = dot >= 0 ? trimmed.slice(0, dot) : undefined;
  const nameQuery = dot >= 0 ? trimmed.slice(dot + 1) : trimmed;
  const scored: { symbol: IndexedSymbol; score: number }[] = [];
  for (const symbol of symbols) {
    const score = fuzzyScore(nameQuery, symbol.name);
    if (score === undefined) continue;
    if (containerQuery !== undefined && (symbol.containerName === undefined || fuzzyScore(containerQuery, symbol.containerName) === undefined)) continue;
    scored.push({ symbol, score });
  }
  scored.sort((a, b) => b.score - a.score || a.symbol.name.localeCompare(b.symbol.name) || (a.symbol.file < b.symbol.file ? -1 : a.symbol.file > b.symbol.file ? 1 : 0) ||
    a.symbol.symbol.selectionRange.start.line - b.symbol.symbol.selectionRange.start.line);
  return scored.slice(0, WORKSPACE_SYMBOL_LIMIT).map(({ symbol }) => {
    const information: SymbolInformation = {
      name: symbol.name,
      kind: symbol.kind,
      location: { uri: symbol.uri, range: symbol.symbol.selectionRange },
    };
    if (symbol.containerName !== undefined) information.containerName = symbol.containerName;
    return information;
  });
}
