// Assembly text (the GNU as subset our code generator emits) to a relocatable object.
// One pass lays out every section: all instruction sizes are known when a line is read
// (no relaxation, no automatic compression). A final step resolves what it can —
// pc-relative references inside one section — and turns the rest into relocations.

import { evaluate, type Expr, type SymbolMeaning } from './expression.js';
import { assembleBaseInstruction, type Fixup, type InstructionContext } from './instructions.js';
import {
  isAssemblerLocal, sectionKindOf,
  type AsmError, type AsmErrorCode, type AsmObject, type ObjectSection, type ObjectSymbol, type Relocation, type RelocationKind, type SymbolType,
} from './object.js';
import { assembleCommonLine, commonForm, emitCommonForm, type CommonForm, type CommonLineTarget } from './common-lines.js';
import { renderedLineCount, renderLine, type AsmLine, type Operand } from './lines.js';
import { splitOperands } from './operands.js';
import { assemblePseudo } from './pseudo.js';
import { applyRelocation, PC_RELATIVE_KINDS } from './relocate.js';
import { SectionBuilder } from './section-builder.js';
import { emitDataValue, runDirective } from './directives.js';
import { exactRegister } from './registers.js';
import { isDigit, isLineTerminator, isPlainSymbol, isSpace, isSymbolPart, isSymbolStart, isWordCharacter } from './scan.js';
import { firstAbove } from '../sorted-search.js';
import { appendAll } from '../append-all.js';

interface LabelDefinition {
  readonly section: SectionBuilder;
  readonly offset: number;
  readonly line: number;
}

interface PendingFixup extends Fixup {
  readonly section: SectionBuilder;
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

export interface AssembleResult {
  readonly object: AsmObject;
  readonly errors: AsmError[];
}

/** State shared with the directive handlers. */
export class AssemblyState implements CommonLineTarget {
  readonly sections = new Map<string, SectionBuilder>();
  current: SectionBuilder;
  readonly labels = new Map<string, LabelDefinition>();
  readonly absolutes = new Map<string, bigint>();
  readonly globals = new Set<string>();
  readonly types = new Map<string, SymbolType>();
  readonly sizes = new Map<string, Expr>();
  readonly fixups: PendingFixup[] = [];
  readonly errors: AsmError[] = [];
  usesCompressed = false;
  line = 0;
  column = 1;
  private numericCounts = new Map<string, number>();
  private hereCount = 0;

  constructor(readonly fileName: string, readonly fastPaths = true) {
    this.current = this.section('.text');
  }

  section(name: string): SectionBuilder {
    let section = this.sections.get(name);
    if (!section) {
      section = new SectionBuilder(name, sectionKindOf(name));
      this.sections.set(name, section);
    }
    return section;
  }

  error(code: AsmErrorCode, message: string, line = this.line, column = this.column): void {
    this.errors.push({ code, message, line, column, file: this.fileName });
  }

  defineLabel(name: string): void {
    if (this.labels.has(name) || this.absolutes.has(name)) {
      this.error('duplicate-symbol', `symbol '${name}' is already defined (line ${this.labels.get(name)?.line ?? '?'})`);
      return;
    }
    this.labels.set(name, { section: this.current, offset: this.current.size, line: this.line });
  }

  /** `N:` defines the next instance of numeric label N; `Nb`/`Nf` name the previous/next one. */
  defineNumericLabel(digits: string): void {
    const count = (this.numericCounts.get(digits) ?? 0) + 1;
    this.numericCounts.set(digits, count);
    this.defineLabel(`.L${digits}^B${count}`);
  }

  numericLabel(digits: string, direction: 'b' | 'f'): string {
    const count = this.numericCounts.get(digits) ?? 0;
    return `.L${digits}^B${direction === 'b' ? count : count + 1}`;
  }

  here(): string {
    const name = `.L.here${this.hereCount++}`;
    this.labels.set(name, { section: this.current, offset: this.current.size, line: this.line });
    return name;
  }

