// Document links (LSP 3.17 "textDocument/documentLink"): the path of each `import "x.pen";`
// links to the file it resolves to, relative to the importing file (grammar README, "Imports").
// An import the checker could not load (no such file, not a file URI) gets no link: following it
// would open nothing.
import * as path from 'node:path';
import type { DocumentLink } from 'vscode-languageserver';
import { spanToRange } from './positions.js';
import { fileToUri, type Analysis } from './workspace.js';

export function documentLinks(analysis: Analysis): DocumentLink[] {
  if (!path.isAbsolute(analysis.file)) return [];
  const loaded = new Set(analysis.checked.programs.map((program) => path.normalize(program.file)));
  const links: DocumentLink[] = [];
  for (const item of analysis.program.items) {
    if (item.kind !== 'ImportDecl' || !item.path) continue;
    const target = path.normalize(path.join(path.dirname(analysis.file), item.path.value));
    if (!loaded.has(target) || target === path.normalize(analysis.file)) continue;
    // The link covers the path inside the quotes.
    const quoted = item.path.raw.startsWith('"') && item.path.raw.endsWith('"') && item.path.raw.length >= 2;
    const span = quoted && item.path.span.endLine === item.path.span.startLine
      ? { ...item.path.span, start: item.path.span.start + 1, end: item.path.span.end - 1, startCol: item.path.span.startCol + 1, endCol: item.path.span.endCol - 1 }
      : item.path.span;
    links.push({ range: spanToRange(span), target: fileToUri(target), tooltip: target });
  }
  return links;
}
