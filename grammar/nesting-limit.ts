// Recursive descent uses the JavaScript stack: each bracket level costs a dozen frames inside
// chevrotain, so a few hundred nested `(` or `{` would overflow it. Before parsing, this pass
// measures nesting on the token stream and cuts out whatever lies deeper than MAX_NESTING
// (reported once as E0010), so the parser only ever sees input it can recurse through.
// A chain of postfix operations (`a[0][1]`, `p.x.y`, `f(a)(b)`, `x as u8 as u64`, and types
// such as `u8[4][4]`) nests in the tree as deeply as it is long, and every later pass walks that
// tree, so a chain counts as nesting too: one level per `[`, `(`, `.` or `as` in it.
import { makeDiagnostic, type Diagnostic, type LineIndex } from './diagnostic.js';
import type { ScannedToken } from './scanner.js';
import * as T from './tokens.js';

export const MAX_NESTING = 128;

// Token kinds by token type index.
const OPENER = 1;
const CLOSER = 2;
const PREFIX = 4;
/** `.` and `as`: each continues a postfix chain. */
const POSTFIX = 8;
/** Names and type names: a chain runs through them (`a`, `.x`, `as u8`) without growing. */
const OPERAND = 16;
const KIND = new Uint8Array(Math.max(...T.allTokens.map((type) => type.tokenTypeIdx!)) + 1);
for (const type of [T.LParen, T.LBracket, T.LBrace]) KIND[type.tokenTypeIdx!] = OPENER;
for (const type of [T.RParen, T.RBracket, T.RBrace]) KIND[type.tokenTypeIdx!] = CLOSER;
// Prefix operators recurse too (`- - - x`); `attest`, `run` and `resume` take their operand the same way.
for (const type of [T.Minus, T.Bang, T.Tilde, T.Run, T.Resume, T.Attest, T.Start, T.Join]) KIND[type.tokenTypeIdx!] = PREFIX;
for (const type of [T.Dot, T.As]) KIND[type.tokenTypeIdx!] = POSTFIX;
for (const type of [T.Identifier, ...T.PrimitiveTypes]) KIND[type.tokenTypeIdx!] = OPERAND;

export function limitNesting(tokens: ScannedToken[], lines: LineIndex, file: string, diagnostics: Diagnostic[]): ScannedToken[] {
  let depth = 0;
  let prefixRun = 0;
  // The length of the postfix chain going on at each bracket depth, and whether the token
  // before could end an operand (a name, a type name, `)` or `]`), so a `[` or `(` after it
  // continues a chain rather than starting a group.
  const chain: number[] = [0];
  let afterOperand = false;
  let firstCut: ScannedToken | undefined;
  let kept: ScannedToken[] | undefined; // allocated only once something is cut
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const kind = KIND[token.tokenTypeIdx];
    prefixRun = kind === PREFIX ? prefixRun + 1 : 0;
    const postfix = kind === POSTFIX || (kind === OPENER && afterOperand && !isBrace(token));
    if (postfix) chain[depth]++;
    else if (kind !== OPERAND && kind !== CLOSER) chain[depth] = 0;
    let cut = false;
    if (postfix && depth + chain[depth] > MAX_NESTING) {
      // Cut the rest of the chain: its bracket groups, dots, `as` and the names after them.
      let j = i;
      for (; j < tokens.length; j++) {
        const inside = KIND[tokens[j].tokenTypeIdx];
        if (inside === OPENER) j = closerOf(tokens, j);
        else if (inside !== POSTFIX && inside !== OPERAND) break;
      }
      firstCut ??= token;
      kept ??= tokens.slice(0, i);
      chain[depth] = 0;
      afterOperand = false;
      i = j - 1; // the loop's i++ steps onto the first token after the chain
      continue;
    }
    afterOperand = kind === OPERAND || (kind === CLOSER && !isBrace(token));
    if (kind === OPENER) {
      if (depth + 1 > MAX_NESTING) {
        firstCut ??= token;
        kept ??= tokens.slice(0, i);
        i = closerOf(tokens, i); // the loop's i++ steps past the closer
        afterOperand = false;
        continue;
      }
      depth++;
      chain[depth] = 0;
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

const isBrace = (token: ScannedToken) => token.tokenTypeIdx === T.LBrace.tokenTypeIdx || token.tokenTypeIdx === T.RBrace.tokenTypeIdx;

/** The index of the closer that matches the opener at `at` (any closer counts: the input is
 *  broken anyway), or the last index. */
function closerOf(tokens: ScannedToken[], at: number): number {
  let inner = 0;
  let j = at;
  for (; j < tokens.length; j++) {
    const inside = KIND[tokens[j].tokenTypeIdx];
    if (inside === OPENER) inner++;
    else if (inside === CLOSER && --inner === 0) break;
  }
  return Math.min(j, tokens.length - 1);
}