  meaning = (name: string): SymbolMeaning | undefined => {
    const absolute = this.absolutes.get(name);
    if (absolute !== undefined) return { kind: 'absolute', value: absolute };
    const label = this.labels.get(name);
    return label ? { kind: 'label', section: label.section.name, offset: label.offset } : undefined;
  };

  constant(expr: Expr): { ok: true; value: bigint } | { ok: false; message: string } {
    if (expr.k === 'num') return { ok: true, value: expr.v };
    const value = evaluate(expr, this.meaning);
    if (!value.ok) return value;
    if (value.value.symbol) {
      const name = displayName(value.value.symbol);
      return { ok: false, message: `'${name}' is not a constant here${this.labels.has(value.value.symbol) ? ' (it is an address)' : ' (undefined so far)'}` };
    }
    return { ok: true, value: value.value.addend };
  }

  addFixup(fixup: Fixup, offset: number): void {
    this.fixups.push({ kind: fixup.kind, expr: fixup.expr, section: this.current, offset, line: this.line, column: this.column });
  }

  emitWord(word: number, kind?: RelocationKind, expr?: Expr): void {
    const section = this.current;
    if (kind !== undefined) {
      this.fixups.push({ kind, expr: expr!, section, offset: section.size, line: this.line, column: this.column });
    }
    section.appendLittleEndian(word, 4);
  }

  isAbsolute(name: string): boolean {
    return this.absolutes.has(name);
  }

