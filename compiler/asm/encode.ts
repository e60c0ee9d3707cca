// Encoding one instruction whose operands are already numbers. Range checks happen here so
// no caller can truncate silently. Field positions: unprivileged spec §2.2-§2.3 (base
// formats), §8.2 (AMO aq/rl), §2.7 (FENCE pred/succ), §9.1 (CSR).

import { fitsSigned, fitsUnsigned, Layout, scatterImmediate } from './bit-fields.js';
import type { Result } from './expression.js';
import { findForm, type InstructionForm } from './opcodes.js';

export interface NumericOperands {
  rd?: number;
  rs1?: number;
  rs2?: number;
  /** Immediate, shift amount, branch/jump offset, or CSR-immediate value. */
  imm?: number;
  csr?: number;
  aq?: boolean;
  rl?: boolean;
  /** FENCE predecessor and successor sets, 4 bits each (i o r w). */
  pred?: number;
  succ?: number;
}

const rd = (n = 0) => (n & 31) << 7;
const rs1 = (n = 0) => (n & 31) << 15;
const rs2 = (n = 0) => (n & 31) << 20;

function rangeError(what: string, value: number, low: number, high: number): Result<number> {
  return { ok: false, message: `${what} ${value} is out of range [${low}, ${high}]` };
}

export function encodeForm(form: InstructionForm, ops: NumericOperands): Result<number> {
  const imm = ops.imm ?? 0;
  const base = form.match | rd(ops.rd);
  let word: number;
  switch (form.format) {
    case 'R':
      word = base | rs1(ops.rs1) | rs2(ops.rs2);
      break;
    case 'I':
    case 'LOAD':
    case 'JALR':
      if (!fitsSigned(imm, 12)) return rangeError('immediate', imm, -2048, 2047);
      word = base | rs1(ops.rs1) | scatterImmediate(imm & 0xfff, Layout.I);
      break;
    case 'SHIFT6':
      if (!fitsUnsigned(imm, 6)) return rangeError('shift amount', imm, 0, 63);
      word = base | rs1(ops.rs1) | (imm << 20);
      break;
    case 'SHIFT5':
      if (!fitsUnsigned(imm, 5)) return rangeError('shift amount', imm, 0, 31);
      word = base | rs1(ops.rs1) | (imm << 20);
      break;
    case 'STORE':
      if (!fitsSigned(imm, 12)) return rangeError('offset', imm, -2048, 2047);
      word = form.match | rs1(ops.rs1) | rs2(ops.rs2) | scatterImmediate(imm & 0xfff, Layout.S);
      break;
    case 'BRANCH':
      if (!fitsSigned(imm, 13)) return rangeError('branch offset', imm, -4096, 4094);
      if (imm & 1) return { ok: false, message: `branch offset ${imm} is odd` };
      word = form.match | rs1(ops.rs1) | rs2(ops.rs2) | scatterImmediate(imm & 0x1fff, Layout.B);
      break;
    case 'U':
      // GNU accepts the 20-bit field as unsigned (0..0xfffff); a negative value means the same bits.
      if (!fitsUnsigned(imm, 20) && !fitsSigned(imm, 20)) return rangeError('immediate', imm, 0, 0xfffff);
      word = base | ((imm & 0xfffff) << 12);
      break;
    case 'JAL':
      if (!fitsSigned(imm, 21)) return rangeError('jump offset', imm, -(2 ** 20), 2 ** 20 - 2);
      if (imm & 1) return { ok: false, message: `jump offset ${imm} is odd` };
      word = base | scatterImmediate(imm & 0x1fffff, Layout.J);
      break;
    case 'AMO':
    case 'LR':
      word = base | rs1(ops.rs1) | rs2(ops.rs2) | (ops.aq ? 1 << 26 : 0) | (ops.rl ? 1 << 25 : 0);
      break;
    case 'CSR':
    case 'CSRI': {
      const csr = ops.csr ?? 0;
      if (!fitsUnsigned(csr, 12)) return rangeError('CSR number', csr, 0, 0xfff);
      if (form.format === 'CSRI' && !fitsUnsigned(imm, 5)) return rangeError('CSR immediate', imm, 0, 31);
      const source = form.format === 'CSR' ? rs1(ops.rs1) : imm << 15;
      word = base | source | (csr << 20);
      break;
    }
    case 'FENCE':
      word = form.match | ((ops.pred ?? 0xf) << 24) | ((ops.succ ?? 0xf) << 20);
      break;
    case 'SFENCE':
      word = form.match | rs1(ops.rs1) | rs2(ops.rs2);
      break;
    case 'NONE':
      word = form.match;
      break;
  }
  return { ok: true, value: word >>> 0 };
}

/** Convenience for code that builds instructions by name (pseudo-instruction expansion, tests). */
export function encodeInstruction(name: string, ops: NumericOperands): Result<number> {
  const form = findForm(name);
  if (!form) return { ok: false, message: `unknown instruction '${name}'` };
  return encodeForm(form, ops);
}

/** FENCE sets are spelled with the letters i, o, r, w (spec §2.7); bit 3 is i, bit 0 is w. */
export function parseFenceSet(text: string): number | undefined {
  const letters = text.trim().toLowerCase();
  if (!/^[iorw]+$/.test(letters)) return undefined;
  let set = 0;
  for (const letter of letters) set |= 1 << (3 - 'iorw'.indexOf(letter));
  return set;
}

export function fenceSetName(set: number): string {
  return [...'iorw'].filter((_, i) => set & (1 << (3 - i))).join('') || '0';
}
