// An open document's text under incremental changes (LSP 3.17 TextDocumentContentChangeEvent),
// kept as an array of lines so a change costs the lines it touches, not the whole file.
// vscode-languageserver-textdocument rebuilds the whole string and shifts every later line
// offset on each change: ~0.8 ms per keystroke in a 5,000-line file, which is most of a
// 1,000-edit burst. The joined text and the line offsets are computed once per version, when
// something reads them.
import type { Position, Range } from 'vscode-languageserver';

export type ContentChange = { range: Range; text: string } | { text: string; range?: undefined };

/** Splits text into lines that keep their terminators (\r\n, \r or \n); the last may be empty. */
function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i += 1;
      lines.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  lines.push(text.slice(start));
  return lines;
}

/** Length of a line without its terminator. */
function contentLength(line: string): number {
  if (line.endsWith('\r\n')) return line.length - 2;
  const last = line.charCodeAt(line.length - 1);
  return last === 10 || last === 13 ? line.length - 1 : line.length;
}

export class EditableText {
  private lines: string[];
  private joined: string | undefined;
  private lineStarts: number[] | undefined;

  constructor(text: string, public version: number) {
    this.lines = splitLines(text);
    this.joined = text;
  }

  get text(): string {
    this.joined ??= this.lines.join('');
    return this.joined;
  }

  get lineCount(): number {
    return this.lines.length;
  }

  /** Applies changes in order (each range refers to the text after the previous change). */
  apply(changes: readonly ContentChange[], version: number): void {
    for (const change of changes) {
      if (typeof change?.text !== 'string') continue;
      if (!change.range) {
        this.lines = splitLines(change.text);
        continue;
      }
      let { start, end } = change.range;
      if (start.line > end.line || (start.line === end.line && start.character > end.character)) [start, end] = [end, start];
      let first = this.clampLine(start.line);
      let last = this.clampLine(end.line);
      let from = this.clampCharacter(first, start);
      const to = this.clampCharacter(last, end);
      // A lone \r before the change could pair with a \n it inserts: take that line along.
      if (first > 0 && this.lines[first - 1].endsWith('\r')) {
        first -= 1;
        from += this.lines[first].length;
      }
      let segment = this.lines[first];
      for (let k = first + 1; k <= last; k += 1) segment += this.lines[k];
      const endOffset = segment.length - this.lines[last].length + to;
      let replaced = segment.slice(0, from) + change.text + segment.slice(endOffset);
      // A \r at the end could pair with the \n that starts the next line: re-split them together.
      while (replaced.endsWith('\r') && last + 1 < this.lines.length) replaced += this.lines[++last];
      const pieces = splitLines(replaced);
      // The segment keeps line `last`'s terminator, so it splits with a trailing "": that empty
      // piece is the start of the next line, unless the segment ran to the end of the text.
      if (last + 1 < this.lines.length) pieces.pop();
      // Spread arguments are limited: a paste of many lines rebuilds the array instead.
      if (pieces.length < 10_000) this.lines.splice(first, last - first + 1, ...pieces);
      else this.lines = this.lines.slice(0, first).concat(pieces, this.lines.slice(last + 1));
    }
    this.version = version;
    this.joined = undefined;
    this.lineStarts = undefined;
  }

  /** The offset of a position, with LSP's clamping (past the line's end: its end). */
  offsetAt(position: Position): number {
    this.lineStarts ??= this.computeLineStarts();
    const line = this.clampLine(position.line);
    if (position.line >= this.lines.length) return this.text.length;
    return this.lineStarts[line] + this.clampCharacter(line, position);
  }

  /** The text of the line from its start up to `position`. */
  lineBefore(position: Position): string {
    if (position.line < 0 || position.line >= this.lines.length) return '';
    const line = this.lines[position.line];
    return line.slice(0, Math.min(Math.max(position.character, 0), contentLength(line)));
  }

  private clampLine(line: number): number {
    return Math.min(Math.max(line, 0), this.lines.length - 1);
  }

  private clampCharacter(line: number, position: Position): number {
    if (position.line >= this.lines.length) return contentLength(this.lines[line]);
    if (position.line < 0) return 0;
    return Math.min(Math.max(position.character, 0), contentLength(this.lines[line]));
  }

  private computeLineStarts(): number[] {
    const starts = new Array<number>(this.lines.length);
    let at = 0;
    for (let k = 0; k < this.lines.length; k += 1) {
      starts[k] = at;
      at += this.lines[k].length;
    }
    return starts;
  }
}
