// Recursive descent uses the JavaScript stack: each bracket level costs a dozen frames inside
// chevrotain, so a few hundred nested `(` or `{` would overflow it. Before parsing, this pass
// measures nesting on the token stream and cuts out whatever lies deeper than MAX_NESTING
// (reported once as E0010), so the parser only ever sees input it can recurse through.
import { makeDiagnostic, type Diagnostic, type LineIndex } from './diagnostic.js';
import type { ScannedToken } from './scanner.js';
import * as T from './tokens.js';

export const MAX_NESTING = 128;

// Token kinds by token type index.
const OPENER = 1;
const CLOSER = 2;
const PREFIX = 4;
const KIND = new Uint8Array(Math.max(...T.allTokens.map((type) => type.tokenTypeIdx!)) + 1);
for (const type of [T.LParen, T.LBracket, T.LBrace]) KIND[type.tokenTypeIdx!] = OPENER;
for (const type of [T.RParen, T.RBracket, T.RBrace]) KIND[type.tokenTypeIdx!] = CLOSER;
// Prefix operators recurse too (`- - - x`); `attest`, `run` and `resume` take their operand the same way.
for (const type of [T.Minus, T.Bang, T.Tilde, T.Run, T.Resume, T.Attest]) KIND[type.tokenTypeIdx!] = PREFIX;

export function limitNesting(tokens: ScannedToken[], lines: LineIndex, file: string, diagnostics: Diagnostic[]): ScannedToken[] {
  let depth = 0;
  let prefixRun = 0;
  let firstCut: ScannedToken | undefined;
  let kept: ScannedToken[] | undefined; // allocated only once something is cut
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const kind = KIND[token.tokenTypeIdx];
    prefixRun = kind === PREFIX ? prefixRun + 1 : 0;
    let cut = false;
    if (kind === OPENER) {
      if (depth + 1 > MAX_NESTING) {
        // Skip to the bracket that closes this one (any closer counts: the input is broken anyway).
        let inner = 0;
        let j = i;
        for (; j < tokens.length; j++) {
          const inside = KIND[tokens[j].tokenTypeIdx];
          if (inside === OPENER) inner++;
          else if (inside === CLOSER && --inner === 0) break;
        }
        firstCut ??= token;
        kept ??= tokens.slice(0, i);
        i = j; // the loop's i++ steps past the closer
        continue;
      }
      depth++;
    } else if (kind === CLOSER) {
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
