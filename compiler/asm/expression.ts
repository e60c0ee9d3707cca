// Operand expressions in GNU as syntax (GNU as manual, "Expressions"): integers in
// decimal, hex, binary, octal or 'c' form, symbols, `.` for the current location, numeric
// local label references (`1b`, `1f`), unary - ~ !, and binary * / % << >> & | ^ + - with
// C-like precedence. A value is a constant or one symbol plus a constant: what a
// relocation can carry.

import { isDigit, isSymbolPart, isSymbolStart } from './scan.js';

export type Expr =
  | { readonly k: 'num'; readonly v: bigint }
  | { readonly k: 'sym'; readonly name: string }
  | { readonly k: 'unary'; readonly op: string; readonly e: Expr }
  | { readonly k: 'binary'; readonly op: string; readonly l: Expr; readonly r: Expr };

export interface ExprValue {
  readonly symbol?: string;
  readonly addend: bigint;
}

/** What a symbol name means while evaluating: a constant, or a label in a section. */
export type SymbolMeaning =
  | { readonly kind: 'absolute'; readonly value: bigint }
  | { readonly kind: 'label'; readonly section: string; readonly offset: number };

export interface ParseContext {
  /** Rewrites `1b`/`1f` into the name the numeric label definition received. */
  numericLabel(digits: string, direction: 'b' | 'f'): string;
  /** A name for the current location, for `.`. */
  here(): string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; message: string };

const SYMBOL_START = /[A-Za-z_.$]/;
const SYMBOL_PART = /[A-Za-z0-9_.$]/;

class ExprParser {
  private pos = 0;
  constructor(private readonly text: string, private readonly context: ParseContext) {}

  parse(): Result<Expr> {
    const expr = this.binary(0);
    if (!expr.ok) return expr;
    this.skipSpace();
    if (this.pos < this.text.length) return { ok: false, message: `unexpected '${this.text.slice(this.pos)}' in expression` };
    return expr;
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  private static readonly LEVELS: readonly (readonly string[])[] = [
    ['|'], ['^'], ['&'], ['<<', '>>'], ['+', '-'], ['*', '/', '%'],
  ];

  private binary(level: number): Result<Expr> {
    if (level >= ExprParser.LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    if (!left.ok) return left;
    for (;;) {
      this.skipSpace();
      const op = ExprParser.LEVELS[level]!.find((candidate) => this.text.startsWith(candidate, this.pos));
      if (!op) return left;
      this.pos += op.length;
      const right = this.binary(level + 1);
      if (!right.ok) return right;
      left = { ok: true, value: { k: 'binary', op, l: left.value, r: right.value } };
    }
  }

  private unary(): Result<Expr> {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === '-' || c === '~' || c === '!' || c === '+') {
      this.pos++;
      const operand = this.unary();
      if (!operand.ok) return operand;
      return c === '+' ? operand : { ok: true, value: { k: 'unary', op: c, e: operand.value } };
    }
    return this.primary();
  }

  private primary(): Result<Expr> {
    this.skipSpace();
    const rest = this.text.slice(this.pos);
    if (rest.startsWith('(')) {
      this.pos++;
      const inner = this.binary(0);
      if (!inner.ok) return inner;
      this.skipSpace();
      if (this.text[this.pos] !== ')') return { ok: false, message: "missing ')' in expression" };
      this.pos++;
      return inner;
    }
    const localRef = /^(\d+)([bf])(?![A-Za-z0-9_.$])/.exec(rest);
    if (localRef && !/^0[bB][01]/.test(rest)) {
      this.pos += localRef[0].length;
      return { ok: true, value: { k: 'sym', name: this.context.numericLabel(localRef[1]!, localRef[2] as 'b' | 'f') } };
    }
    const number = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]+|[1-9][0-9]*|0)(?![A-Za-z0-9_.$])/.exec(rest);
    if (number) {
      this.pos += number[0].length;
      const digits = number[0];
      const literal = /^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : /^0[oO]/.test(digits) ? `0o${digits.slice(2)}` : digits;
      return { ok: true, value: { k: 'num', v: BigInt(literal) } };
    }
    const char = /^'(\\.|[^\\'])'?/.exec(rest);
    if (char) {
      this.pos += char[0].length;
      const body = char[1]!;
      const code = body.startsWith('\\') ? (ESCAPES[body[1]!] ?? body.charCodeAt(1)) : body.charCodeAt(0);
      return { ok: true, value: { k: 'num', v: BigInt(code) } };
    }
    if (rest[0] && SYMBOL_START.test(rest[0])) {
      let end = 1;
      while (end < rest.length && SYMBOL_PART.test(rest[end]!)) end++;
      this.pos += end;
      const name = rest.slice(0, end);
      return { ok: true, value: { k: 'sym', name: name === '.' ? this.context.here() : name } };
    }
    return { ok: false, message: rest ? `unexpected '${rest}' in expression` : 'missing expression' };
  }
}

export const ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, '\\': 92, "'": 39, '"': 34, a: 7, b: 8, f: 12, v: 11 };

/**
 * Parse an operand expression. The shapes compilers emit by the thousand (a symbol, a
 * decimal or hex integer, a negative decimal) are read directly; anything else goes to
 * the general parser, which gives the same tree for those shapes too.
 */
export function parseExpression(text: string, context: ParseContext): Result<Expr> {
  return parseSimpleExpression(text) ?? parseExpressionGeneral(text, context);
}

