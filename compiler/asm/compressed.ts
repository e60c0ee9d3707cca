// The RV64C compressed instructions (unprivileged spec ch. 16, "C" Standard Extension, version
// 2.0), both ways: encoding an explicit `c.` mnemonic, and expanding a 16-bit parcel into the
// 32-bit instruction it stands for (§16.8 table of expansions), which the disassembler prints.
// The compressed double loads and stores (c.fld, c.fsd, c.fldsp, c.fsdsp) are in
// float-instructions.ts and float-disasm.ts.

import { gatherImmediate, Layout, scatterImmediate, signExtend, type ImmediateLayout } from './bit-fields.js';
import { encodeInstruction, type NumericOperands } from './encode.js';
import type { Result } from './expression.js';

/** Operand spellings: full registers, x8-x15 "prime" registers, sp, immediates, memory. */
export type CompressedOperand = 'rd' | 'rs1' | 'rs2' | 'rdp' | 'rs1p' | 'rs2p' | 'sp' | 'imm' | 'mem-rs1p' | 'mem-sp' | 'target';

interface ImmediateSpec {
  readonly layout: ImmediateLayout;
  readonly bits: number;
  readonly signed: boolean;
  readonly scale: number;
  readonly nonzero?: boolean;
}

export interface CompressedForm {
  readonly name: string;
  readonly match: number;
  readonly mask: number;
  readonly operands: readonly CompressedOperand[];
  readonly imm?: ImmediateSpec;
  /** Registers that must not be x0 (reserved or HINT encodings otherwise). */
  readonly nonzeroRegisters?: readonly ('rd' | 'rs1' | 'rs2')[];
  readonly expand: (f: CompressedFields) => { name: string; ops: NumericOperands };
}

/** Register numbers and immediate of one compressed instruction. */
export interface CompressedFields {
  rd: number;
  rs1: number;
  rs2: number;
  imm: number;
}

const unsignedScaled = (layout: ImmediateLayout, bits: number, scale: number, nonzero = false): ImmediateSpec =>
  ({ layout, bits, signed: false, scale, nonzero });
const signed = (layout: ImmediateLayout, bits: number, scale = 1, nonzero = false): ImmediateSpec =>
  ({ layout, bits, signed: true, scale, nonzero });

const SP = 2;
const RA = 1;