  /** The context instructions assemble in; one per assembly, it reads the state live. */
  readonly instructions: InstructionContext = instructionContext(this);
}

/** Numeric-label names are internal; errors show them as the user wrote them. */
function displayName(name: string): string {
  const numeric = /^\.L(\d+)\^B\d+$/.exec(name);
  return numeric ? `${numeric[1]} (numeric label)` : name;
}

function instructionContext(state: AssemblyState): InstructionContext {
  return {
    numericLabel: (digits, direction) => state.numericLabel(digits, direction),
    here: () => state.here(),
    constant: (expr) => state.constant(expr),
    emit32(word, fixup) {
      if (fixup) state.addFixup(fixup, state.current.size);
      state.current.appendLittleEndian(word, 4);
    },
    emit16(half, fixup) {
      if (fixup) state.addFixup(fixup, state.current.size);
      state.current.appendLittleEndian(half, 2);
      state.usesCompressed = true;
    },
  };
}

/** Split a line into statements at `;`, dropping `#` and `//` comments, both outside strings. */
export function splitStatements(line: string): { text: string; column: number }[] {
  const statements: { text: string; column: number }[] = [];
  forEachStatement(line, (text, column) => statements.push({ text, column }));
  return statements;
}

/** The scanner behind splitStatements, without building an array per line. */
function forEachStatement(line: string, visit: (text: string, column: number) => void): void {
  let start = 0;
  let quote = 0;
  let i = 0;
  const length = line.length;
  for (; i < length; i++) {
    const c = line.charCodeAt(i);
    if (quote) {
      if (c === 0x5c) i++;
      else if (c === quote) quote = 0;
      continue;
    }
    if (c === 0x22) quote = c;
    else if (c === 0x27) {
      // a character literal such as '#' or ';' must not end the statement
      if (i > 0 && isWordCharacter(line.charCodeAt(i - 1))) continue;
      i += characterLiteralLength(line, i) - 1;
    } else if (c === 0x23 || (c === 0x2f && line.charCodeAt(i + 1) === 0x2f)) break;
    else if (c === 0x3b) {
      visitNonBlank(line, start, i, visit);
      start = i + 1;
    }
  }
  visitNonBlank(line, start, i, visit);
}

/** Length of `'c'`, `'c`, `'\c'` or `'\c` at `at`, or 1 when no character literal starts there. */
function characterLiteralLength(text: string, at: number): number {
  if (at + 1 >= text.length) return 1;
  const next = text.charCodeAt(at + 1);
  let length: number;
  if (next === 0x5c) {
    if (at + 2 >= text.length || isLineTerminator(text.charCodeAt(at + 2))) return 1;
    length = 3;
  } else if (next === 0x27) return 1;
  else length = 2;
  return text.charCodeAt(at + length) === 0x27 ? length + 1 : length;
}

function visitNonBlank(line: string, start: number, end: number, visit: (text: string, column: number) => void): void {
  if (end > line.length) end = line.length;
  for (let j = start; j < end; j++) {
    if (!isSpace(line.charCodeAt(j))) {
      visit(line.slice(start, end), start + 1);
      return;
    }
  }
}

/**
 * A label at `at` (after blanks): `name:` or `digits:` but not `name::`. Returns the index
 * just past the colon, or -1. Same language as /^\s*([A-Za-z_.$][A-Za-z0-9_.$]*|\d+)\s*:(?!:)/.
 */
function labelEnd(text: string, at: number): number {
  let i = at;
  const length = text.length;
  const first = text.charCodeAt(i);
  if (isSymbolStart(first)) {
    i++;
    while (i < length && isSymbolPart(text.charCodeAt(i))) i++;
  } else if (isDigit(first)) {
    i++;
    while (i < length && isDigit(text.charCodeAt(i))) i++;
  } else return -1;
  while (i < length && isSpace(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== 0x3a || text.charCodeAt(i + 1) === 0x3a) return -1;
  return i + 1;
}

function skipSpaces(text: string, at: number): number {
  while (at < text.length && isSpace(text.charCodeAt(at))) at++;
  return at;
}

function assembleStatement(state: AssemblyState, text: string, column: number): void {
  let at = skipSpaces(text, 0);
  for (let end = labelEnd(text, at); end >= 0; end = labelEnd(text, at)) {
    state.column = column + at;
    let nameEnd = at + 1;
    while (nameEnd < end && (isSymbolPart(text.charCodeAt(nameEnd)))) nameEnd++;
    const name = text.slice(at, nameEnd);
    if (isDigit(text.charCodeAt(at))) state.defineNumericLabel(name);
    else state.defineLabel(name);
    at = skipSpaces(text, end);
  }
  if (at >= text.length) return;
  let mnemonicEnd = at + 1;
  while (mnemonicEnd < text.length && !isSpace(text.charCodeAt(mnemonicEnd))) mnemonicEnd++;
  state.column = column + at;
  const mnemonic = lowerCase(text.slice(at, mnemonicEnd));
  const operandText = mnemonicEnd < text.length ? text.slice(mnemonicEnd).trim() : '';
  if (mnemonic.charCodeAt(0) === 0x2e) {
    runDirective(state, mnemonic, operandText);
    return;
  }
  if (state.fastPaths && state.current.holdsBytes && assembleCommonLine(mnemonic, operandText, state)) return;
  assembleInstructionLine(state, mnemonic, operandText);
}

/** toLowerCase, without a copy when the text is already lower case (the usual spelling). */
function lowerCase(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x41 && c <= 0x5a) || c > 0x7f) return text.toLowerCase();
  }
  return text;
}

function assembleInstructionLine(state: AssemblyState, mnemonic: string, operandText: string): void {
  if (!state.current.holdsBytes) {
    state.error('bad-operand', `instructions cannot go in section ${state.current.name}`);
    return;
  }
  const operands = splitOperandsSafe(operandText);
  const context = state.instructions;
  const sizeBefore = state.current.size;
  const fixupsBefore = state.fixups.length;
  const result = assemblePseudo(mnemonic, operands, context) ?? assembleBaseInstruction(mnemonic, operands, context);
  if (result === undefined) {
    state.error('unknown-instruction', `unknown instruction '${mnemonic}'`);
    return;
  }
  if (!result.ok) {
    // Drop partial output of a multi-instruction expansion, so later offsets stay meaningful.
    state.current.size = sizeBefore;
    state.fixups.length = fixupsBefore;
    const code: AsmErrorCode = /out of range/.test(result.message) ? 'immediate-out-of-range'
      : /not a constant|expression|missing '\)'/.test(result.message) ? 'bad-expression' : 'bad-operand';
    state.error(code, result.message);
  }
}

