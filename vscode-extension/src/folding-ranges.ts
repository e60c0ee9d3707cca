// Folding ranges (LSP 3.17 "textDocument/foldingRange"): sections, structs, functions, tests and
// blocks from the AST; runs of comments and of imports from the tokens. Ranges are whole lines
// (the only kind every client folds): a range that ends at a `}` alone on its line stops on the
// line before it, so the brace stays visible, as rust-analyzer does for line-folding clients.
import type * as ast from '../../grammar/ast.js';
import { scan } from '../../grammar/scanner.js';
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import { walk } from './ast-walk.js';
import type { Analysis } from './workspace.js';

const FOLDED_NODES = new Set<ast.Node['kind']>(['ServerDecl', 'EnclaveDecl', 'HostDecl', 'TestDecl', 'StructDecl', 'FnDecl', 'Block']);
/** The nodes that can hold a folded one. Expressions hold no blocks (the language has no
 *  closures), so the walk never enters them: in a large file they are most of the nodes. */
const HOLDERS = new Set<ast.Node['kind']>(['Program', 'ServerDecl', 'EnclaveDecl', 'HostDecl', 'TestDecl', 'FnDecl', 'Block', 'IfStmt', 'WhileStmt', 'ForStmt']);

export function foldingRanges(analysis: Analysis): FoldingRange[] {
  const { lines, text } = analysis;
  const ranges: FoldingRange[] = [];
  const add = (startLine: number, endLine: number, kind?: FoldingRangeKind) => {
    if (endLine > startLine) ranges.push(kind ? { startLine, endLine, kind } : { startLine, endLine });
  };
  /** The last line to fold for a node ending at `end`: the line before a closing brace alone on its line. */
  const lastLine = (end: number) => {
    const line = lines.lineOf(Math.max(0, end - 1));
    const closer = text[end - 1];
    const alone = (closer === '}' || closer === ']') && text.slice(lines.lineStarts[line], end - 1).trim() === '';
    return alone ? line - 1 : line;
  };

  walk(analysis.program, (node) => {
    if (FOLDED_NODES.has(node.kind) && node.span.end > node.span.start) add(lines.lineOf(node.span.start), lastLine(node.span.end));
    return HOLDERS.has(node.kind);
  });

  const imports = analysis.program.items.filter((item): item is ast.ImportDecl => item.kind === 'ImportDecl');
  for (let i = 0; i < imports.length; ) {
    let j = i;
    // A run: imports with nothing but blank lines and comments between them.
    while (j + 1 < imports.length && analysis.program.items.indexOf(imports[j + 1]) === analysis.program.items.indexOf(imports[j]) + 1) j++;
    add(lines.lineOf(imports[i].span.start), lines.lineOf(imports[j].span.end - 1), FoldingRangeKind.Imports);
    i = j + 1;
  }

  // Comment runs: line comments, each alone on its line, on consecutive lines (no code can sit
  // between two such comments); block comments over several lines.
  let run: { first: number; last: number } | undefined;
  const closeRun = () => {
    if (run) add(run.first, run.last, FoldingRangeKind.Comment);
    run = undefined;
  };
  for (const token of scan(text).comments) {
    const line = lines.lineOf(token.start);
    const alone = text.slice(lines.lineStarts[line], token.start).trim() === '';
    if (token.kind !== 'LineComment' && token.category !== 'doc') {
      closeRun();
      add(line, lines.lineOf(token.end - 1), FoldingRangeKind.Comment);
    } else if (!alone) {
      closeRun();
    } else if (run && run.last === line - 1) {
      run.last = line;
    } else {
      closeRun();
      run = { first: line, last: line };
    }
  }
  closeRun();

  // Clients keep one range per start line (VS Code keeps the first): the outermost, which the
  // walk and the runs give first.
  const seen = new Set<number>();
  return ranges
    .sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine)
    .filter((range) => !seen.has(range.startLine) && seen.add(range.startLine) !== undefined);
}
