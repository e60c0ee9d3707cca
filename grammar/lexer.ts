// The lexer: the scanner splits the text; this pass turns the error-shaped tokens the scanner is
// allowed to produce (unterminated strings and comments, invalid characters, malformed numbers)
// into diagnostics E0002..E0007, and gathers `///` doc comments for the parser.
import { makeDiagnostic, type Diagnostic, type LineIndex, type SourceSpan } from './diagnostic.js';
import { decodeInteger, decodeString } from './literals.js';
import { scan, TokenPool, type ScannedToken } from './scanner.js';
import * as T from './tokens.js';

export type { Token, TokenCategory } from './scanner.js';

export interface LexResult {
  /** Every token in source order, comments and invalid runs included (merged on first use). */
  readonly all: ScannedToken[];
  /** What the parser consumes: no comments, no invalid characters. */
  parserTokens: ScannedToken[];
  diagnostics: Diagnostic[];
  /** Doc comments keyed by the start offset of the token they document. */
  docs: Map<number, DocComment>;
}

/** One or more adjacent `///` lines; `text` has the markers (and one space after them) removed. */
export interface DocComment {
  text: string;
  start: number;
  end: number;
}

const SIMPLE_DECIMAL = /^[0-9]+$/;
const INTEGER = T.IntegerLiteral.tokenTypeIdx!;
const STRING = T.StringLiteral.tokenTypeIdx!;
const UNTERMINATED_STRING = T.UnterminatedString.tokenTypeIdx!;
/** What a decoder puts in place of bytes that are not UTF-8 (and so never real source text). */
const REPLACEMENT = '\uFFFD';

/** The parser's tokens, refilled by every `lex` (see TokenPool). */
const parserTokenPool = new TokenPool();

/** Lexes `text` for the parser. `parserTokens` are valid until the next `lex`; `all` gives
 *  fresh token objects. */
export function lex(text: string, file: string, lines: LineIndex): LexResult {
  const scanned = scan(text, parserTokenPool);
  const diagnostics: Diagnostic[] = [];
  const span = (start: number, end: number) => lines.span(file, start, end);

  const code = scanned.code;
  for (let i = 0; i < code.length; i++) {
    const token = code[i];
    const type = token.tokenTypeIdx;
    if (type === INTEGER) {
      if (token.image.length < 16 && SIMPLE_DECIMAL.test(token.image)) continue;
      const decoded = decodeInteger(token.image);
      if (!decoded.ok) diagnostics.push(makeDiagnostic(decoded.code, decoded.message, span(token.start, token.end), { hint: decoded.hint }));
    } else if (type === STRING || type === UNTERMINATED_STRING) {
      if (type === UNTERMINATED_STRING) {
        diagnostics.push(
          makeDiagnostic('E0002', 'unterminated string literal', span(token.start, token.end), {
            label: 'this string has no closing `"` on its line',
            hint: 'strings cannot span lines; write `\\n` for a line break',
          }),
        );
        // The parser sees an ordinary string, so the statement around it still parses.
        token.tokenType = T.StringLiteral;
      }
      const notText = token.image.indexOf(REPLACEMENT);
      if (notText >= 0) diagnostics.push(notUtf8(span(token.start + notText, token.start + notText + 1)));
      if (token.image.includes('\\')) {
        for (const problem of decodeString(token.image).problems) {
          diagnostics.push(
            makeDiagnostic(problem.code, problem.message, span(token.start + problem.start, token.start + problem.end), {
              hint: 'the escapes are \\n \\t \\r \\\\ \\" \\0 and \\xNN',
            }),
          );
        }
      }
    }
  }
  for (const comment of scanned.comments) {
    const notText = comment.image.indexOf(REPLACEMENT);
    if (notText >= 0) diagnostics.push(notUtf8(span(comment.start + notText, comment.start + notText + 1)));
    if (comment.tokenType === T.UnterminatedBlockComment) {
      diagnostics.push(
        makeDiagnostic('E0005', 'unterminated block comment', span(comment.start, comment.start + 2), {
          label: 'this comment is never closed with `*/`',
        }),
      );
    }
  }
  for (const run of scanned.invalid) diagnostics.push(invalidCharacters(run.text, span(run.start, run.end)));

  let all: ScannedToken[] | undefined;
  return {
    get all() {
      return (all ??= publicTokens(text));
    },
    parserTokens: scanned.code,
    diagnostics,
    docs: collectDocs(text, scanned.comments, scanned.code),
  };
}

/** Every token of `text` as fresh objects, an unterminated string typed as the parser saw it. */
function publicTokens(text: string): ScannedToken[] {
  const all = scan(text).all;
  for (const token of all) if (token.tokenTypeIdx === UNTERMINATED_STRING) token.tokenType = T.StringLiteral;
  return all;
}

/** Bytes that are not UTF-8 inside a string or a comment (outside them, `invalidCharacters`). */
function notUtf8(at: SourceSpan): Diagnostic {
  return makeDiagnostic('E0003', 'bytes that are not valid UTF-8 text', at, {
    label: 'the file has bytes here that are not UTF-8',
    hint: 'save the file as UTF-8; write other bytes in strings as `\\xNN`',
  });
}

function invalidCharacters(run: string, at: SourceSpan): Diagnostic {
  const shown = run.length > 12 ? run.slice(0, 12) + '…' : run;
  const plural = [...run].length > 1;
  return makeDiagnostic('E0003', `invalid character${plural ? 's' : ''} \`${shown}\``, at, {
    label: plural ? 'these characters start no token' : 'this character starts no token',
    hint: run.includes(REPLACEMENT)
      ? 'the file has bytes here that are not UTF-8 text; save it as UTF-8'
      : /[^\x00-\x7f]/.test(run)
        ? 'outside strings and comments only ASCII characters are allowed'
        : undefined,
  });
}

/** Groups adjacent `///` lines and keys each group by the next code token after it, the
 *  declaration it documents. A group with no code after it is dropped. */
function collectDocs(text: string, comments: ScannedToken[], code: ScannedToken[]): Map<number, DocComment> {
  const docs = new Map<number, DocComment>();
  let lines: string[] = [];
  let firstStart = 0;
  let lastEnd = -1;
  let next = 0; // index into code, advanced monotonically
  const flush = () => {
    while (next < code.length && code[next].start < lastEnd) next++;
    if (lines.length > 0 && next < code.length) docs.set(code[next].start, { text: lines.join('\n'), start: firstStart, end: lastEnd });
    lines = [];
  };
  for (const comment of comments) {
    if (comment.tokenType !== T.DocComment) continue;
    const adjacent = lines.length > 0 && /^\s*$/.test(text.slice(lastEnd, comment.start));
    if (!adjacent) {
      flush();
      firstStart = comment.start;
    }
    lines.push(comment.image.slice(3).replace(/^ /, ''));
    lastEnd = comment.end;
  }
  flush();
  return docs;
}
