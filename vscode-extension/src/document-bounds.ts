// Positions and ranges a client sends, checked against the document (LSP 3.17 "Position",
// "Range"). A request about a place outside the text answers an empty result, never an error:
// a client that asks about lines it has just deleted must not see its request fail. Unlike
// `offsetAt`, nothing here clamps a position that lies past the end into the text.
import type { Position, Range } from 'vscode-languageserver';
import type { LineIndex } from '../../grammar/diagnostic.js';

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

function lineLength(lines: LineIndex, line: number): number {
  const starts = lines.lineStarts;
  const end = line + 1 < starts.length ? starts[line + 1] : lines.text.length;
  // The line's own characters, without its line break.
  const text = lines.text.slice(starts[line], end);
  return text.endsWith('\r\n') ? text.length - 2 : text.endsWith('\n') || text.endsWith('\r') ? text.length - 1 : text.length;
}

/** The offset of a position on an existing line and character of it (the end of a line counts),
 *  or undefined when the position is malformed or outside the document. */
export function offsetInDocument(lines: LineIndex, position: Position | undefined | null): number | undefined {
  if (!position || !isCount(position.line) || !isCount(position.character)) return undefined;
  if (position.line >= lines.lineStarts.length) return undefined;
  if (position.character > lineLength(lines, position.line)) return undefined;
  return lines.lineStarts[position.line] + position.character;
}

/** The offsets a requested range covers inside the document. A range that ends past the end of
 *  the text (editors ask for "everything" as 0:0 to a huge line) is cut at the end; a malformed
 *  range, one whose end comes before its start, or one starting outside the text covers nothing. */
export function rangeInDocument(lines: LineIndex, range: Range | undefined | null): { start: number; end: number } | undefined {
  if (!range) return undefined;
  const start = offsetInDocument(lines, range.start);
  const endPosition = range.end;
  if (start === undefined || !endPosition || !isCount(endPosition.line) || !isCount(endPosition.character)) return undefined;
  let end: number;
  if (endPosition.line >= lines.lineStarts.length) end = lines.text.length;
  else end = lines.lineStarts[endPosition.line] + Math.min(endPosition.character, lineLength(lines, endPosition.line));
  return end >= start ? { start, end } : undefined;
}
