// Assembler directives (GNU as manual, "Assembler Directives", and the RISC-V specifics in
// "RISC-V Directives"). `.align` is a power of two on RISC-V, like `.p2align`.

import { parseExpression, ESCAPES, type Expr } from './expression.js';
import type { AssemblyState } from './assembler.js';
import type { RelocationKind, SymbolType } from './object.js';
import { splitOperands } from './operands.js';
import { applyRelocation } from './relocate.js';

const DATA_SIZES: Record<string, number> = {
  '.byte': 1, '.half': 2, '.short': 2, '.2byte': 2, '.word': 4, '.long': 4, '.4byte': 4,
  '.dword': 8, '.quad': 8, '.8byte': 8,
};
const DATA_RELOCATION: Record<number, RelocationKind> = { 1: 'abs8', 2: 'abs16', 4: 'abs32', 8: 'abs64' };

/** Directives that only carry debug, ABI-note or tool information: accepted, no effect. */
const IGNORED = new Set([
  '.file', '.ident', '.attribute', '.loc', '.addrsig', '.addrsig_sym', '.previous', '.end',
  '.cfi_startproc', '.cfi_endproc', '.cfi_def_cfa_offset', '.cfi_offset', '.cfi_restore',
  '.cfi_def_cfa', '.cfi_remember_state', '.cfi_restore_state', '.cfi_sections', '.hidden', '.protected',
]);

const SECTION_SHORTHANDS = new Set(['.text', '.data', '.rodata', '.bss', '.sdata', '.sbss', '.srodata']);