function splitOperandsSafe(text: string): string[] {
  return text === '' ? [] : splitOperands(text);
}

/**
 * Resolve fixups: patch what this object can, turn the rest into relocations. Returns the
 * symbols the relocations name.
 */
function resolveFixups(state: AssemblyState, relocations: Map<SectionBuilder, Relocation[]>): Set<string> {
  const referenced = new Set<string>();
  // Each auipc's %pcrel_hi fixup, by section and offset, for the %pcrel_lo that names it.
  const hiFixups = new Map<SectionBuilder, Map<number, PendingFixup>>();
  for (const fixup of state.fixups) {
    if (fixup.kind !== 'pcrel-hi20') continue;
    let bySection = hiFixups.get(fixup.section);
    if (!bySection) hiFixups.set(fixup.section, (bySection = new Map()));
    bySection.set(fixup.offset, fixup);
  }
  const relocate = (fixup: PendingFixup, symbol: string, addend: bigint, pairOffset?: number) => {
    let list = relocations.get(fixup.section);
    if (!list) relocations.set(fixup.section, (list = []));
    const relocation: Relocation = { kind: fixup.kind, offset: fixup.offset, line: fixup.line, column: fixup.column, symbol, addend };
    list.push(pairOffset === undefined ? relocation : { ...relocation, pairOffset });
    referenced.add(symbol);
  };
  const patch = (fixup: PendingFixup, value: bigint | number) => {
    const problem = applyRelocation(fixup.section.bytes, fixup.offset, fixup.kind, value);
    if (problem) {
      const code: AsmErrorCode = PC_RELATIVE_KINDS.has(fixup.kind) ? 'branch-out-of-range' : 'immediate-out-of-range';
      state.error(code, problem, fixup.line, fixup.column);
    }
  };
  /** The distance from `place` to a label of the fixup's own section, plus `addend`. */
  const localOffset = (label: LabelDefinition, place: number, addend: bigint) => (addend === 0n ? label.offset - place : BigInt(label.offset - place) + addend);
  for (const fixup of state.fixups) {
    if (!fixup.section.holdsBytes) continue;
    const evaluated = evaluateFixup(state, fixup.expr);
    if (!evaluated.ok) {
      state.error('bad-expression', evaluated.message, fixup.line, fixup.column);
      continue;
    }
    let { symbol, addend } = evaluated.value;
    let place = fixup.offset;
    if (fixup.kind === 'pcrel-lo12-i' || fixup.kind === 'pcrel-lo12-s') {
      // %pcrel_lo(label) names the auipc; the value is that auipc's target (psABI).
      const anchor = symbol ? state.labels.get(symbol) : undefined;
      const hi = anchor && hiFixups.get(anchor.section)?.get(anchor.offset);
      if (!anchor || !hi || addend !== 0n) {
        state.error('bad-relocation', '%pcrel_lo must name the label of an auipc with %pcrel_hi', fixup.line, fixup.column);
        continue;
      }
      const target = evaluateFixup(state, hi.expr);
      if (!target.ok) continue;
      ({ symbol, addend } = target.value);
      place = anchor.offset;
      if (!symbol) {
        state.error('bad-relocation', '%pcrel_hi needs a symbol, not a constant', hi.line, hi.column);
        continue;
      }
      const local = state.labels.get(symbol);
      if (local && local.section === fixup.section) patch(fixup, localOffset(local, place, addend));
      else relocate(fixup, symbol, addend, place);
      continue;
    }
    if (!symbol) {
      if (PC_RELATIVE_KINDS.has(fixup.kind)) {
        state.error('bad-operand', 'a pc-relative target must be a label, not a constant', fixup.line, fixup.column);
      } else patch(fixup, addend);
      continue;
    }
    const local = state.labels.get(symbol);
    if (!local && isAssemblerLocal(symbol)) {
      state.error('undefined-symbol', `undefined label '${displayName(symbol)}'`, fixup.line, fixup.column);
      continue;
    }
    if (PC_RELATIVE_KINDS.has(fixup.kind) && local && local.section === fixup.section) {
      patch(fixup, localOffset(local, place, addend));
      continue;
    }
    relocate(fixup, symbol, addend);
  }
  return referenced;
}

