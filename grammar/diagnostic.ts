// The diagnostic value shared by every phase (grammar, checker, CLI, language server).
// Phases return these; only the edges (CLI, LSP) turn them into prose on a screen.

/** A source range. Offsets are UTF-16 code units (what JS strings and LSP use), end exclusive.
 *  Lines and columns are 1-based; the column counts UTF-16 code units too. A zero-width span
 *  (start === end) marks a position between characters, e.g. where a missing `;` belongs. */
export interface SourceSpan {
  file: string;
  start: number;
  end: number;
  startLine: number;
  startCol: number;
  endLine: number;
  endCol: number;
}

export type Severity = 'error' | 'warning' | 'note';

export interface RelatedInfo {
  message: string;
  span: SourceSpan;
}

export interface Diagnostic {
  /** Stable code such as `E0001`; the language reference lists every code. */
  code: string;
  severity: Severity;
  message: string;
  span: SourceSpan;
  /** Short text printed under the carets. */
  label?: string;
  hint?: string;
  related?: RelatedInfo[];
  /** What the mistake is about, as values: the CLI's `--json`, quick fixes in the editor and
   *  tools read this instead of parsing `message` back. */
  data?: DiagnosticData;
}

/** The structured part of a diagnostic. Every field is optional; each code documents which
 *  it fills (grammar/README.md and compiler/README.md catalogues). */
export interface DiagnosticData {
  /** The type, token or count that was expected, as source text (`u64`, `;`, `2`). */
  expected?: string;
  /** What was found instead, as source text. */
  found?: string;
  /** Close names the user may have meant, best first ("did you mean"). */
  candidates?: string[];
  /** Where the thing the diagnostic is about was declared (or opened, for a brace). */
  declaration?: SourceSpan;
  /** A mechanical repair: replace `span` with `text`. Quick fixes apply it as it is. */
  replacement?: { span: SourceSpan; text: string; title: string };
}

/** Maps offsets to 1-based line/column pairs in O(log lines). Line breaks are `\n`, `\r\n`
 *  and a lone `\r`, the same set the LSP specification uses, so editor positions agree. */
export class LineIndex {
  /** Offset at which each line starts; lineStarts[0] is always 0. */
  readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    if (text.indexOf('\r') < 0) {
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  /** The line found last: parsers ask about nearly increasing offsets, so the answer is usually
   *  this line or the next one and the binary search is skipped. */
  private recentLine = 0;

  /** 0-based line number that contains `offset` (clamped to the text). */
  lineOf(offset: number): number {
    const starts = this.lineStarts;
    const recent = this.recentLine;
    if (offset >= starts[recent]) {
      if (recent + 1 >= starts.length || offset < starts[recent + 1]) return recent;
      if (recent + 2 >= starts.length || offset < starts[recent + 2]) return (this.recentLine = recent + 1);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return (this.recentLine = lo);
  }

  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; col: number } {
    const clamped = clampOffset(offset, this.text.length);
    const line = this.lineOf(clamped);
    return { line: line + 1, col: clamped - this.lineStarts[line] + 1 };
  }

  span(file: string, start: number, end: number): SourceSpan {
    const s = clampOffset(start, this.text.length);
    const e = Math.max(s, clampOffset(end, this.text.length));
    const startLine = this.lineOf(s);
    const endLine = e === s ? startLine : this.lineOf(e);
    return {
      file,
      start: s,
      end: e,
      startLine: startLine + 1,
      startCol: s - this.lineStarts[startLine] + 1,
      endLine: endLine + 1,
      endCol: e - this.lineStarts[endLine] + 1,
    };
  }
}

function clampOffset(offset: number, length: number): number {
  if (!(offset >= 0)) return 0; // also catches NaN
  return offset > length ? length : offset;
}

/** One-off conversion; build a LineIndex instead when converting many offsets of one text. */
export function spanOf(file: string, text: string, start: number, end: number): SourceSpan {
  return new LineIndex(text).span(file, start, end);
}

export function makeDiagnostic(
  code: string,
  message: string,
  span: SourceSpan,
  extra: { severity?: Severity; label?: string; hint?: string; related?: RelatedInfo[]; data?: DiagnosticData } = {},
): Diagnostic {
  const diagnostic: Diagnostic = { code, severity: extra.severity ?? 'error', message, span };
  if (extra.label !== undefined) diagnostic.label = extra.label;
  if (extra.hint !== undefined) diagnostic.hint = extra.hint;
  if (extra.related !== undefined) diagnostic.related = extra.related;
  if (extra.data !== undefined) diagnostic.data = extra.data;
  return diagnostic;
}