export const COMPRESSED_FORMS: readonly CompressedForm[] = [
  // Quadrant 0
  { name: 'c.addi4spn', match: 0x0000, mask: 0xe003, operands: ['rdp', 'sp', 'imm'], imm: unsignedScaled(Layout.C_ADDI4SPN, 10, 4, true),
    expand: (f) => ({ name: 'addi', ops: { rd: f.rd, rs1: SP, imm: f.imm } }) },
  { name: 'c.lw', match: 0x4000, mask: 0xe003, operands: ['rdp', 'mem-rs1p'], imm: unsignedScaled(Layout.C_LW, 7, 4),
    expand: (f) => ({ name: 'lw', ops: { rd: f.rd, rs1: f.rs1, imm: f.imm } }) },
  { name: 'c.ld', match: 0x6000, mask: 0xe003, operands: ['rdp', 'mem-rs1p'], imm: unsignedScaled(Layout.C_LD, 8, 8),
    expand: (f) => ({ name: 'ld', ops: { rd: f.rd, rs1: f.rs1, imm: f.imm } }) },
  { name: 'c.sw', match: 0xc000, mask: 0xe003, operands: ['rs2p', 'mem-rs1p'], imm: unsignedScaled(Layout.C_LW, 7, 4),
    expand: (f) => ({ name: 'sw', ops: { rs2: f.rs2, rs1: f.rs1, imm: f.imm } }) },
  { name: 'c.sd', match: 0xe000, mask: 0xe003, operands: ['rs2p', 'mem-rs1p'], imm: unsignedScaled(Layout.C_LD, 8, 8),
    expand: (f) => ({ name: 'sd', ops: { rs2: f.rs2, rs1: f.rs1, imm: f.imm } }) },
  // Quadrant 1
  { name: 'c.nop', match: 0x0001, mask: 0xffff, operands: [],
    expand: () => ({ name: 'addi', ops: { rd: 0, rs1: 0, imm: 0 } }) },
  { name: 'c.addi', match: 0x0001, mask: 0xe003, operands: ['rd', 'imm'], imm: signed(Layout.CI, 6), nonzeroRegisters: ['rd'],
    expand: (f) => ({ name: 'addi', ops: { rd: f.rd, rs1: f.rd, imm: f.imm } }) },
  { name: 'c.addiw', match: 0x2001, mask: 0xe003, operands: ['rd', 'imm'], imm: signed(Layout.CI, 6), nonzeroRegisters: ['rd'],
    expand: (f) => ({ name: 'addiw', ops: { rd: f.rd, rs1: f.rd, imm: f.imm } }) },
  { name: 'c.li', match: 0x4001, mask: 0xe003, operands: ['rd', 'imm'], imm: signed(Layout.CI, 6), nonzeroRegisters: ['rd'],
    expand: (f) => ({ name: 'addi', ops: { rd: f.rd, rs1: 0, imm: f.imm } }) },
  { name: 'c.addi16sp', match: 0x6101, mask: 0xef83, operands: ['sp', 'imm'], imm: signed(Layout.C_ADDI16SP, 10, 16, true),
    expand: (f) => ({ name: 'addi', ops: { rd: SP, rs1: SP, imm: f.imm } }) },
  // The c.lui immediate is written as the 20-bit lui field (GNU syntax); see encodeCompressed.
  { name: 'c.lui', match: 0x6001, mask: 0xe003, operands: ['rd', 'imm'], imm: signed(Layout.C_LUI, 18, 4096, true), nonzeroRegisters: ['rd'],
    expand: (f) => ({ name: 'lui', ops: { rd: f.rd, imm: (f.imm >> 12) & 0xfffff } }) },
  { name: 'c.srli', match: 0x8001, mask: 0xec03, operands: ['rs1p', 'imm'], imm: unsignedScaled(Layout.CI, 6, 1, true),
    expand: (f) => ({ name: 'srli', ops: { rd: f.rs1, rs1: f.rs1, imm: f.imm } }) },
  { name: 'c.srai', match: 0x8401, mask: 0xec03, operands: ['rs1p', 'imm'], imm: unsignedScaled(Layout.CI, 6, 1, true),
    expand: (f) => ({ name: 'srai', ops: { rd: f.rs1, rs1: f.rs1, imm: f.imm } }) },
  { name: 'c.andi', match: 0x8801, mask: 0xec03, operands: ['rs1p', 'imm'], imm: signed(Layout.CI, 6),
    expand: (f) => ({ name: 'andi', ops: { rd: f.rs1, rs1: f.rs1, imm: f.imm } }) },
  ...([['c.sub', 0x8c01, 'sub'], ['c.xor', 0x8c21, 'xor'], ['c.or', 0x8c41, 'or'], ['c.and', 0x8c61, 'and'],
    ['c.subw', 0x9c01, 'subw'], ['c.addw', 0x9c21, 'addw']] as const).map(([name, match, wide]): CompressedForm => ({
    name, match, mask: 0xfc63, operands: ['rs1p', 'rs2p'],
    expand: (f) => ({ name: wide, ops: { rd: f.rs1, rs1: f.rs1, rs2: f.rs2 } }),
  })),
  { name: 'c.j', match: 0xa001, mask: 0xe003, operands: ['target'], imm: signed(Layout.C_J, 12, 2),
    expand: (f) => ({ name: 'jal', ops: { rd: 0, imm: f.imm } }) },
  { name: 'c.beqz', match: 0xc001, mask: 0xe003, operands: ['rs1p', 'target'], imm: signed(Layout.C_B, 9, 2),
    expand: (f) => ({ name: 'beq', ops: { rs1: f.rs1, rs2: 0, imm: f.imm } }) },
  { name: 'c.bnez', match: 0xe001, mask: 0xe003, operands: ['rs1p', 'target'], imm: signed(Layout.C_B, 9, 2),
    expand: (f) => ({ name: 'bne', ops: { rs1: f.rs1, rs2: 0, imm: f.imm } }) },
  // Quadrant 2
  { name: 'c.slli', match: 0x0002, mask: 0xe003, operands: ['rd', 'imm'], imm: unsignedScaled(Layout.CI, 6, 1, true), nonzeroRegisters: ['rd'],
    expand: (f) => ({ name: 'slli', ops: { rd: f.rd, rs1: f.rd, imm: f.imm } }) },
  { name: 'c.lwsp', match: 0x4002, mask: 0xe003, operands: ['rd', 'mem-sp'], imm: unsignedScaled(Layout.C_LWSP, 8, 4), nonzeroRegisters: ['rd'],
    expand: (f) => ({ name: 'lw', ops: { rd: f.rd, rs1: SP, imm: f.imm } }) },
  { name: 'c.ldsp', match: 0x6002, mask: 0xe003, operands: ['rd', 'mem-sp'], imm: unsignedScaled(Layout.C_LDSP, 9, 8), nonzeroRegisters: ['rd'],
    expand: (f) => ({ name: 'ld', ops: { rd: f.rd, rs1: SP, imm: f.imm } }) },
  { name: 'c.jr', match: 0x8002, mask: 0xf07f, operands: ['rs1'], nonzeroRegisters: ['rs1'],
    expand: (f) => ({ name: 'jalr', ops: { rd: 0, rs1: f.rs1, imm: 0 } }) },
  { name: 'c.mv', match: 0x8002, mask: 0xf003, operands: ['rd', 'rs2'], nonzeroRegisters: ['rd', 'rs2'],
    expand: (f) => ({ name: 'add', ops: { rd: f.rd, rs1: 0, rs2: f.rs2 } }) },
  { name: 'c.ebreak', match: 0x9002, mask: 0xffff, operands: [],
    expand: () => ({ name: 'ebreak', ops: {} }) },
  { name: 'c.jalr', match: 0x9002, mask: 0xf07f, operands: ['rs1'], nonzeroRegisters: ['rs1'],
    expand: (f) => ({ name: 'jalr', ops: { rd: RA, rs1: f.rs1, imm: 0 } }) },
  { name: 'c.add', match: 0x9002, mask: 0xf003, operands: ['rd', 'rs2'], nonzeroRegisters: ['rd', 'rs2'],
    expand: (f) => ({ name: 'add', ops: { rd: f.rd, rs1: f.rd, rs2: f.rs2 } }) },
  { name: 'c.swsp', match: 0xc002, mask: 0xe003, operands: ['rs2', 'mem-sp'], imm: unsignedScaled(Layout.C_SWSP, 8, 4),
    expand: (f) => ({ name: 'sw', ops: { rs2: f.rs2, rs1: SP, imm: f.imm } }) },
  { name: 'c.sdsp', match: 0xe002, mask: 0xe003, operands: ['rs2', 'mem-sp'], imm: unsignedScaled(Layout.C_SDSP, 9, 8),
    expand: (f) => ({ name: 'sd', ops: { rs2: f.rs2, rs1: SP, imm: f.imm } }) },
];

