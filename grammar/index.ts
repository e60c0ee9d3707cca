// The grammar layer's entry point: text in, AST + diagnostics + tokens out. Never throws.
import type { Program } from './ast.js';
import { LineIndex, makeDiagnostic, type Diagnostic } from './diagnostic.js';
import { lex, type LexResult, type Token } from './lexer.js';
import { limitNesting } from './nesting-limit.js';
import { PenglaiParser } from './parser.js';
import { recognitionDiagnostic } from './parse-errors.js';
import { findUnclosedBrace } from './unclosed-braces.js';

export * from './ast.js';
export * from './diagnostic.js';
export type { Token, TokenCategory, DocComment } from './lexer.js';
export { decodeInteger, decodeString, U64_MAX } from './literals.js';

export interface ParseResult {
  program: Program;
  /** Sorted by position; at most one parse error per position. */
  diagnostics: Diagnostic[];
  /** Every token in source order, comments and invalid characters included. */
  tokens: Token[];
}

let parser: PenglaiParser | undefined;

export function parse(text: string, file: string): ParseResult {
  const lines = new LineIndex(text);
  const whole = lines.span(file, 0, text.length);
  let diagnostics: Diagnostic[] = [];
  let lexed: LexResult | undefined;
  let program: Program = { kind: 'Program', file, items: [], span: whole };
  try {
    lexed = lex(text, file, lines);
    diagnostics = lexed.diagnostics;
    parser ??= new PenglaiParser();
    const parserTokens = limitNesting(lexed.parserTokens, lines, file, diagnostics);
    parser.begin(parserTokens, { file, lines, docs: lexed.docs, diagnostics });
    program = parser.program();
    program.span = whole;
    const parseErrors = parser.recognitionErrors().map((error) => recognitionDiagnostic(error, lines, file));
    parser.end();
    // An unclosed `{` explains the parse errors from where the parser noticed it onwards.
    const unclosed = parseErrors.length > 0 ? findUnclosedBrace(parserTokens, lines, file) : undefined;
    if (unclosed) diagnostics.push(unclosed.diagnostic);
    for (const d of parseErrors) if (!unclosed || d.span.start < unclosed.firstStray) diagnostics.push(d);
    for (const doc of lexed.docs.values()) {
      diagnostics.push(
        makeDiagnostic('W0001', 'this doc comment documents nothing', lines.span(file, doc.start, doc.end), {
          severity: 'warning',
          hint: '`///` comments belong right before a declaration; use `//` for other comments',
        }),
      );
    }
  } catch (error) {
    // A bug in the parser must not take the editor or the build down with it.
    diagnostics.push(
      makeDiagnostic('E0099', `internal parser error: ${error instanceof Error ? error.message : String(error)}`, whole, {
        hint: 'please report this with the file that caused it',
      }),
    );
    parser = undefined; // its state may be inconsistent
  }
  const tokens = () => lexed?.all ?? [];
  return {
    program,
    diagnostics: sortAndDedupe(withoutCascades(diagnostics, tokens)),
    // Most callers (the build) never look at the tokens, so the list is put together on first use.
    get tokens() {
      return tokens();
    },
  };
}

/** A parse error right next to a stray character or an unterminated string is a consequence of
 *  that lexical error, not a second mistake: the region from the code token before the bad text
 *  to the end of the code token after it reports only the lexical error. */
function withoutCascades(diagnostics: Diagnostic[], allTokens: () => Token[]): Diagnostic[] {
  // Both kinds of bad text are reported by the lexer pass, as E0002 and E0003.
  if (!diagnostics.some((d) => d.code === 'E0002' || d.code === 'E0003')) return diagnostics;
  const tokens = allTokens();
  const regions: [number, number][] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const unterminated = t.kind === 'StringLiteral' && !/"$/.test(t.text.slice(1));
    if (t.kind !== 'InvalidCharacters' && !unterminated) continue;
    let before = i - 1;
    while (before >= 0 && isTrivia(tokens[before])) before--;
    let after = i + 1;
    while (after < tokens.length && isTrivia(tokens[after])) after++;
    regions.push([before >= 0 ? tokens[before].end : 0, after < tokens.length ? tokens[after].end : Infinity]);
  }
  if (regions.length === 0) return diagnostics;
  return diagnostics.filter(
    (d) => d.code !== 'E0001' || !regions.some(([from, to]) => d.span.start >= from && d.span.start <= to),
  );
}

function isTrivia(token: Token): boolean {
  return token.category === 'comment' || token.category === 'doc' || token.category === 'invalid';
}

/** Orders by position and keeps the first parse error at any position: chevrotain's recovery
 *  can report the same spot twice (once for the token, once for the repetition around it). */
function sortAndDedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const sorted = diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => a.d.span.start - b.d.span.start || a.i - b.i)
    .map((x) => x.d);
  const seen = new Set<number>();
  return sorted.filter((d) => {
    if (d.code !== 'E0001') return true;
    if (seen.has(d.span.start)) return false;
    seen.add(d.span.start);
    return true;
  });
}
