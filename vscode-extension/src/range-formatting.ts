// Range formatting (LSP 3.17 "textDocument/rangeFormatting") and on-type formatting after `}`
// and `;` ("textDocument/onTypeFormatting"). Both lay out only whole statements: the range
// grows to the statements, members or blocks it touches, and only the whitespace inside them
// changes. The layout is `penglaic fmt`'s (grammar/format.ts): the whole text is formatted, then
// the differences inside the chosen statements become minimal edits. The formatter changes
// nothing but the space between tokens (it checks that the tokens stay the same), so the
// differences are found by walking both token lists side by side.
import type * as ast from '../../grammar/ast.js';
import { formatSource } from '../../grammar/format.js';
import { scan } from '../../grammar/scanner.js';
import type { Position, Range, TextEdit } from 'vscode-languageserver';
import { childrenOf } from './ast-walk.js';
import { offsetInDocument, rangeInDocument } from './document-bounds.js';
import { rangeOf } from './positions.js';
import type { Analysis } from './workspace.js';

const STATEMENT_LEVEL = new Set<ast.Node['kind']>([
  'ImportDecl', 'ConstDecl', 'StructDecl', 'FieldDecl', 'FnDecl', 'ServerDecl', 'EnclaveDecl', 'HostDecl', 'TestDecl', 'ErrorItem',
  'LetStmt', 'VarStmt', 'AssignStmt', 'IfStmt', 'WhileStmt', 'ForStmt', 'BreakStmt', 'ContinueStmt', 'ReturnStmt', 'ExprStmt',
  'Block', 'DestroyStmt', 'StopStmt', 'ErrorStmt',
]);

export const ON_TYPE_TRIGGERS = { firstTriggerCharacter: '}', moreTriggerCharacter: [';'] };

export function rangeFormattingEdits(analysis: Analysis, range: Range): TextEdit[] {
  const wanted = rangeInDocument(analysis.lines, range);
  if (!wanted) return [];
  const region = statementsCovering(analysis.program, wanted.start, wanted.end);
  return region ? editsWithin(analysis, region) : [];
}

/** After typing `ch` with the cursor at `position`: the statement that `;` ends, or the whole
 *  statement (if, loop, function) that `}` closes. */
export function onTypeFormattingEdits(analysis: Analysis, position: Position, ch: string): TextEdit[] {
  const offset = offsetInDocument(analysis.lines, position);
  if (offset === undefined || offset === 0 || (ch !== '}' && ch !== ';') || analysis.text[offset - 1] !== ch) return [];
  const ended = outermostEndingAt(analysis.program, offset);
  return ended ? editsWithin(analysis, ended.span) : [];
}

/** The statement-level nodes of `node` one level down: its own, and those inside its
 *  expressions and headers that are not statements themselves. */
function statementChildren(node: ast.Node): ast.Node[] {
  const found: ast.Node[] = [];
  for (const child of childrenOf(node)) {
    if (STATEMENT_LEVEL.has(child.kind)) found.push(child);
    else found.push(...statementChildren(child));
  }
  return found;
}

/** Descend while a single statement contains the whole range; there, the statements the range
 *  touches are the region. A range inside one statement's header gives that statement. */
function statementsCovering(program: ast.Program, start: number, end: number): { start: number; end: number } | undefined {
  const touches = (n: ast.Node) => (start === end ? n.span.start <= start && start <= n.span.end : n.span.start < end && start < n.span.end);
  let container: ast.Node = program;
  for (;;) {
    const hit: ast.Node[] = statementChildren(container).filter(touches);
    if (hit.length === 0) return container === program ? undefined : container.span;
    if (hit.length === 1 && hit[0].span.start <= start && end <= hit[0].span.end) {
      container = hit[0];
      continue;
    }
    return { start: hit[0].span.start, end: hit[hit.length - 1].span.end };
  }
}

/** The outermost statement-level node that ends exactly at `offset` (`}` closes a block, its
 *  `if` and perhaps its function at once: the function is what the brace finished). */
function outermostEndingAt(program: ast.Program, offset: number): ast.Node | undefined {
  let container: ast.Node = program;
  for (;;) {
    const next: ast.Node | undefined = statementChildren(container).find((n) => n.span.start < offset && offset <= n.span.end);
    if (!next) return undefined;
    if (next.span.end === offset) return next;
    container = next;
  }
}

/** The formatter's changes to the whitespace before each token that starts inside `region`
 *  (and to a line comment's trailing spaces), each cut down to the characters that differ. */
function editsWithin(analysis: Analysis, region: { start: number; end: number }): TextEdit[] {
  const window = formattingWindow(analysis, region);
  const text = analysis.text.slice(window.start, window.end);
  const formatted = formatSource(text);
  if (formatted === text) return [];
  const before = scan(text).all;
  const after = scan(formatted).all;
  if (before.length !== after.length) return [];
  const edits: TextEdit[] = [];
  const change = (from: number, to: number, replacement: string) => {
    const old = text.slice(from, to);
    if (old === replacement) return;
    let prefix = 0;
    while (prefix < old.length && prefix < replacement.length && old[prefix] === replacement[prefix]) prefix++;
    let suffix = 0;
    while (suffix < old.length - prefix && suffix < replacement.length - prefix && old[old.length - 1 - suffix] === replacement[replacement.length - 1 - suffix]) suffix++;
    edits.push({ range: rangeOf(analysis.lines, window.start + from + prefix, window.start + to - suffix), newText: replacement.slice(prefix, replacement.length - suffix) });
  };
  for (let i = 0; i < before.length; i++) {
    const token = before[i];
    const start = window.start + token.start;
    if (start < region.start || start >= region.end) continue;
    const gapStart = i === 0 ? 0 : before[i - 1].end;
    const newGapStart = i === 0 ? 0 : after[i - 1].end;
    change(gapStart, token.start, formatted.slice(newGapStart, after[i].start));
    if (token.text !== after[i].text) change(token.start, token.end, after[i].text);
  }
  return edits;
}

/** The text the formatter needs to see: the top-level items the region touches, from the `}` or
 *  `;` that ends the item before them. Top-level items begin at bracket depth 0, so formatted
 *  alone they are laid out as in the whole file, and a keystroke in a large file formats one
 *  section, not all of them. */
function formattingWindow(analysis: Analysis, region: { start: number; end: number }): { start: number; end: number } {
  let start = 0;
  let end = analysis.text.length;
  for (const item of analysis.program.items) {
    const last = analysis.text[item.span.end - 1];
    if (item.span.end <= region.start && (last === '}' || last === ';')) start = item.span.end - 1;
    if (item.span.start >= region.end) {
      end = item.span.start;
      break;
    }
  }
  return { start, end };
}