const formByName = new Map(COMPRESSED_FORMS.map((form) => [form.name, form]));
export function findCompressedForm(name: string): CompressedForm | undefined {
  return formByName.get(name);
}

/** Where each register operand lives in the parcel. */
function registerBits(form: CompressedForm, f: CompressedFields): number {
  let bits = 0;
  for (const operand of form.operands) {
    switch (operand) {
      case 'rd': bits |= (f.rd & 31) << 7; break;
      case 'rs1': bits |= (f.rs1 & 31) << 7; break;
      case 'rs2': bits |= (f.rs2 & 31) << 2; break;
      case 'rdp': bits |= (f.rd & 7) << 2; break;
      case 'rs2p': bits |= (f.rs2 & 7) << 2; break;
      case 'rs1p': case 'mem-rs1p': bits |= (f.rs1 & 7) << 7; break;
      default: break;
    }
  }
  return bits;
}

function checkImmediate(form: CompressedForm, spec: ImmediateSpec, value: number): string | undefined {
  const low = spec.signed ? -(2 ** (spec.bits - 1)) : 0;
  const high = (spec.signed ? 2 ** (spec.bits - 1) : 2 ** spec.bits) - spec.scale;
  if (!Number.isInteger(value) || value < low || value > high) {
    return `${form.name} immediate ${value} is out of range [${low}, ${high}]`;
  }
  if (value % spec.scale !== 0) return `${form.name} immediate ${value} must be a multiple of ${spec.scale}`;
  if (spec.nonzero && value === 0) return `${form.name} immediate must not be zero`;
  return undefined;
}

