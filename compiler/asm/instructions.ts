// Assembling one machine instruction (a base form or an explicit `c.` form) from its written
// operands. Operand order and spelling follow GNU as for RISC-V; symbolic parts become
// fixups that the assembler resolves or turns into relocations.

import { findCompressedForm, encodeCompressed, type CompressedFields, type CompressedForm } from './compressed.js';
import { encodeForm, parseFenceSet, type NumericOperands } from './encode.js';
import type { Expr, ParseContext, Result } from './expression.js';
import type { RelocationKind } from './object.js';
import { findForm, splitOrderingSuffix, type InstructionForm } from './opcodes.js';
import { expectRegister, parseImmediate, parseMemory, type ImmediateOperand } from './operands.js';
import { csrNumber } from '../../runtime/riscv/csr.js';
import { isCompressedRegister } from './registers.js';
import { assembleFloatInstruction } from './float-instructions.js';

export interface Fixup {
  readonly kind: RelocationKind;
  readonly expr: Expr;
}

/** What instruction assembly needs from the assembler. */
export interface InstructionContext extends ParseContext {
  emit32(word: number, fixup?: Fixup): void;
  emit16(half: number, fixup?: Fixup): void;
  /** Evaluate now; the result must not depend on a relocatable symbol. */
  constant(expr: Expr): Result<bigint>;
}

const fail = (message: string): Result<never> => ({ ok: false, message });
const OK: Result<void> = { ok: true, value: undefined };

type FieldRole = 'I' | 'S' | 'U';

const INT64_MIN = -(2n ** 63n);
const UINT64_LIMIT = 2n ** 64n;

const OPERATOR_KIND: Record<string, Partial<Record<FieldRole, RelocationKind>>> = {
  hi: { U: 'hi20' },
  pcrel_hi: { U: 'pcrel-hi20' },
  lo: { I: 'lo12-i', S: 'lo12-s' },
  pcrel_lo: { I: 'pcrel-lo12-i', S: 'pcrel-lo12-s' },
};

/** Resolve an immediate to a field value now, or to zero plus a fixup. */
export function immediateField(
  operand: ImmediateOperand,
  role: FieldRole,
  context: InstructionContext,
): Result<{ value: number; fixup?: Fixup }> {
  if (!operand.operator) {
    const value = context.constant(operand.expr);
    if (!value.ok) return value;
    if (value.value < INT64_MIN || value.value >= UINT64_LIMIT) return fail(`immediate ${value.value} does not fit 64 bits`);
    return { ok: true, value: { value: Number(BigInt.asIntN(64, value.value)) } };
  }
  const kind = OPERATOR_KIND[operand.operator]![role];
  if (!kind) return fail(`%${operand.operator} cannot be used in this operand`);
  if (operand.operator === 'hi' || operand.operator === 'lo') {
    const value = context.constant(operand.expr);
    if (value.ok) {
      const v = value.value;
      const field = operand.operator === 'hi' ? Number(BigInt.asIntN(20, (v + 0x800n) >> 12n)) : Number(BigInt.asIntN(12, v));
      return { ok: true, value: { value: field } };
    }
  }
  return { ok: true, value: { value: 0, fixup: { kind, expr: operand.expr } } };
}

function register(text: string | undefined): Result<number> {
  return text === undefined ? fail('missing register operand') : expectRegister(text);
}

function needOperands(operands: string[], counts: number[], mnemonic: string): Result<void> {
  if (counts.includes(operands.length)) return OK;
  return fail(`'${mnemonic}' takes ${counts.join(' or ')} operand${counts.at(-1) === 1 ? '' : 's'}, found ${operands.length}`);
}

function emitForm(form: InstructionForm, ops: NumericOperands, context: InstructionContext, fixup?: Fixup): Result<void> {
  const word = encodeForm(form, ops);
  if (!word.ok) return word;
  context.emit32(word.value, fixup);
  return OK;
}

