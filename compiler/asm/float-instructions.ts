// Assembling the F and D extensions in GNU as syntax: loads and stores, every OP-FP and
// fused multiply-add form of runtime/riscv/float-opcodes.ts with an optional rounding-mode
// operand, the compressed double loads and stores (RVC spec §16.3-§16.4; RV64 has no
// single-precision ones), and the float pseudo-instructions of the assembly manual
// (fmv/fneg/fabs, frcsr/fscsr/frrm/fsrm/frflags/fsflags).

import { Layout, scatterImmediate } from './bit-fields.js';
import { encodeForm } from './encode.js';
import type { Result } from './expression.js';
import { parseFloatRegister } from './float-registers.js';
import { immediateField, type InstructionContext } from './instructions.js';
import { findForm } from './opcodes.js';
import { expectRegister, parseImmediate, parseMemory } from './operands.js';
import { isCompressedRegister } from './registers.js';
import { Csr } from '../../runtime/riscv/csr.js';
import { FLOAT_FORMS, LOAD_FP_FUNCT3, RM_DYN, ROUNDING_MODES, STORE_FP_FUNCT3, type FloatForm } from '../../runtime/riscv/float-opcodes.js';
import { Opcode } from '../../runtime/riscv/opcodes.js';

const OK: Result<void> = { ok: true, value: undefined };
const fail = (message: string): Result<never> => ({ ok: false, message });

const formByName = new Map(FLOAT_FORMS.map((form) => [form.name, form]));

/** Conversions that are always exact: GNU as gives them rm = rne and takes no rounding operand. */
export const EXACT_CONVERSIONS: ReadonlySet<string> = new Set(['fcvt.d.w', 'fcvt.d.wu', 'fcvt.d.s']);

function floatRegister(text: string | undefined): Result<number> {
  const reg = text === undefined ? undefined : parseFloatRegister(text);
  return reg === undefined ? fail(`expected a float register (f0-f31, ft0-ft11, fs0-fs11, fa0-fa7), found '${text ?? ''}'`) : { ok: true, value: reg };
}

function roundingMode(text: string): Result<number> {
  const rm = ROUNDING_MODES.indexOf(text.trim().toLowerCase() as (typeof ROUNDING_MODES)[number]);
  return rm < 0 ? fail(`unknown rounding mode '${text}' (rne, rtz, rdn, rup, rmm, dyn)`) : { ok: true, value: rm };
}

/** A word from a form and its register fields (rd bits 11:7, rs1 19:15, rs2 24:20, rs3 31:27). */
function formWord(form: FloatForm, regs: number[], rm: number): number {
  const [rd = 0, rs1 = 0, rs2 = 0, rs3 = 0] = regs;
  const fields = (rd << 7) | (rs1 << 15) | (form.operands === 'ff' || form.operands === 'xf' || form.operands === 'fx' ? 0 : rs2 << 20) | (rs3 << 27);
  return (form.match | fields | (form.rounding ? rm << 12 : 0)) >>> 0;
}

function assembleForm(form: FloatForm, operands: string[], context: InstructionContext): Result<void> {
  const kinds = [...form.operands];
  const takesRm = form.rounding && !EXACT_CONVERSIONS.has(form.name);
  const counts = takesRm ? [kinds.length, kinds.length + 1] : [kinds.length];
  if (!counts.includes(operands.length)) return fail(`'${form.name}' takes ${counts.join(' or ')} operands, found ${operands.length}`);
  const regs: number[] = [];
  for (let k = 0; k < kinds.length; k++) {
    const reg = kinds[k] === 'f' ? floatRegister(operands[k]) : expectRegister(operands[k]!);
    if (!reg.ok) return reg;
    regs.push(reg.value);
  }
  let rm = EXACT_CONVERSIONS.has(form.name) ? 0 : RM_DYN;
  if (operands.length > kinds.length) {
    const parsed = roundingMode(operands[kinds.length]!);
    if (!parsed.ok) return parsed;
    rm = parsed.value;
  }
  context.emit32(formWord(form, regs, rm));
  return OK;
}