/** Encode a compressed form; registers given as x-numbers, `imm` as written in GNU syntax. */
export function encodeCompressed(form: CompressedForm, fields: CompressedFields): Result<number> {
  for (const which of form.nonzeroRegisters ?? []) {
    if (fields[which] === 0) return { ok: false, message: `${form.name} cannot use x0 as ${which}` };
  }
  let imm = fields.imm;
  if (form.name === 'c.lui') {
    // Written as the lui field: 1..0x1f, or 0xfffe0..0xfffff for negative values.
    const field = imm >= 0xfffe0 && imm <= 0xfffff ? imm - 0x100000 : imm;
    if (field === 0 || field < -32 || field > 31) return { ok: false, message: `c.lui immediate ${imm} is out of range` };
    imm = field * 4096;
  } else if (form.imm) {
    const problem = checkImmediate(form, form.imm, imm);
    if (problem) return { ok: false, message: problem };
  }
  const immBits = form.imm ? scatterImmediate(imm >>> 0, form.imm.layout) : 0;
  return { ok: true, value: (form.match | registerBits(form, fields) | immBits) & 0xffff };
}

/** The compressed form a 16-bit parcel encodes, with its fields; undefined when reserved or unknown. */
export function decodeCompressed(half: number): { form: CompressedForm; fields: CompressedFields } | undefined {
  for (const form of COMPRESSED_FORMS) {
    if ((half & form.mask) !== form.match) continue;
    const fields: CompressedFields = { rd: 0, rs1: 0, rs2: 0, imm: 0 };
    for (const operand of form.operands) {
      switch (operand) {
        case 'rd': fields.rd = (half >> 7) & 31; break;
        case 'rs1': fields.rs1 = (half >> 7) & 31; break;
        case 'rs2': fields.rs2 = (half >> 2) & 31; break;
        case 'rdp': fields.rd = 8 + ((half >> 2) & 7); break;
        case 'rs2p': fields.rs2 = 8 + ((half >> 2) & 7); break;
        case 'rs1p': case 'mem-rs1p': fields.rs1 = 8 + ((half >> 7) & 7); break;
        default: break;
      }
    }
    if (form.imm) {
      const raw = gatherImmediate(half, form.imm.layout);
      fields.imm = form.imm.signed ? signExtend(raw, form.imm.bits) : raw;
      if (form.imm.nonzero && fields.imm === 0) return undefined;
    }
    if ((form.nonzeroRegisters ?? []).some((which) => fields[which] === 0)) continue;
    return { form, fields };
  }
  return undefined;
}

/** The 32-bit instruction a compressed parcel expands to (spec §16.8), or undefined. */
export function expandCompressed(half: number): number | undefined {
  const decoded = decodeCompressed(half);
  if (!decoded) return undefined;
  const { name, ops } = decoded.form.expand(decoded.fields);
  const word = encodeInstruction(name, ops);
  return word.ok ? word.value : undefined;
}
