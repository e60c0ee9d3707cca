// Encodings of the F and D extensions (unprivileged spec v20191213 ch. 11-12, table 24.2
// "RV32F/RV64F/RV32D/RV64D"): loads and stores, the fused multiply-adds (R4 type) and the
// OP-FP operations, with each form's fixed bits as a match/mask pair. Bits 26:25 (OP-FP
// funct7 low bits, R4 fmt) are the format: 0 single, 1 double.

import { Opcode } from './opcodes.js';

/** Operand kinds: f = float register, x = integer register, in rd, rs1, rs2 (rs3) order. */
export type FloatOperands = 'fff' | 'ff' | 'xff' | 'xf' | 'fx' | 'ffff';

export interface FloatForm {
  readonly name: string;
  readonly match: number;
  readonly mask: number;
  readonly operands: FloatOperands;
  /** Has a rounding-mode field in funct3 (otherwise funct3 is part of the match). */
  readonly rounding: boolean;
  /** The fmt field: the format of the operands (of the result for fcvt.s.d and fcvt.d.s). */
  readonly fmt: 's' | 'd';
}

export const LOAD_FP_FUNCT3 = { flw: 2, fld: 3 } as const;
export const STORE_FP_FUNCT3 = { fsw: 2, fsd: 3 } as const;

/** Rounding-mode field values (§11.2, table 11.1) and their assembler spellings. */
export const ROUNDING_MODES = ['rne', 'rtz', 'rdn', 'rup', 'rmm', undefined, undefined, 'dyn'] as const;
export const RM_DYN = 7;

const OPCODE_FUNCT3_FUNCT7 = 0xfe00707f;
const OPCODE_FUNCT7 = 0xfe00007f;
const FIXED_RS2 = 0x01f00000;
const forms: FloatForm[] = [];

function opFp(name: string, fmt: 's' | 'd', funct5: number, operands: FloatOperands, funct3: number | 'rm', rs2?: number): void {
  const funct7 = (funct5 << 2) | (fmt === 'd' ? 1 : 0);
  const rounding = funct3 === 'rm';
  let match = Opcode.OP_FP | (funct7 << 25) | (rounding ? 0 : (funct3 as number) << 12);
  let mask = rounding ? OPCODE_FUNCT7 : OPCODE_FUNCT3_FUNCT7;
  if (rs2 !== undefined) {
    match |= rs2 << 20;
    mask |= FIXED_RS2;
  }
  forms.push({ name, match: match >>> 0, mask: mask >>> 0, operands, rounding, fmt });
}

for (const fmt of ['s', 'd'] as const) {
  const x = fmt === 's' ? 'w' : 'd'; // fmv.x.w / fmv.x.d
  const fused: [string, number][] = [['fmadd', Opcode.MADD], ['fmsub', Opcode.MSUB], ['fnmsub', Opcode.NMSUB], ['fnmadd', Opcode.NMADD]];
  for (const [base, opcode] of fused) {
    forms.push({ name: `${base}.${fmt}`, match: opcode | ((fmt === 'd' ? 1 : 0) << 25), mask: 0x0600007f, operands: 'ffff', rounding: true, fmt });
  }
  opFp(`fadd.${fmt}`, fmt, 0x00, 'fff', 'rm');
  opFp(`fsub.${fmt}`, fmt, 0x01, 'fff', 'rm');
  opFp(`fmul.${fmt}`, fmt, 0x02, 'fff', 'rm');
  opFp(`fdiv.${fmt}`, fmt, 0x03, 'fff', 'rm');
  opFp(`fsqrt.${fmt}`, fmt, 0x0b, 'ff', 'rm', 0);
  opFp(`fsgnj.${fmt}`, fmt, 0x04, 'fff', 0);
  opFp(`fsgnjn.${fmt}`, fmt, 0x04, 'fff', 1);
  opFp(`fsgnjx.${fmt}`, fmt, 0x04, 'fff', 2);
  opFp(`fmin.${fmt}`, fmt, 0x05, 'fff', 0);
  opFp(`fmax.${fmt}`, fmt, 0x05, 'fff', 1);
  opFp(`feq.${fmt}`, fmt, 0x14, 'xff', 2);
  opFp(`flt.${fmt}`, fmt, 0x14, 'xff', 1);
  opFp(`fle.${fmt}`, fmt, 0x14, 'xff', 0);
  ['w', 'wu', 'l', 'lu'].forEach((int, rs2) => {
    opFp(`fcvt.${int}.${fmt}`, fmt, 0x18, 'xf', 'rm', rs2);
    opFp(`fcvt.${fmt}.${int}`, fmt, 0x1a, 'fx', 'rm', rs2);
  });
  opFp(`fmv.x.${x}`, fmt, 0x1c, 'xf', 0, 0);
  opFp(`fclass.${fmt}`, fmt, 0x1c, 'xf', 1, 0);
  opFp(`fmv.${x}.x`, fmt, 0x1e, 'fx', 0, 0);
}
// Conversions between the formats: funct5 0x08, fmt = the destination, rs2 = the source format.
opFp('fcvt.s.d', 's', 0x08, 'ff', 'rm', 1);
opFp('fcvt.d.s', 'd', 0x08, 'ff', 'rm', 0);

export const FLOAT_FORMS: readonly FloatForm[] = forms;

/** The F/D form a word encodes (loads and stores excepted), or undefined. */
export function decodeFloatForm(word: number): FloatForm | undefined {
  for (const form of forms) if (((word & form.mask) >>> 0) === form.match) return form;
  return undefined;
}
