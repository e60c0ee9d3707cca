// The instruction lines a compiler emits by the thousand, assembled without the general
// machinery: `addi sp, sp, -8`, `sd a0, 0(sp)`, `add a0, t0, t1`, `beqz a0, .L3`,
// `call f`, `la a0, .Lstr_3`, `li a0, 4096`, `mv t1, a0`, `ret`. A line is taken here only
// when every operand has its plain shape (registers by their exact name, decimal
// immediates in range, plain symbols); anything else, including every line that would be
// an error, returns false before emitting and takes the general path, which yields the
// same words and fixups for these shapes (test/compiler/asm-fast-paths-agree-*.test.ts).

import type { Expr } from './expression.js';
import { loadImmediateSteps } from './load-immediate.js';
import { encodeInstruction } from './encode.js';
import { INSTRUCTION_FORMS, type Format } from './opcodes.js';
import type { RelocationKind } from './object.js';
import { exactRegister } from './registers.js';
import { isDigit, isSpace, isSymbolPart, isSymbolStart } from './scan.js';

/** What the fast path needs from the assembler. */
export interface CommonLineTarget {
  emitWord(word: number, kind?: RelocationKind, expr?: Expr): void;
  /** A label for the current location, as `.` would get. */
  here(): string;
  /** True when `name` is an absolute (`.equ`) symbol: `la` must reject it. */
  isAbsolute(name: string): boolean;
}

type Shape = Format | 'mv' | 'ret' | 'nop' | 'li' | 'j' | 'call' | 'la' | 'beqz' | 'bnez';

export interface CommonForm {
  readonly shape: Shape;
  readonly match: number;
}

const FAST_FORMATS: ReadonlySet<Format> = new Set<Format>(['R', 'I', 'SHIFT6', 'SHIFT5', 'LOAD', 'STORE', 'BRANCH']);

const entries = new Map<string, CommonForm>();
for (const form of INSTRUCTION_FORMS) if (FAST_FORMATS.has(form.format)) entries.set(form.name, { shape: form.format, match: form.match });
const matchOf = (name: string) => INSTRUCTION_FORMS.find((form) => form.name === name)!.match;
const ADDI = matchOf('addi'), JALR = matchOf('jalr'), JAL = matchOf('jal'), AUIPC = matchOf('auipc');
const BEQ = matchOf('beq'), BNE = matchOf('bne');
for (const [name, shape, match] of [
  ['mv', 'mv', ADDI], ['ret', 'ret', JALR], ['nop', 'nop', ADDI], ['li', 'li', ADDI], ['j', 'j', JAL],
  ['call', 'call', AUIPC], ['la', 'la', AUIPC], ['lla', 'la', AUIPC], ['beqz', 'beqz', BEQ], ['bnez', 'bnez', BNE],
] as const) entries.set(name, { shape, match });

const RA = 1;

/** A cursor over one operand text. */
class Operands {
  at = 0;
  constructor(private readonly text: string) {}

  private skipSpaces(): void {
    while (this.at < this.text.length && isSpace(this.text.charCodeAt(this.at))) this.at++;
  }

  /** A register by its exact (lower-case) name, or -1. */
  register(): number {
    this.skipSpaces();
    const start = this.at;
    while (this.at < this.text.length && isRegisterCharacter(this.text.charCodeAt(this.at))) this.at++;
    if (this.at === start) return -1;
    const register = exactRegister(this.text.slice(start, this.at));
    this.skipSpaces();
    return register;
  }

  comma(): boolean {
    if (this.text.charCodeAt(this.at) !== 0x2c) return false;
    this.at++;
    return true;
  }