function assembleLoadStore(mnemonic: 'flw' | 'fld' | 'fsw' | 'fsd', operands: string[], context: InstructionContext): Result<void> {
  if (operands.length !== 2) return fail(`'${mnemonic}' takes 2 operands, found ${operands.length}`);
  const reg = floatRegister(operands[0]);
  if (!reg.ok) return reg;
  const memory = parseMemory(operands[1]!, context);
  if (!memory.ok) return memory;
  const load = mnemonic === 'flw' || mnemonic === 'fld';
  // Same field layout as the integer lw/ld and sw/sd (§11.5): reuse their encoders and fixups.
  const twin = findForm({ flw: 'lw', fld: 'ld', fsw: 'sw', fsd: 'sd' }[mnemonic])!;
  const field = immediateField(memory.value.offset, load ? 'I' : 'S', context);
  if (!field.ok) return field;
  const ops = load ? { rd: reg.value, rs1: memory.value.base, imm: field.value.value } : { rs2: reg.value, rs1: memory.value.base, imm: field.value.value };
  const word = encodeForm(twin, ops);
  if (!word.ok) return word;
  const funct3 = load ? LOAD_FP_FUNCT3[mnemonic as 'flw' | 'fld'] : STORE_FP_FUNCT3[mnemonic as 'fsw' | 'fsd'];
  const opcode = load ? Opcode.LOAD_FP : Opcode.STORE_FP;
  context.emit32(((word.value & ~0x707f) | (funct3 << 12) | opcode) >>> 0, field.value.fixup);
  return OK;
}

/** c.fld/c.fsd (x8-x15 base, f8-f15 data) and c.fldsp/c.fsdsp, offsets scaled by 8. */
const COMPRESSED_FLOAT = {
  'c.fld': { match: 0x2000, sp: false, load: true, layout: Layout.C_LD, bits: 8 },
  'c.fsd': { match: 0xa000, sp: false, load: false, layout: Layout.C_LD, bits: 8 },
  'c.fldsp': { match: 0x2002, sp: true, load: true, layout: Layout.C_LDSP, bits: 9 },
  'c.fsdsp': { match: 0xa002, sp: true, load: false, layout: Layout.C_SDSP, bits: 9 },
} as const;

function assembleCompressedFloat(mnemonic: keyof typeof COMPRESSED_FLOAT, operands: string[], context: InstructionContext): Result<void> {
  const form = COMPRESSED_FLOAT[mnemonic];
  if (operands.length !== 2) return fail(`'${mnemonic}' takes 2 operands, found ${operands.length}`);
  const reg = floatRegister(operands[0]);
  if (!reg.ok) return reg;
  if (!form.sp && !isCompressedRegister(reg.value)) return fail(`${mnemonic} needs a register from f8-f15 (fs0-fs1, fa0-fa5), found '${operands[0]}'`);
  const memory = parseMemory(operands[1]!, context);
  if (!memory.ok) return memory;
  const base = memory.value.base;
  if (form.sp ? base !== 2 : !isCompressedRegister(base)) return fail(`${mnemonic} cannot address through '${operands[1]}'`);
  const offset = context.constant(memory.value.offset.expr);
  if (!offset.ok || memory.value.offset.operator) return fail(`${mnemonic} takes a constant offset`);
  const imm = Number(offset.value);
  const high = 2 ** form.bits - 8;
  if (imm < 0 || imm > high) return fail(`${mnemonic} immediate ${imm} is out of range [0, ${high}]`);
  if (imm % 8 !== 0) return fail(`${mnemonic} immediate ${imm} must be a multiple of 8`);
  let regs: number;
  if (form.sp) regs = form.load ? reg.value << 7 : reg.value << 2;
  else regs = ((base & 7) << 7) | ((reg.value & 7) << 2);
  context.emit16((form.match | regs | scatterImmediate(imm, form.layout)) & 0xffff);
  return OK;
}

