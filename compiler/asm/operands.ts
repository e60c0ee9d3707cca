// Operand syntax shared by instructions and pseudo-instructions: registers, immediates with
// the relocation operators of the psABI assembler reference (%hi %lo %pcrel_hi %pcrel_lo),
// and memory operands `offset(reg)`.

import { parseExpression, type Expr, type ParseContext, type Result } from './expression.js';
import { parseRegister } from './registers.js';
import { isAlphanumeric, isSpace, isWordCharacter } from './scan.js';

export type RelocOperator = 'hi' | 'lo' | 'pcrel_hi' | 'pcrel_lo';

/** An immediate as written: a plain expression, or a relocation operator applied to one. */
export interface ImmediateOperand {
  readonly operator?: RelocOperator;
  readonly expr: Expr;
}

/** Split at top-level commas (not inside parentheses or quotes). */
export function splitOperands(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = 0;
  let start = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === 0x5c) i++;
      else if (c === quote) quote = 0;
    } else if (c === 0x22) quote = c;
    else if (c === 0x27) {
      // A quote directly after a digit is not a character literal start in our syntax.
      quote = i > 0 && isWordCharacter(text.charCodeAt(i - 1)) ? 0 : c;
    } else if (c === 0x28) depth++;
    else if (c === 0x29) depth--;
    else if (c === 0x2c && depth === 0) {
      parts.push(trimmed(text, start, i));
      start = i + 1;
    }
  }
  const last = trimmed(text, start, length);
  if (last !== '' || parts.length > 0) parts.push(last);
  return parts;
}

/** text.slice(start, end).trim(), slicing once. */
function trimmed(text: string, start: number, end: number): string {
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

export function expectRegister(text: string): Result<number> {
  const register = parseRegister(text);
  if (register === undefined) return { ok: false, message: `expected a register, found '${text}'` };
  return { ok: true, value: register };
}

/** An immediate operand; a leading `%` (relocation operator) or blank takes the general path. */
export function parseImmediate(text: string, context: ParseContext): Result<ImmediateOperand> {
  const first = text.charCodeAt(0);
  if (first === 0x25 || text.length === 0 || isSpace(first)) return parseImmediateGeneral(text, context);
  const expr = parseExpression(text, context);
  return expr.ok ? { ok: true, value: { expr: expr.value } } : expr;
}

export function parseImmediateGeneral(text: string, context: ParseContext): Result<ImmediateOperand> {
  const operator = /^%(hi|lo|pcrel_hi|pcrel_lo)\s*\((.*)\)$/s.exec(text.trim());
  if (operator) {
    const expr = parseExpression(operator[2]!, context);
    return expr.ok ? { ok: true, value: { operator: operator[1] as RelocOperator, expr: expr.value } } : expr;
  }
  if (text.trim().startsWith('%')) return { ok: false, message: `unknown relocation operator in '${text}'` };
  const expr = parseExpression(text, context);
  return expr.ok ? { ok: true, value: { expr: expr.value } } : expr;
}

/**
 * Where `(reg)` starts when `text` (already trimmed) ends in `(\s*[A-Za-z0-9]+\s*)`, else -1.
 * Only the last `(` can start it, since the group holds no parenthesis.
 */
function baseGroupStart(text: string): number {
  const close = text.length - 1;
  if (text.charCodeAt(close) !== 0x29) return -1;
  const open = text.lastIndexOf('(', close);
  if (open < 0) return -1;
  let i = open + 1;
  while (i < close && isSpace(text.charCodeAt(i))) i++;
  const nameStart = i;
  while (i < close && isAlphanumeric(text.charCodeAt(i))) i++;
  if (i === nameStart) return -1;
  while (i < close && isSpace(text.charCodeAt(i))) i++;
  return i === close ? open : -1;
}

const ZERO: Expr = { k: 'num', v: 0n };

/** `offset(reg)`, `(reg)` or `%lo(sym)(reg)`: the register is the last parenthesised group. */
export function parseMemory(text: string, context: ParseContext): Result<{ offset: ImmediateOperand; base: number }> {
  const open = text.length > 0 && !isSpace(text.charCodeAt(0)) ? baseGroupStart(text) : -1;
  if (open < 0) return parseMemoryGeneral(text, context);
  const base = expectRegister(trimmed(text, open + 1, text.length - 1));
  if (!base.ok) return base;
  const offsetText = trimmed(text, 0, open);
  if (offsetText === '') return { ok: true, value: { offset: { expr: ZERO }, base: base.value } };
  const offset = parseImmediate(offsetText, context);
  return offset.ok ? { ok: true, value: { offset: offset.value, base: base.value } } : offset;
}

export function parseMemoryGeneral(text: string, context: ParseContext): Result<{ offset: ImmediateOperand; base: number }> {
  const match = /^(.*)\(\s*([A-Za-z0-9]+)\s*\)$/s.exec(text.trim());
  if (!match) return { ok: false, message: `expected a memory operand like 8(sp), found '${text}'` };
  const base = expectRegister(match[2]!);
  if (!base.ok) return base;
  const offsetText = match[1]!.trim();
  if (offsetText === '') return { ok: true, value: { offset: { expr: { k: 'num', v: 0n } }, base: base.value } };
  const offset = parseImmediate(offsetText, context);
  return offset.ok ? { ok: true, value: { offset: offset.value, base: base.value } } : offset;
}

export function isMemoryOperand(text: string): boolean {
  const length = text.length;
  if (length > 0 && !isSpace(text.charCodeAt(0)) && !isSpace(text.charCodeAt(length - 1))) return baseGroupStart(text) >= 0;
  return /\(\s*[A-Za-z0-9]+\s*\)$/.test(text.trim());
}