/** Assemble a base (non-pseudo) form; returns undefined when the mnemonic is not one. */
export function assembleBaseInstruction(
  mnemonic: string,
  operands: string[],
  context: InstructionContext,
): Result<void> | undefined {
  const float = assembleFloatInstruction(mnemonic, operands, context);
  if (float) return float;
  if (mnemonic.startsWith('c.')) {
    const compressed = findCompressedForm(mnemonic);
    return compressed ? assembleCompressed(compressed, operands, context) : undefined;
  }
  const { base, aq, rl } = splitOrderingSuffix(mnemonic);
  const form = findForm(base);
  if (!form) return undefined;
  const r = (i: number) => register(operands[i]);
  switch (form.format) {
    case 'R':
    case 'SFENCE': {
      if (form.format === 'SFENCE') {
        const count = needOperands(operands, [0, 1, 2], mnemonic);
        if (!count.ok) return count;
        const rs1 = operands.length > 0 ? r(0) : { ok: true as const, value: 0 };
        const rs2 = operands.length > 1 ? r(1) : { ok: true as const, value: 0 };
        if (!rs1.ok) return rs1;
        if (!rs2.ok) return rs2;
        return emitForm(form, { rs1: rs1.value, rs2: rs2.value }, context);
      }
      const count = needOperands(operands, [3], mnemonic);
      if (!count.ok) return count;
      const [rd, rs1, rs2] = [r(0), r(1), r(2)];
      if (!rd.ok) return rd;
      if (!rs1.ok) return rs1;
      if (!rs2.ok) return rs2;
      return emitForm(form, { rd: rd.value, rs1: rs1.value, rs2: rs2.value }, context);
    }
    case 'I':
    case 'SHIFT6':
    case 'SHIFT5': {
      const count = needOperands(operands, [3], mnemonic);
      if (!count.ok) return count;
      const [rd, rs1] = [r(0), r(1)];
      if (!rd.ok) return rd;
      if (!rs1.ok) return rs1;
      const imm = parseImmediate(operands[2]!, context);
      if (!imm.ok) return imm;
      const field = immediateField(imm.value, 'I', context);
      if (!field.ok) return field;
      if (field.value.fixup && form.format !== 'I') return fail('a shift amount must be a constant');
      return emitForm(form, { rd: rd.value, rs1: rs1.value, imm: field.value.value }, context, field.value.fixup);
    }
    case 'LOAD':
    case 'JALR': {
      if (form.format === 'JALR') return assembleJalr(form, operands, context);
      const count = needOperands(operands, [2], mnemonic);
      if (!count.ok) return count;
      const rd = r(0);
      if (!rd.ok) return rd;
      const memory = parseMemory(operands[1]!, context);
      if (!memory.ok) return memory;
      const field = immediateField(memory.value.offset, 'I', context);
      if (!field.ok) return field;
      return emitForm(form, { rd: rd.value, rs1: memory.value.base, imm: field.value.value }, context, field.value.fixup);
    }
    case 'STORE': {
      const count = needOperands(operands, [2], mnemonic);
      if (!count.ok) return count;
      const rs2 = r(0);
      if (!rs2.ok) return rs2;
      const memory = parseMemory(operands[1]!, context);
      if (!memory.ok) return memory;
      const field = immediateField(memory.value.offset, 'S', context);
      if (!field.ok) return field;
      return emitForm(form, { rs2: rs2.value, rs1: memory.value.base, imm: field.value.value }, context, field.value.fixup);
    }
    case 'BRANCH': {
      const count = needOperands(operands, [3], mnemonic);
      if (!count.ok) return count;
      const [rs1, rs2] = [r(0), r(1)];
      if (!rs1.ok) return rs1;
      if (!rs2.ok) return rs2;
      const target = branchTarget(operands[2]!, 'branch', context);
      if (!target.ok) return target;
      return emitForm(form, { rs1: rs1.value, rs2: rs2.value, imm: 0 }, context, target.value);
    }
    case 'U': {
      const count = needOperands(operands, [2], mnemonic);
      if (!count.ok) return count;
      const rd = r(0);
      if (!rd.ok) return rd;
      const imm = parseImmediate(operands[1]!, context);
      if (!imm.ok) return imm;
      const field = immediateField(imm.value, 'U', context);
      if (!field.ok) return field;
      return emitForm(form, { rd: rd.value, imm: field.value.value }, context, field.value.fixup);
    }
    case 'JAL': {
      // `jal target` links through ra (GNU alias).
      const count = needOperands(operands, [1, 2], mnemonic);
      if (!count.ok) return count;
      const rd = operands.length === 2 ? r(0) : { ok: true as const, value: 1 };
      if (!rd.ok) return rd;
      const target = branchTarget(operands.at(-1)!, 'jal', context);
      if (!target.ok) return target;
      return emitForm(form, { rd: rd.value, imm: 0 }, context, target.value);
    }
    case 'AMO':
    case 'LR': {
      const wanted = form.format === 'LR' ? 2 : 3;
      const count = needOperands(operands, [wanted], mnemonic);
      if (!count.ok) return count;
      const rd = r(0);
      if (!rd.ok) return rd;
      const rs2 = form.format === 'LR' ? { ok: true as const, value: 0 } : r(1);
      if (!rs2.ok) return rs2;
      const address = parseMemory(operands[wanted - 1]!, context);
      if (!address.ok) return address;
      const offset = context.constant(address.value.offset.expr);
      if (address.value.offset.operator || !offset.ok || offset.value !== 0n) return fail('atomic memory operands take no offset: write (reg) or 0(reg)');
      return emitForm(form, { rd: rd.value, rs1: address.value.base, rs2: rs2.value, aq, rl }, context);
    }
    case 'CSR':
    case 'CSRI': {
      const count = needOperands(operands, [3], mnemonic);
      if (!count.ok) return count;
      const rd = r(0);
      if (!rd.ok) return rd;
      const csr = csrOperand(operands[1]!, context);
      if (!csr.ok) return csr;
      if (form.format === 'CSR') {
        const rs1 = r(2);
        if (!rs1.ok) return rs1;
        return emitForm(form, { rd: rd.value, csr: csr.value, rs1: rs1.value }, context);
      }
      const imm = context.constant(parseImmediateExpr(operands[2]!, context));
      if (!imm.ok) return imm;
      return emitForm(form, { rd: rd.value, csr: csr.value, imm: Number(imm.value) }, context);
    }
    case 'FENCE': {
      const count = needOperands(operands, [0, 2], mnemonic);
      if (!count.ok) return count;
      if (operands.length === 0) return emitForm(form, {}, context);
      const pred = parseFenceSet(operands[0]!);
      const succ = parseFenceSet(operands[1]!);
      if (pred === undefined || succ === undefined) return fail(`fence sets are letters from 'iorw', found '${operands.join(',')}'`);
      return emitForm(form, { pred, succ }, context);
    }
    case 'NONE': {
      const count = needOperands(operands, [0], mnemonic);
      if (!count.ok) return count;
      return emitForm(form, {}, context);
    }
  }
}