  /** `-?([1-9][0-9]{0,8}|0)`, or NaN. */
  integer(): number {
    this.skipSpaces();
    const negative = this.text.charCodeAt(this.at) === 0x2d;
    if (negative) this.at++;
    const start = this.at;
    let value = 0;
    while (this.at < this.text.length && isDigit(this.text.charCodeAt(this.at))) value = value * 10 + (this.text.charCodeAt(this.at++) - 0x30);
    const digits = this.at - start;
    if (digits === 0 || digits > 9 || (digits > 1 && this.text.charCodeAt(start) === 0x30)) return NaN;
    // A digit run followed by a symbol character is something else (`1f`, `0x10`, `12abc`).
    if (this.at < this.text.length && isSymbolPart(this.text.charCodeAt(this.at))) return NaN;
    this.skipSpaces();
    return negative ? -value : value;
  }

  /** `(reg)` after an offset, or -1. */
  base(): number {
    if (this.text.charCodeAt(this.at) !== 0x28) return -1;
    this.at++;
    const register = this.register();
    if (this.text.charCodeAt(this.at) !== 0x29) return -1;
    this.at++;
    this.skipSpaces();
    return register;
  }

  /** A whole plain symbol (not `.`), or undefined. */
  symbol(): string | undefined {
    this.skipSpaces();
    const start = this.at;
    if (!isSymbolStart(this.text.charCodeAt(start))) return undefined;
    this.at++;
    while (this.at < this.text.length && isSymbolPart(this.text.charCodeAt(this.at))) this.at++;
    const name = this.text.slice(start, this.at);
    this.skipSpaces();
    return name === '.' ? undefined : name;
  }

  get done(): boolean {
    return this.at === this.text.length;
  }
}

function isRegisterCharacter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || isDigit(code);
}

const fits12 = (value: number) => value >= -2048 && value <= 2047;
const rd = (n: number) => n << 7;
const rs1 = (n: number) => n << 15;
const rs2 = (n: number) => n << 20;
const symbolExpr = (name: string): Expr => ({ k: 'sym', name });

/** The common shape of `mnemonic`, or undefined when its lines always take the general path. */
export function commonForm(mnemonic: string): CommonForm | undefined {
  return entries.get(mnemonic);
}

/** Assemble `mnemonic operandText` if it has a common shape; false (nothing emitted) otherwise. */
export function assembleCommonLine(mnemonic: string, operandText: string, target: CommonLineTarget): boolean {
  const entry = entries.get(mnemonic);
  if (entry === undefined) return false;
  const ops = new Operands(operandText);
  switch (entry.shape) {
    case 'R': {
      const a = ops.register();
      if (a < 0 || !ops.comma()) return false;
      const b = ops.register();
      if (b < 0 || !ops.comma()) return false;
      const c = ops.register();
      if (c < 0 || !ops.done) return false;
      return emitCommonForm(entry, target, a, b, c);
    }
    case 'I': case 'SHIFT6': case 'SHIFT5': {
      const a = ops.register();
      if (a < 0 || !ops.comma()) return false;
      const b = ops.register();
      if (b < 0 || !ops.comma()) return false;
      const imm = ops.integer();
      if (!ops.done) return false;
      return emitCommonForm(entry, target, a, b, imm);
    }
    case 'LOAD': case 'STORE': {
      const a = ops.register();
      if (a < 0 || !ops.comma()) return false;
      const imm = ops.integer();
      if (!fits12(imm)) return false;
      const base = ops.base();
      if (base < 0 || !ops.done) return false;
      return emitCommonForm(entry, target, a, base, imm);
    }
    case 'BRANCH': {
      const a = ops.register();
      if (a < 0 || !ops.comma()) return false;
      const b = ops.register();
      if (b < 0 || !ops.comma()) return false;
      const name = ops.symbol();
      if (name === undefined || !ops.done) return false;
      return emitCommonForm(entry, target, a, b, 0, name);
    }
    case 'beqz': case 'bnez': case 'la': {
      const a = ops.register();
      if (a < 0 || !ops.comma()) return false;
      const name = ops.symbol();
      if (name === undefined || !ops.done) return false;
      return emitCommonForm(entry, target, a, 0, 0, name);
    }
    case 'mv': {
      const a = ops.register();
      if (a < 0 || !ops.comma()) return false;
      const b = ops.register();
      if (b < 0 || !ops.done) return false;
      return emitCommonForm(entry, target, a, b, 0);
    }
    case 'ret': case 'nop':
      if (operandText !== '') return false;
      return emitCommonForm(entry, target, 0, 0, 0);
    case 'li': {
      const a = ops.register();
      if (a < 0 || !ops.comma()) return false;
      const value = ops.integer();
      if (!ops.done) return false;
      return emitCommonForm(entry, target, a, 0, value);
    }
    case 'j': case 'call': {
      const name = ops.symbol();
      if (name === undefined || !ops.done) return false;
      return emitCommonForm(entry, target, 0, 0, 0, name);
    }
    default:
      return false;
  }
}

