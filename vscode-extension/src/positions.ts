// Conversions between the front end's spans (1-based lines and columns, UTF-16 offsets) and LSP
// positions (0-based lines, UTF-16 characters). Both count UTF-16 code units, so no re-encoding
// is needed (LSP 3.17 §"Position": the default position encoding is utf-16).
import type { LineIndex, SourceSpan } from '../../grammar/diagnostic.js';
import type { Position, Range } from 'vscode-languageserver';

export function spanToRange(span: SourceSpan): Range {
  return {
    start: { line: span.startLine - 1, character: span.startCol - 1 },
    end: { line: span.endLine - 1, character: span.endCol - 1 },
  };
}

/** Offset of an LSP position, clamped into the text (a client may send positions past a line's end). */
export function offsetAt(lines: LineIndex, position: Position): number {
  const starts = lines.lineStarts;
  const line = Math.max(0, Math.min(Math.trunc(position.line) || 0, starts.length - 1));
  const lineStart = starts[line];
  const lineEnd = line + 1 < starts.length ? starts[line + 1] : lines.text.length;
  return Math.max(lineStart, Math.min(lineStart + (Math.trunc(position.character) || 0), lineEnd));
}

export function positionAt(lines: LineIndex, offset: number): Position {
  const p = lines.position(offset);
  return { line: p.line - 1, character: p.col - 1 };
}

export function rangeOf(lines: LineIndex, start: number, end: number): Range {
  return { start: positionAt(lines, start), end: positionAt(lines, end) };
}

export const containsOffset = (span: SourceSpan, offset: number) => span.start <= offset && offset <= span.end;