/** A fixup's value; a plain symbol (what nearly every fixup names) without the general evaluator. */
function evaluateFixup(state: AssemblyState, expr: Expr): ReturnType<typeof evaluate> {
  if (expr.k !== 'sym' || state.absolutes.has(expr.name)) return evaluate(expr, state.meaning);
  return { ok: true, value: { symbol: expr.name, addend: 0n } };
}

/**
 * The object's symbols. Assembler-local labels (`.L`) stay only when a relocation names
 * them or a directive gave them a type, size or binding: the linker needs no others.
 */
function buildSymbols(state: AssemblyState, referenced: ReadonlySet<string>): ObjectSymbol[] {
  const symbols: ObjectSymbol[] = [];
  const byOffset = new Map<SectionBuilder, number[]>();
  for (const [name, label] of state.labels) {
    if (isAssemblerLocal(name)) continue;
    const offsets = byOffset.get(label.section) ?? [];
    offsets.push(label.offset);
    byOffset.set(label.section, offsets);
  }
  for (const offsets of byOffset.values()) offsets.sort((a, b) => a - b);
  for (const [name, label] of state.labels) {
    if (!label.section.kind) continue;
    const global = state.globals.has(name);
    if (!global && isAssemblerLocal(name) && !referenced.has(name) && !state.types.has(name) && !state.sizes.has(name)) continue;
    let type = state.types.get(name) ?? 'notype';
    // Untyped: a global in code is a function; any named label in data is an object. Local code
    // labels stay untyped, since they are mostly branch targets inside a function.
    if (type === 'notype' && !state.types.has(name) && !isAssemblerLocal(name)) {
      if (label.section.kind !== 'text') type = 'object';
      else if (global) type = 'function';
    }
    let size: number | undefined;
    const sizeExpr = state.sizes.get(name);
    if (sizeExpr) {
      const value = state.constant(sizeExpr);
      if (value.ok) size = Number(value.value);
      else state.error('bad-expression', `.size of '${name}': ${value.message}`, label.line, 1);
    } else if (type !== 'notype') {
      // No .size given: the symbol runs to the next symbol in its section, or the section end.
      const next = firstAbove(byOffset.get(label.section), label.offset);
      size = (next ?? label.section.size) - label.offset;
    }
    symbols.push({ name, section: label.section.name, value: BigInt(label.offset), global, type, size, line: label.line });
  }
  for (const [name, value] of state.absolutes) {
    symbols.push({ name, value, global: state.globals.has(name), type: 'notype', line: 0 });
  }
  return symbols;
}

export function assemble(text: string, fileName = '<input>'): AssembleResult {
  return assembleText(text, fileName, true);
}

/** Assembly with every line on the general path: the reference the fast paths are tested against. */
export function assembleGeneral(text: string, fileName = '<input>'): AssembleResult {
  return assembleText(text, fileName, false);
}