/**
 * Emits one common-shape instruction from operands already read: registers `a`, `b` (the
 * base of a load or store), an immediate or `li` value `c` (NaN when unreadable) and a
 * target symbol `name`, each as the shape uses it. False, with nothing emitted, when a
 * value is out of the shape's range: the general path then reports it.
 */
export function emitCommonForm(entry: CommonForm, target: CommonLineTarget, a: number, b: number, c: number, name?: string): boolean {
  const match = entry.match;
  switch (entry.shape) {
    case 'R':
      target.emitWord((match | rd(a) | rs1(b) | rs2(c)) >>> 0);
      return true;
    case 'I': case 'SHIFT6': case 'SHIFT5':
      if (entry.shape === 'I' ? !fits12(c) : !(c >= 0 && c < (entry.shape === 'SHIFT6' ? 64 : 32))) return false;
      target.emitWord((match | rd(a) | rs1(b) | ((c & 0xfff) << 20)) >>> 0);
      return true;
    case 'LOAD': case 'STORE': {
      if (!fits12(c)) return false;
      const word = entry.shape === 'LOAD'
        ? match | rd(a) | rs1(b) | ((c & 0xfff) << 20)
        : match | rs2(a) | rs1(b) | (((c >> 5) & 0x7f) << 25) | ((c & 0x1f) << 7);
      target.emitWord(word >>> 0);
      return true;
    }
    case 'BRANCH':
      target.emitWord((match | rs1(a) | rs2(b)) >>> 0, 'branch', symbolExpr(name!));
      return true;
    case 'beqz': case 'bnez':
      target.emitWord((match | rs1(a)) >>> 0, 'branch', symbolExpr(name!));
      return true;
    case 'mv':
      target.emitWord((match | rd(a) | rs1(b)) >>> 0);
      return true;
    case 'ret': case 'nop':
      target.emitWord((match | (entry.shape === 'ret' ? rs1(RA) : 0)) >>> 0);
      return true;
    case 'li': {
      if (Number.isNaN(c)) return false;
      if (fits12(c)) {
        target.emitWord((match | rd(a) | ((c & 0xfff) << 20)) >>> 0);
        return true;
      }
      const words: number[] = [];
      for (const step of loadImmediateSteps(a, BigInt(c))) {
        const word = encodeInstruction(step.name, step.ops);
        if (!word.ok) return false;
        words.push(word.value);
      }
      for (const word of words) target.emitWord(word);
      return true;
    }
    case 'j':
      target.emitWord(match, 'jal', symbolExpr(name!));
      return true;
    case 'call':
      target.emitWord((match | rd(RA)) >>> 0, 'call', symbolExpr(name!));
      target.emitWord((JALR | rd(RA) | rs1(RA)) >>> 0);
      return true;
    case 'la': {
      // lla: auipc rd, %pcrel_hi(sym); addi rd, rd, %pcrel_lo(label of the auipc)
      if (target.isAbsolute(name!)) return false;
      const anchor = target.here();
      target.emitWord((match | rd(a)) >>> 0, 'pcrel-hi20', symbolExpr(name!));
      target.emitWord((ADDI | rd(a) | rs1(a)) >>> 0, 'pcrel-lo12-i', symbolExpr(anchor));
      return true;
    }
    default:
      return false;
  }
}