export function runDirective(state: AssemblyState, directive: string, operandText: string): void {
  const operands = operandText === '' ? [] : splitOperands(operandText);
  if (IGNORED.has(directive)) return;
  if (SECTION_SHORTHANDS.has(directive)) {
    state.current = state.section(directive);
    return;
  }
  const size = DATA_SIZES[directive];
  if (size !== undefined) return emitData(state, directive, operands, size);
  switch (directive) {
    case '.section': {
      const name = operands[0]?.replace(/^"|"$/g, '');
      if (!name) return state.error('bad-directive', '.section needs a section name');
      state.current = state.section(name);
      return;
    }
    case '.globl': case '.global': case '.weak':
      for (const name of operands) if (checkName(state, directive, name)) state.globals.add(name);
      return;
    case '.local':
      for (const name of operands) if (checkName(state, directive, name)) state.globals.delete(name);
      return;
    case '.align': case '.p2align': case '.balign': {
      const amount = constantOperand(state, directive, operands[0]);
      if (amount === undefined) return;
      const alignment = directive === '.balign' ? Number(amount) : 2 ** Number(amount);
      if (amount < 0n || (directive !== '.balign' && amount > 16n) || !Number.isInteger(Math.log2(alignment)) || alignment > 65536) {
        return state.error('bad-directive', `${directive} ${amount} is not a valid alignment`);
      }
      const fill = operands[1] ? constantOperand(state, directive, operands[1]) : undefined;
      state.current.align(alignment, fill === undefined ? undefined : Number(fill & 0xffn));
      return;
    }
    case '.zero': case '.space': case '.skip': {
      const count = constantOperand(state, directive, operands[0]);
      if (count === undefined) return;
      if (count < 0n || count > 1n << 28n) return state.error('bad-directive', `${directive} ${count} is not a valid size`);
      const fill = operands[1] ? constantOperand(state, directive, operands[1]) : 0n;
      if (fill !== 0n && !state.current.holdsBytes) return state.error('bad-directive', `section ${state.current.name} holds no data`);
      state.current.fill(Number(count), Number((fill ?? 0n) & 0xffn));
      return;
    }
    case '.ascii': case '.asciz': case '.string': {
      if (!requireBytes(state, directive)) return;
      if (operands.length === 0) return state.error('bad-directive', `${directive} needs a string`);
      for (const operand of operands) {
        const bytes = parseStringLiteral(operand);
        if (!bytes) return state.error('bad-directive', `${directive} expects a quoted string, found '${operand}'`);
        state.current.append(bytes);
        if (directive !== '.ascii') state.current.append([0]);
      }
      return;
    }
    case '.equ': case '.set': {
      const [name, valueText] = operands;
      if (!name || !checkName(state, directive, name) || valueText === undefined) {
        return state.error('bad-directive', `${directive} needs a name and a value`);
      }
      const expr = parseOperandExpression(state, valueText);
      if (!expr) return;
      const value = state.constant(expr);
      if (!value.ok) return state.error('bad-expression', `${directive} ${name}: ${value.message}`);
      if (state.labels.has(name)) return state.error('duplicate-symbol', `symbol '${name}' is already defined`);
      state.absolutes.set(name, value.value);
      return;
    }
    case '.type': {
      const [name, kind] = operands;
      if (!name || !checkName(state, directive, name) || !kind) return state.error('bad-directive', '.type needs a symbol and a type');
      const type = SYMBOL_TYPES[kind.replace(/^[@%#]/, '').toLowerCase()];
      if (!type) return state.error('bad-directive', `unknown symbol type '${kind}'`);
      state.types.set(name, type);
      return;
    }
    case '.size': {
      const [name, valueText] = operands;
      if (!name || !checkName(state, directive, name) || valueText === undefined) return state.error('bad-directive', '.size needs a symbol and a size');
      const expr = parseOperandExpression(state, valueText);
      if (expr) state.sizes.set(name, expr);
      return;
    }
    case '.option':
      // rvc/norvc only gate automatic compression, which we never do; relax/pic do not apply to a static link.
      if (!['rvc', 'norvc', 'push', 'pop', 'relax', 'norelax', 'pic', 'nopic', 'arch'].includes(operands[0]?.split(/\s/)[0] ?? '')) {
        state.error('bad-directive', `unknown .option '${operandText}'`);
      }
      return;
    default:
      state.error('bad-directive', `unknown directive '${directive}'`);
  }
}

const SYMBOL_TYPES: Record<string, SymbolType> = {
  function: 'function', stt_func: 'function', object: 'object', stt_object: 'object', notype: 'notype', stt_notype: 'notype',
};

function checkName(state: AssemblyState, directive: string, name: string): boolean {
  if (/^[A-Za-z_.$][A-Za-z0-9_.$]*$/.test(name)) return true;
  state.error('bad-directive', `${directive}: '${name}' is not a symbol name`);
  return false;
}

function requireBytes(state: AssemblyState, directive: string): boolean {
  if (state.current.holdsBytes) return true;
  state.error('bad-directive', `${directive} cannot go in section ${state.current.name}, which holds no data`);
  return false;
}

function parseOperandExpression(state: AssemblyState, text: string): Expr | undefined {
  const expr = parseExpression(text, state);
  if (expr.ok) return expr.value;
  state.error('bad-expression', expr.message);
  return undefined;
}

function constantOperand(state: AssemblyState, directive: string, text: string | undefined): bigint | undefined {
  if (text === undefined || text === '') {
    state.error('bad-directive', `${directive} needs a value`);
    return undefined;
  }
  const expr = parseOperandExpression(state, text);
  if (!expr) return undefined;
  const value = state.constant(expr);
  if (value.ok) return value.value;
  state.error('bad-expression', `${directive}: ${value.message}`);
  return undefined;
}

function emitData(state: AssemblyState, directive: string, operands: string[], size: number): void {
  if (!requireBytes(state, directive)) return;
  for (const operand of operands) {
    const expr = parseOperandExpression(state, operand);
    if (!expr) return;
    emitDataValue(state, size, expr);
  }
}

/** One `size`-byte data value in the current section (which holds bytes). */
export function emitDataValue(state: AssemblyState, size: number, expr: Expr): void {
  // Everything is resolved at the end, so forward references and label differences work.
  // A literal that fits is final now; writing it directly gives the bytes the fixup would.
  const offset = state.current.size;
  state.current.fill(size);
  const literal = literalValue(expr);
  if (literal === undefined || !writeLiteral(state.current.bytes, offset, size, literal)) {
    state.addFixup({ kind: DATA_RELOCATION[size]!, expr }, offset);
  }
}

/** Write a literal data value the way its abs8..abs64 fixup would; false (nothing written) when it does not fit. */
function writeLiteral(bytes: Uint8Array, offset: number, size: number, literal: bigint): boolean {
  if (size === 8) return applyRelocation(bytes, offset, 'abs64', literal) === undefined;
  // Same range as applyRelocation: signed or unsigned values of the field's width.
  const value = Number(literal);
  const bits = size * 8;
  if (!(value >= -(2 ** (bits - 1)) && value < 2 ** bits)) return false;
  for (let i = 0; i < size; i++) bytes[offset + i] = (value >>> (8 * i)) & 0xff;
  return true;
}

function literalValue(expr: Expr): bigint | undefined {
  if (expr.k === 'num') return expr.v;
  if (expr.k === 'unary' && expr.op === '-' && expr.e.k === 'num') return -expr.e.v;
  return undefined;
}

/** A double-quoted string with C escapes (GNU as "Strings"), as bytes in UTF-8. */
export function parseStringLiteral(text: string): number[] | undefined {
  const match = /^"((?:[^"\\]|\\.)*)"$/s.exec(text.trim());
  if (!match) return undefined;
  const body = match[1]!;
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      const code = c.charCodeAt(0);
      if (code < 0x80) bytes.push(code);
      else bytes.push(...new TextEncoder().encode(c));
      continue;
    }
    const next = body[++i]!;
    const octal = /^[0-7]{1,3}/.exec(body.slice(i));
    if (octal) {
      bytes.push(parseInt(octal[0], 8) & 0xff);
      i += octal[0].length - 1;
    } else if (next === 'x') {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(body.slice(i + 1));
      bytes.push(hex ? parseInt(hex[0], 16) : 'x'.charCodeAt(0));
      i += hex ? hex[0].length : 0;
    } else bytes.push(ESCAPES[next] ?? next.charCodeAt(0));
  }
  return bytes;
}
