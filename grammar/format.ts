// The formatter behind `penglaic fmt` and LSP formatting. It re-spaces and re-indents tokens and
// keeps everything else: the author's line breaks (at most one blank line in a row), comments,
// and literals as written. It never changes meaning: unless the token sequence of the result
// equals the input's, the input is returned unchanged. No LSP types here: the CLI uses it too.
import { scan, type ScannedToken } from './scanner.js';

export interface FormatOptions {
  /** Spaces per indentation level (the samples use 2). */
  indent?: number;
}

const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);
const NO_SPACE_BEFORE = new Set([',', ';', ')', ']', '.', '..', ':']);
const NO_SPACE_AFTER = new Set(['(', '[', '.', '..']);
const UNARY = new Set(['-', '!', '~']);

/** Formats a whole source text; returns it unchanged when it cannot be tokenised cleanly. */
export function formatSource(text: string, options: FormatOptions = {}): string {
  const unit = ' '.repeat(options.indent ?? 2);
  const { all } = scan(text);
  if (all.some((t) => t.category === 'invalid' || t.kind === 'UnterminatedString' || t.kind === 'UnterminatedBlockComment')) return text;
  if (all.length === 0) return text.trim() === '' ? '' : text;

  const out: string[] = [];
  /** Lines on which the still-open brackets were opened: one indent level per line. */
  const open: number[] = [];
  let line = 0;
  let handleDepth = 0; // inside `server<...>` / `enclave<...>`
  let previous: ScannedToken | undefined;
  let previousCode: ScannedToken | undefined;

  const levels = () => {
    let count = 0;
    for (let i = 0; i < open.length; i++) if (i === 0 || open[i] !== open[i - 1]) count++;
    return count;
  };

  for (const token of all) {
    const isCode = token.category !== 'comment' && token.category !== 'doc';
    if (isCode && UNARY.has(token.text) && startsOperand(previousCode)) prefixOperators.add(token);
    const gap = previous ? text.slice(previous.end, token.start) : '';
    const breaks = previous ? countLineBreaks(gap) : 0;
    if (CLOSERS.has(token.text) && token.category === 'punctuation') {
      if (breaks > 0) open.pop();
    }
    if (!previous) {
      out.push(unit.repeat(levels()));
    } else if (breaks > 0) {
      line += breaks;
      out.push(breaks > 1 ? '\n\n' : '\n', unit.repeat(levels()));
    } else if (spaceBetween(previous, token, handleDepth > 0)) {
      out.push(' ');
    }
    if (CLOSERS.has(token.text) && token.category === 'punctuation' && breaks === 0) open.pop();
    out.push(token.category === 'comment' && token.kind === 'LineComment' || token.category === 'doc' ? token.text.trimEnd() : token.text);
    if (OPENERS.has(token.text) && token.category === 'punctuation') open.push(line);
    if (token.text === '<' && previous && (previous.text === 'server' || previous.text === 'enclave')) handleDepth++;
    else if (token.text === '>' && handleDepth > 0) handleDepth--;
    line += countLineBreaks(token.text);
    previous = token;
    if (isCode) previousCode = token;
  }
  const result = out.join('').replace(/[ \t]+$/gm, '') + '\n';
  return sameTokens(text, result) ? result : text;
}

function spaceBetween(p: ScannedToken, n: ScannedToken, inHandle: boolean): boolean {
  if (n.category === 'comment' || n.category === 'doc') return true;
  if (NO_SPACE_BEFORE.has(n.text)) return false;
  if (NO_SPACE_AFTER.has(p.text)) return false;
  if (inHandle || (n.text === '<' && (p.text === 'server' || p.text === 'enclave'))) return false;
  if (UNARY.has(p.text) && isPrefixPosition(p)) return false;
  if (n.text === '(') return !(p.kind === 'Identifier' || p.text === ')' || p.text === ']');
  if (n.text === '[') return !(p.kind === 'Identifier' || p.text === ')' || p.text === ']' || p.category === 'type');
  if (p.text === '{' && n.text === '}') return false;
  return true;
}

/** Unary operators seen in prefix position (grammar README, "Expressions": `-x`, `!b`, `~m`). */
const prefixOperators = new WeakSet<ScannedToken>();
function isPrefixPosition(token: ScannedToken): boolean {
  return prefixOperators.has(token);
}

/** A `-`, `!` or `~` is a prefix operator when nothing that ends an operand comes before it. */
function startsOperand(previousCode: ScannedToken | undefined): boolean {
  if (!previousCode) return true;
  if (previousCode.category === 'operator') return true;
  if (previousCode.category === 'punctuation') return !CLOSERS.has(previousCode.text);
  return previousCode.category === 'keyword' && previousCode.text !== 'true' && previousCode.text !== 'false';
}

function countLineBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) count++;
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) count++;
  }
  return count;
}

function sameTokens(a: string, b: string): boolean {
  const x = scan(a).all;
  const y = scan(b).all;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    if (x[i].kind !== y[i].kind) return false;
    const same = x[i].text === y[i].text || (x[i].category !== 'string' && x[i].text.trimEnd() === y[i].text.trimEnd());
    if (!same) return false;
  }
  return true;
}