function parseImmediateExpr(text: string, context: InstructionContext): Expr {
  const parsed = parseImmediate(text, context);
  return parsed.ok && !parsed.value.operator ? parsed.value.expr : { k: 'sym', name: `(${text})` };
}

export function csrOperand(text: string, context: InstructionContext): Result<number> {
  const named = csrNumber(text.trim());
  if (named !== undefined) return { ok: true, value: named };
  const parsed = parseImmediate(text, context);
  if (!parsed.ok || parsed.value.operator) return fail(`unknown CSR '${text}'`);
  const value = context.constant(parsed.value.expr);
  if (!value.ok || value.value < 0n || value.value > 0xfffn) return fail(`unknown CSR '${text}'`);
  return { ok: true, value: Number(value.value) };
}

export function branchTarget(text: string, kind: RelocationKind, context: InstructionContext): Result<Fixup> {
  const target = parseImmediate(text, context);
  if (!target.ok) return target;
  if (target.value.operator) return fail(`a branch target cannot use %${target.value.operator}`);
  return { ok: true, value: { kind, expr: target.value.expr } };
}

/** `jalr rs`, `jalr rd, rs`, `jalr rd, off(rs)` and `jalr rd, rs, off` are all GNU spellings. */
function assembleJalr(form: InstructionForm, operands: string[], context: InstructionContext): Result<void> {
  const count = needOperands(operands, [1, 2, 3], 'jalr');
  if (!count.ok) return count;
  if (operands.length === 1) {
    const memory = /\(/.test(operands[0]!) ? parseMemory(operands[0]!, context) : undefined;
    if (memory && !memory.ok) return memory;
    const rs1 = memory ? { ok: true as const, value: memory.value.base } : register(operands[0]);
    if (!rs1.ok) return rs1;
    const field = memory ? immediateField(memory.value.offset, 'I', context) : { ok: true as const, value: { value: 0 } };
    if (!field.ok) return field;
    return emitForm(form, { rd: 1, rs1: rs1.value, imm: field.value.value }, context, field.value.fixup);
  }
  const rd = register(operands[0]);
  if (!rd.ok) return rd;
  let base: number;
  let offset: ImmediateOperand = { expr: { k: 'num', v: 0n } };
  if (operands.length === 2 && /\(/.test(operands[1]!)) {
    const memory = parseMemory(operands[1]!, context);
    if (!memory.ok) return memory;
    base = memory.value.base;
    offset = memory.value.offset;
  } else {
    const rs1 = register(operands[1]);
    if (!rs1.ok) return rs1;
    base = rs1.value;
    if (operands.length === 3) {
      const imm = parseImmediate(operands[2]!, context);
      if (!imm.ok) return imm;
      offset = imm.value;
    }
  }
  const field = immediateField(offset, 'I', context);
  if (!field.ok) return field;
  return emitForm(form, { rd: rd.value, rs1: base, imm: field.value.value }, context, field.value.fixup);
}

function assembleCompressed(form: CompressedForm, operands: string[], context: InstructionContext): Result<void> {
  const count = needOperands(operands, [form.operands.length], form.name);
  if (!count.ok) return count;
  const fields: CompressedFields = { rd: 0, rs1: 0, rs2: 0, imm: 0 };
  let fixup: Fixup | undefined;
  for (let i = 0; i < form.operands.length; i++) {
    const kind = form.operands[i]!;
    const text = operands[i]!;
    switch (kind) {
      case 'rd': case 'rs1': case 'rs2': case 'rdp': case 'rs1p': case 'rs2p': case 'sp': {
        const reg = register(text);
        if (!reg.ok) return reg;
        if (kind === 'sp') {
          if (reg.value !== 2) return fail(`${form.name} requires sp here, found '${text}'`);
          break;
        }
        if (kind.endsWith('p') && !isCompressedRegister(reg.value)) return fail(`${form.name} needs a register from x8-x15 (s0-s1, a0-a5), found '${text}'`);
        fields[kind.replace(/p$/, '') as 'rd' | 'rs1' | 'rs2'] = reg.value;
        break;
      }
      case 'imm': {
        const imm = parseImmediate(text, context);
        if (!imm.ok) return imm;
        if (imm.value.operator) return fail(`${form.name} takes a constant immediate`);
        const value = context.constant(imm.value.expr);
        if (!value.ok) return value;
        fields.imm = Number(value.value);
        break;
      }
      case 'mem-rs1p': case 'mem-sp': {
        const memory = parseMemory(text, context);
        if (!memory.ok) return memory;
        const base = memory.value.base;
        if (kind === 'mem-sp' ? base !== 2 : !isCompressedRegister(base)) return fail(`${form.name} cannot address through '${text}'`);
        fields.rs1 = base;
        const offset = context.constant(memory.value.offset.expr);
        if (!offset.ok || memory.value.offset.operator) return fail(`${form.name} takes a constant offset`);
        fields.imm = Number(offset.value);
        break;
      }
      case 'target': {
        const target = branchTarget(text, form.name === 'c.j' ? 'rvc-jump' : 'rvc-branch', context);
        if (!target.ok) return target;
        fixup = target.value;
        break;
      }
    }
  }
  const half = encodeCompressed(form, fields);
  if (!half.ok) return half;
  context.emit16(half.value, fixup);
  return OK;
}
