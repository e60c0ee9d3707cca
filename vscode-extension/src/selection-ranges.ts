// Selection ranges (LSP 3.17 "textDocument/selectionRange"): from the name or expression under
// the cursor outwards through the enclosing expressions, statement, blocks, function, section
// and the whole file, each parent strictly containing its child.
import type { Position, SelectionRange } from 'vscode-languageserver';
import { nodePathAt } from './ast-walk.js';
import { offsetInDocument } from './document-bounds.js';
import { rangeOf } from './positions.js';
import type { Analysis } from './workspace.js';

/** One chain per position. Positions outside the document make the whole answer empty: the
 *  result must pair up with the positions, and there is nothing to select there. */
export function selectionRanges(analysis: Analysis, positions: readonly Position[]): SelectionRange[] {
  const offsets = positions.map((position) => offsetInDocument(analysis.lines, position));
  if (offsets.some((offset) => offset === undefined)) return [];
  return offsets.map((offset) => chainAt(analysis, offset!));
}

function chainAt(analysis: Analysis, offset: number): SelectionRange {
  const whole = { start: 0, end: analysis.text.length };
  const spans = [whole];
  for (const node of nodePathAt(analysis.program, offset)) {
    const outer = spans[spans.length - 1];
    const { start, end } = node.span;
    // Error recovery can leave a node reaching past its parent; such a node is no selection.
    if (start < outer.start || end > outer.end || (start === outer.start && end === outer.end)) continue;
    spans.push({ start, end });
  }
  let chain: SelectionRange | undefined;
  for (const span of spans) chain = { range: rangeOf(analysis.lines, span.start, span.end), ...(chain ? { parent: chain } : {}) };
  return chain!;
}