/** fmv/fneg/fabs.{s,d} rd, rs are fsgnj/fsgnjn/fsgnjx.{s,d} rd, rs, rs. */
const SIGN_PSEUDOS: Record<string, string> = { fmv: 'fsgnj', fneg: 'fsgnjn', fabs: 'fsgnjx' };
/** Float CSR pseudos (assembly manual): the CSR, and what the write takes (nothing, a register, an immediate). */
const CSR_PSEUDOS: Record<string, { csr: number; write: 'none' | 'reg' | 'imm' }> = {
  frcsr: { csr: Csr.FCSR, write: 'none' }, fscsr: { csr: Csr.FCSR, write: 'reg' },
  frrm: { csr: Csr.FRM, write: 'none' }, fsrm: { csr: Csr.FRM, write: 'reg' }, fsrmi: { csr: Csr.FRM, write: 'imm' },
  frflags: { csr: Csr.FFLAGS, write: 'none' }, fsflags: { csr: Csr.FFLAGS, write: 'reg' }, fsflagsi: { csr: Csr.FFLAGS, write: 'imm' },
};

function assembleCsrPseudo(mnemonic: string, operands: string[], context: InstructionContext): Result<void> {
  const pseudo = CSR_PSEUDOS[mnemonic]!;
  // frcsr rd | fscsr [rd,] rs | fsrmi [rd,] imm
  const counts = pseudo.write === 'none' ? [1] : [1, 2];
  if (!counts.includes(operands.length)) return fail(`'${mnemonic}' takes ${counts.join(' or ')} operands, found ${operands.length}`);
  const rd = pseudo.write === 'none' || operands.length === 2 ? expectRegister(operands[0]!) : { ok: true as const, value: 0 };
  if (!rd.ok) return rd;
  const last = operands.at(-1)!;
  if (pseudo.write === 'none') return emitCsr('csrrs', { rd: rd.value, csr: pseudo.csr, rs1: 0 }, context);
  if (pseudo.write === 'reg') {
    const rs1 = expectRegister(last);
    if (!rs1.ok) return rs1;
    return emitCsr('csrrw', { rd: rd.value, csr: pseudo.csr, rs1: rs1.value }, context);
  }
  const imm = parseImmediate(last, context);
  if (!imm.ok) return imm;
  const value = context.constant(imm.value.expr);
  if (!value.ok || imm.value.operator) return fail(`${mnemonic} takes a constant immediate`);
  return emitCsr('csrrwi', { rd: rd.value, csr: pseudo.csr, imm: Number(value.value) }, context);
}

function emitCsr(name: string, ops: { rd: number; csr: number; rs1?: number; imm?: number }, context: InstructionContext): Result<void> {
  const word = encodeForm(findForm(name)!, ops);
  if (!word.ok) return word;
  context.emit32(word.value);
  return OK;
}

/** Assemble an F/D instruction or pseudo-instruction; undefined when the mnemonic is not one. */
export function assembleFloatInstruction(mnemonic: string, operands: string[], context: InstructionContext): Result<void> | undefined {
  const form = formByName.get(mnemonic);
  if (form) return assembleForm(form, operands, context);
  if (mnemonic === 'flw' || mnemonic === 'fld' || mnemonic === 'fsw' || mnemonic === 'fsd') return assembleLoadStore(mnemonic, operands, context);
  if (mnemonic in COMPRESSED_FLOAT) return assembleCompressedFloat(mnemonic as keyof typeof COMPRESSED_FLOAT, operands, context);
  if (mnemonic in CSR_PSEUDOS) return assembleCsrPseudo(mnemonic, operands, context);
  const sign = /^(fmv|fneg|fabs)\.([sd])$/.exec(mnemonic);
  if (sign) {
    if (operands.length !== 2) return fail(`'${mnemonic}' takes 2 operands, found ${operands.length}`);
    const base = formByName.get(`${SIGN_PSEUDOS[sign[1]!]}.${sign[2]}`)!;
    return assembleForm(base, [operands[0]!, operands[1]!, operands[1]!], context);
  }
  return undefined;
}