/** The full recursive-descent parser: every expression form, and the error messages. */
export function parseExpressionGeneral(text: string, context: ParseContext): Result<Expr> {
  return new ExprParser(text, context).parse();
}

/** A symbol, `[1-9][0-9]*`, `0`, `0x` hex, or `-` before a decimal; undefined for anything else. */
function parseSimpleExpression(text: string): Result<Expr> | undefined {
  const length = text.length;
  if (length === 0) return undefined;
  const first = text.charCodeAt(0);
  if (isSymbolStart(first)) {
    if (length === 1 && first === 0x2e) return undefined; // `.` needs a label for here
    for (let i = 1; i < length; i++) if (!isSymbolPart(text.charCodeAt(i))) return undefined;
    return { ok: true, value: { k: 'sym', name: text } };
  }
  if (first === 0x2d) {
    const magnitude = decimalValue(text, 1);
    return magnitude === undefined ? undefined : { ok: true, value: { k: 'unary', op: '-', e: { k: 'num', v: magnitude } } };
  }
  if (first === 0x30 && length > 2 && (text.charCodeAt(1) | 0x20) === 0x78) {
    for (let i = 2; i < length; i++) if (!isHexDigit(text.charCodeAt(i))) return undefined;
    return { ok: true, value: { k: 'num', v: BigInt(text) } };
  }
  const value = decimalValue(text, 0);
  return value === undefined ? undefined : { ok: true, value: { k: 'num', v: value } };
}

/** `[1-9][0-9]*` or `0` from `start` to the end of `text`. */
function decimalValue(text: string, start: number): bigint | undefined {
  const length = text.length;
  if (start >= length) return undefined;
  const first = text.charCodeAt(start);
  if (first === 0x30) return length === start + 1 ? 0n : undefined;
  if (!isDigit(first)) return undefined;
  let small = first - 0x30;
  for (let i = start + 1; i < length; i++) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) return undefined;
    small = small * 10 + (c - 0x30);
  }
  // Up to 15 digits a double holds the value exactly.
  return length - start <= 15 ? BigInt(small) : BigInt(start === 0 ? text : text.slice(start));
}

function isHexDigit(code: number): boolean {
  return isDigit(code) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x66);
}

/**
 * Evaluate with what is known now. Symbols that are not absolute stay symbolic; the
 * difference of two labels in one section is a constant, as in GNU as.
 */
export function evaluate(expr: Expr, meaning: (name: string) => SymbolMeaning | undefined): Result<ExprValue> {
  switch (expr.k) {
    case 'num':
      return { ok: true, value: { addend: expr.v } };
    case 'sym': {
      const known = meaning(expr.name);
      if (known?.kind === 'absolute') return { ok: true, value: { addend: known.value } };
      return { ok: true, value: { symbol: expr.name, addend: 0n } };
    }
    case 'unary': {
      const operand = evaluate(expr.e, meaning);
      if (!operand.ok) return operand;
      if (operand.value.symbol) return { ok: false, message: `'${expr.op}' cannot apply to symbol '${operand.value.symbol}'` };
      const v = operand.value.addend;
      return { ok: true, value: { addend: expr.op === '-' ? -v : expr.op === '~' ? ~v : v === 0n ? 1n : 0n } };
    }
    case 'binary': {
      const left = evaluate(expr.l, meaning);
      if (!left.ok) return left;
      const right = evaluate(expr.r, meaning);
      if (!right.ok) return right;
      return combine(expr.op, left.value, right.value, meaning);
    }
  }
}

function combine(
  op: string,
  l: ExprValue,
  r: ExprValue,
  meaning: (name: string) => SymbolMeaning | undefined,
): Result<ExprValue> {
  if (op === '+' && !(l.symbol && r.symbol)) {
    return { ok: true, value: { symbol: l.symbol ?? r.symbol, addend: l.addend + r.addend } };
  }
  if (op === '-' && !r.symbol) return { ok: true, value: { symbol: l.symbol, addend: l.addend - r.addend } };
  if (op === '-' && l.symbol && r.symbol) {
    const a = meaning(l.symbol);
    const b = meaning(r.symbol);
    if (a?.kind === 'label' && b?.kind === 'label' && a.section === b.section) {
      return { ok: true, value: { addend: BigInt(a.offset - b.offset) + l.addend - r.addend } };
    }
    return { ok: false, message: `cannot subtract '${r.symbol}' from '${l.symbol}': not in the same section` };
  }
  if (l.symbol || r.symbol) return { ok: false, message: `operator '${op}' needs constant operands` };
  const a = l.addend;
  const b = r.addend;
  switch (op) {
    case '*': return { ok: true, value: { addend: a * b } };
    case '/': case '%':
      if (b === 0n) return { ok: false, message: 'division by zero in expression' };
      return { ok: true, value: { addend: op === '/' ? a / b : a % b } };
    case '<<': return { ok: true, value: { addend: BigInt.asIntN(64, a << (b & 63n)) } };
    case '>>': return { ok: true, value: { addend: a >> (b & 63n) } };
    case '&': return { ok: true, value: { addend: a & b } };
    case '|': return { ok: true, value: { addend: a | b } };
    case '^': return { ok: true, value: { addend: a ^ b } };
    default: return { ok: true, value: { addend: op === '+' ? a + b : a - b } };
  }
}