function assembleText(text: string, fileName: string, fastPaths: boolean): AssembleResult {
  const state = new AssemblyState(fileName, fastPaths);
  const statement = statementAssembler(state);
  if (typeof text === 'string') {
    // Lines end at \n or \r\n, as text.split(/\r?\n/) would cut them.
    let start = 0;
    for (let lineNumber = 1; ; lineNumber++) {
      const newline = text.indexOf('\n', start);
      const end = newline < 0 ? text.length : newline;
      state.line = lineNumber;
      forEachStatement(text.slice(start, newline > start && text.charCodeAt(newline - 1) === 0x0d ? end - 1 : end), statement);
      if (newline < 0) break;
      start = newline + 1;
    }
  }
  return finishObject(state);
}

/** Assembles one statement of text, turning a defect of ours into an error value with its line. */
function statementAssembler(state: AssemblyState): (text: string, column: number) => void {
  return (statementText, column) => {
    try {
      assembleStatement(state, statementText, column);
    } catch (cause) {
      state.error('bad-operand', `internal assembler error: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
  };
}

function finishObject(state: AssemblyState): AssembleResult {
  const relocations = new Map<SectionBuilder, Relocation[]>();
  const referenced = resolveFixups(state, relocations);
  const sections: ObjectSection[] = [];
  for (const builder of state.sections.values()) {
    if (!builder.kind || (builder.size === 0 && builder.name !== '.text')) continue;
    const section = builder.toObjectSection();
    appendAll(section.relocations, relocations.get(builder) ?? []);
    sections.push(section);
  }
  const object: AsmObject = { fileName: state.fileName, sections, symbols: buildSymbols(state, referenced), usesCompressed: state.usesCompressed };
  return { object, errors: state.errors };
}

/**
 * Assembles a program held as values (lines.ts) into the object `assemble(renderLines(lines))`
 * gives, errors and their line numbers included, without building or reading its text. A
 * line is encoded directly when it has a shape the text fast paths take (common-lines.ts)
 * and its operands are in range; any other line is rendered and assembled as text.
 */
export function assembleLines(lines: readonly AsmLine[], fileName = '<input>'): AssembleResult {
  const state = new AssemblyState(fileName, true);
  const statement = statementAssembler(state);
  let lineNumber = 1;
  for (const line of lines) {
    state.line = lineNumber;
    state.column = 1;
    if (!assembleLine(state, line)) {
      for (const row of renderLine(line).split('\n')) {
        forEachStatement(row, statement);
        state.line++;
      }
    }
    lineNumber += renderedLineCount(line);
  }
  return finishObject(state);
}

/** Column of an indented line's first character (the renderer indents by four spaces). */
const INDENTED = 5;

/** One line without its text; false (nothing done) when the line must go through its text instead. */
function assembleLine(state: AssemblyState, line: AsmLine): boolean {
  const section = state.current;
  switch (line.k) {
    case 'op': {
      const form = section.holdsBytes ? commonForm(line.mnemonic) : undefined;
      state.column = INDENTED;
      return form !== undefined && assembleOperation(state, form, line);
    }
    case 'mem': {
      const form = section.holdsBytes ? commonForm(line.mnemonic) : undefined;
      if (!form || (form.shape !== 'LOAD' && form.shape !== 'STORE') || !Number.isInteger(line.offset)) return false;
      const reg = exactRegister(line.reg);
      const base = exactRegister(line.base);
      state.column = INDENTED;
      return reg >= 0 && base >= 0 && emitCommonForm(form, state, reg, base, line.offset);
    }
    case 'label':
      if (!isPlainSymbol(line.name)) return false;
      state.defineLabel(line.name);
      return true;
    case 'section':
      if (!isPlainSymbol(line.name)) return false;
      state.current = state.section(line.name);
      return true;
    case 'globl':
      if (!isPlainSymbol(line.name)) return false;
      state.globals.add(line.name);
      return true;
    case 'function':
      if (!isPlainSymbol(line.name)) return false;
      state.types.set(line.name, 'function');
      return true;
    case 'align':
      if (!Number.isInteger(line.log2) || line.log2 < 0 || line.log2 > 16) return false;
      section.align(2 ** line.log2);
      return true;
    case 'bytes':
      if (!section.holdsBytes) return false;
      section.append(line.bytes);
      return true;
    case 'dword': {
      const value = line.value;
      if (!section.holdsBytes || (typeof value === 'string' ? !isPlainSymbol(value) : typeof value === 'number' && !Number.isSafeInteger(value))) return false;
      state.column = INDENTED;
      emitDataValue(state, 8, typeof value === 'string' ? { k: 'sym', name: value } : { k: 'num', v: BigInt(value) });
      return true;
    }
    case 'zero':
      if (!Number.isInteger(line.count) || line.count < 0 || line.count > 2 ** 28) return false;
      section.fill(line.count);
      return true;
    case 'text':
      return false;
  }
}

/** The largest `li` value the text fast path reads (nine digits); longer ones take the general path. */
const FAST_LI_LIMIT = 999_999_999;
const FAST_LI_LIMIT_BIG = BigInt(FAST_LI_LIMIT);

/** An `op` line in a common shape: its operands as the text fast path would read them. */
function assembleOperation(state: AssemblyState, form: CommonForm, line: Extract<AsmLine, { k: 'op' }>): boolean {
  const { a, b, c } = line;
  const count = a === undefined ? 0 : b === undefined ? 1 : c === undefined ? 2 : 3;
  switch (form.shape) {
    case 'R': {
      const ra = registerOf(a);
      const rb = registerOf(b);
      const rc = registerOf(c);
      return count === 3 && ra >= 0 && rb >= 0 && rc >= 0 && emitCommonForm(form, state, ra, rb, rc);
    }
    case 'I': case 'SHIFT6': case 'SHIFT5': {
      const ra = registerOf(a);
      const rb = registerOf(b);
      const value = integerOf(c);
      return count === 3 && ra >= 0 && rb >= 0 && !Number.isNaN(value) && emitCommonForm(form, state, ra, rb, value);
    }
    case 'li': {
      const ra = registerOf(a);
      const value = integerOf(b);
      return count === 2 && ra >= 0 && !Number.isNaN(value) && emitCommonForm(form, state, ra, 0, value);
    }
    case 'BRANCH': {
      const ra = registerOf(a);
      const rb = registerOf(b);
      const name = symbolOf(c);
      return count === 3 && ra >= 0 && rb >= 0 && name !== undefined && emitCommonForm(form, state, ra, rb, 0, name);
    }
    case 'beqz': case 'bnez': case 'la': {
      const ra = registerOf(a);
      const name = symbolOf(b);
      return count === 2 && ra >= 0 && name !== undefined && emitCommonForm(form, state, ra, 0, 0, name);
    }
    case 'mv': {
      const ra = registerOf(a);
      const rb = registerOf(b);
      return count === 2 && ra >= 0 && rb >= 0 && emitCommonForm(form, state, ra, rb, 0);
    }
    case 'ret': case 'nop':
      return count === 0 && emitCommonForm(form, state, 0, 0, 0);
    case 'j': case 'call': {
      const name = symbolOf(a);
      return count === 1 && name !== undefined && emitCommonForm(form, state, 0, 0, 0, name);
    }
    default:
      return false;
  }
}

function registerOf(operand: Operand | undefined): number {
  return typeof operand === 'string' ? exactRegister(operand) : -1;
}

function symbolOf(operand: Operand | undefined): string | undefined {
  return typeof operand === 'string' && isPlainSymbol(operand) ? operand : undefined;
}

/** An integer the text fast path would read (at most nine digits), or NaN. */
function integerOf(operand: Operand | undefined): number {
  const value = typeof operand === 'bigint' && operand >= -FAST_LI_LIMIT_BIG && operand <= FAST_LI_LIMIT_BIG ? Number(operand) : operand;
  return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= FAST_LI_LIMIT ? value : NaN;
}
