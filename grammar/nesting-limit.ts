// Recursive descent uses the JavaScript stack: each bracket level costs a dozen frames inside
// chevrotain, so a few hundred nested `(` or `{` would overflow it. Before parsing, this pass
// measures nesting on the token stream and cuts out whatever lies deeper than MAX_NESTING
// (reported once as E0010), so the parser only ever sees input it can recurse through.
import { makeDiagnostic, type Diagnostic, type LineIndex } from './diagnostic.js';
import type { ScannedToken } from './scanner.js';
import * as T from './tokens.js';

export const MAX_NESTING = 128;

const OPENERS = new Set([T.LParen, T.LBracket, T.LBrace]);
const CLOSERS = new Set([T.RParen, T.RBracket, T.RBrace]);
// Prefix operators recurse too (`- - - x`); `attest`, `run` and `resume` take their operand the same way.
const PREFIX = new Set([T.Minus, T.Bang, T.Tilde, T.Run, T.Resume, T.Attest]);

export function limitNesting(tokens: ScannedToken[], lines: LineIndex, file: string, diagnostics: Diagnostic[]): ScannedToken[] {
  let depth = 0;
  let prefixRun = 0;
  let firstCut: ScannedToken | undefined;
  let kept: ScannedToken[] | undefined; // allocated only once something is cut
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const type = token.tokenType;
    prefixRun = PREFIX.has(type) ? prefixRun + 1 : 0;
    let cut = false;
    if (OPENERS.has(type)) {
      if (depth + 1 > MAX_NESTING) {
        // Skip to the bracket that closes this one (any closer counts: the input is broken anyway).
        let inner = 0;
        let j = i;
        for (; j < tokens.length; j++) {
          if (OPENERS.has(tokens[j].tokenType)) inner++;
          else if (CLOSERS.has(tokens[j].tokenType) && --inner === 0) break;
        }
        firstCut ??= token;
        kept ??= tokens.slice(0, i);
        i = j; // the loop's i++ steps past the closer
        continue;
      }
      depth++;
    } else if (CLOSERS.has(type)) {
      if (depth > 0) depth--;
    } else if (prefixRun > 0 && depth + prefixRun > MAX_NESTING) {
      cut = true;
    }
    if (cut) {
      firstCut ??= token;
      kept ??= tokens.slice(0, i);
    } else if (kept !== undefined) {
      kept.push(token);
    }
  }
  if (firstCut === undefined) return tokens;
  diagnostics.push(
    makeDiagnostic('E0010', `nesting is deeper than ${MAX_NESTING} levels`, lines.span(file, firstCut.start, firstCut.end), {
      label: 'the parser skipped the part nested deeper than this',
      hint: 'split the expression or block into smaller pieces',
    }),
  );
  return kept!;
}
