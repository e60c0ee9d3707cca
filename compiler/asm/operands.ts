// Operand syntax shared by instructions and pseudo-instructions: registers, immediates with
// the relocation operators of the psABI assembler reference (%hi %lo %pcrel_hi %pcrel_lo),
// and memory operands `offset(reg)`.

import { parseExpression, type Expr, type ParseContext, type Result } from './expression.js';
import { parseRegister } from './registers.js';

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
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      // A quote directly after a digit is not a character literal start in our syntax.
      quote = c === "'" && /[0-9A-Za-z_]/.test(text[i - 1] ?? '') ? '' : c;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last !== '' || parts.length > 0) parts.push(last);
  return parts;
}

export function expectRegister(text: string): Result<number> {
  const register = parseRegister(text);
  if (register === undefined) return { ok: false, message: `expected a register, found '${text}'` };
  return { ok: true, value: register };
}

export function parseImmediate(text: string, context: ParseContext): Result<ImmediateOperand> {
  const operator = /^%(hi|lo|pcrel_hi|pcrel_lo)\s*\((.*)\)$/s.exec(text.trim());
  if (operator) {
    const expr = parseExpression(operator[2]!, context);
    return expr.ok ? { ok: true, value: { operator: operator[1] as RelocOperator, expr: expr.value } } : expr;
  }
  if (text.trim().startsWith('%')) return { ok: false, message: `unknown relocation operator in '${text}'` };
  const expr = parseExpression(text, context);
  return expr.ok ? { ok: true, value: { expr: expr.value } } : expr;
}

/** `offset(reg)`, `(reg)` or `%lo(sym)(reg)`: the register is the last parenthesised group. */
export function parseMemory(text: string, context: ParseContext): Result<{ offset: ImmediateOperand; base: number }> {
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
  return /\(\s*[A-Za-z0-9]+\s*\)$/.test(text.trim());
}
