// The 32-bit instruction forms we assemble and disassemble: RV64I, M, A, Zicsr, Zifencei and
// the privileged instructions (unprivileged spec ch. 2, 5, 7, 8, 9, 13; privileged spec §3.3,
// §10.2; the encodings come from runtime/riscv/opcodes.ts). Each form is a fixed `match`
// pattern plus the bits its operands own, so one table drives both directions:
// encode = match | operand fields; decode = (word & mask) == match.

import {
  AMO_FUNCT5, AMO_WIDTH_FUNCT3, BRANCH_FUNCT3, CSR_FUNCT3, FENCE_FUNCT3, FIXED_WORDS, LOAD_FUNCT3, OP_32_FUNCTS, OP_FUNCTS,
  OP_IMM_FUNCT3, Opcode, SFENCE_VMA_FUNCT7, SHIFTS_IMM, SHIFTS_IMM_32, STORE_FUNCT3, type Funct3Table,
} from '../../runtime/riscv/opcodes.js';

/** How the operands of a form are written and where they live in the word. */
export type Format =
  | 'R' // rd, rs1, rs2
  | 'I' // rd, rs1, imm12
  | 'SHIFT6' // rd, rs1, shamt (0-63)
  | 'SHIFT5' // rd, rs1, shamt (0-31), the *w shifts
  | 'LOAD' // rd, imm12(rs1)
  | 'STORE' // rs2, imm12(rs1)
  | 'BRANCH' // rs1, rs2, target
  | 'U' // rd, imm20
  | 'JAL' // rd, target
  | 'JALR' // rd, imm12(rs1)
  | 'AMO' // rd, rs2, (rs1)
  | 'LR' // rd, (rs1)
  | 'CSR' // rd, csr, rs1
  | 'CSRI' // rd, csr, uimm5
  | 'FENCE' // pred, succ
  | 'SFENCE' // rs1, rs2
  | 'NONE';

export interface InstructionForm {
  readonly name: string;
  readonly format: Format;
  readonly match: number;
  readonly mask: number;
}

const MASK: Record<Format, number> = {
  R: 0xfe00707f,
  I: 0x0000707f,
  SHIFT6: 0xfc00707f,
  SHIFT5: 0xfe00707f,
  LOAD: 0x0000707f,
  STORE: 0x0000707f,
  BRANCH: 0x0000707f,
  U: 0x0000007f,
  JAL: 0x0000007f,
  JALR: 0x0000707f,
  AMO: 0xf800707f, // aq/rl (bits 26:25) are operands, spelled as mnemonic suffixes
  LR: 0xf9f0707f,
  CSR: 0x0000707f,
  CSRI: 0x0000707f,
  FENCE: 0xf00fffff,
  SFENCE: 0xfe007fff,
  NONE: 0xffffffff,
};

const forms: InstructionForm[] = [];
function add(name: string, format: Format, opcode: number, funct3 = 0, funct7 = 0): void {
  const match = (opcode | (funct3 << 12) | (funct7 << 25)) >>> 0;
  forms.push({ name, format, match, mask: MASK[format] });
}
function addExact(name: string, format: Format, match: number): void {
  forms.push({ name, format, match: match >>> 0, mask: MASK[format] });
}

const { LUI, AUIPC, JAL, JALR, BRANCH, LOAD, STORE, OP_IMM, OP, OP_IMM_32, OP_32, AMO, SYSTEM, MISC_MEM } = Opcode;

function addFunct3Table(table: Funct3Table, format: (funct3: number) => Format, opcode: number): void {
  table.forEach((name, f3) => {
    if (name) add(name, format(f3), opcode, f3);
  });
}

// RV64I (unprivileged spec ch. 2 and 5)
add('lui', 'U', LUI);
add('auipc', 'U', AUIPC);
add('jal', 'JAL', JAL);
add('jalr', 'JALR', JALR, 0);
addFunct3Table(BRANCH_FUNCT3, () => 'BRANCH', BRANCH);
addFunct3Table(LOAD_FUNCT3, () => 'LOAD', LOAD);
addFunct3Table(STORE_FUNCT3, () => 'STORE', STORE);
addFunct3Table(OP_IMM_FUNCT3, () => 'I', OP_IMM);
// The 6-bit shamt leaves bits 31:26 to the function code, bit 25 to the immediate.
for (const [name, f3, f6] of SHIFTS_IMM) add(name, 'SHIFT6', OP_IMM, f3, f6 << 1);
// R-type OP and OP-32, M (ch. 7) included.
for (const [name, f3, f7] of OP_FUNCTS) add(name, 'R', OP, f3, f7);
add('addiw', 'I', OP_IMM_32, 0);
for (const [name, f3, f7] of SHIFTS_IMM_32) add(name, 'SHIFT5', OP_IMM_32, f3, f7);
for (const [name, f3, f7] of OP_32_FUNCTS) add(name, 'R', OP_32, f3, f7);

// A (ch. 8): funct5 in bits 31:27; aq and rl are bits 26 and 25.
for (const [width, f3] of Object.entries(AMO_WIDTH_FUNCT3)) {
  for (const [base, funct5] of Object.entries(AMO_FUNCT5)) add(`${base}.${width}`, base === 'lr' ? 'LR' : 'AMO', AMO, f3, funct5 << 2);
}

// Zicsr (ch. 9)
// funct3 bit 2 selects the immediate forms, whose rs1 field is a 5-bit unsigned value.
addFunct3Table(CSR_FUNCT3, (f3) => (f3 & 4 ? 'CSRI' : 'CSR'), SYSTEM);

// Memory ordering: fence.tso (fm=1000, rw,rw) must precede fence in the decode order.
addExact('fence.tso', 'NONE', FIXED_WORDS['fence.tso']);
add('fence', 'FENCE', MISC_MEM, FENCE_FUNCT3);
addExact('fence.i', 'NONE', FIXED_WORDS['fence.i']); // Zifencei (ch. 3)

// Environment calls and privileged instructions (privileged spec §3.3.1, §3.3.2, §10.2.1)
for (const name of ['ecall', 'ebreak', 'sret', 'mret', 'wfi'] as const) addExact(name, 'NONE', FIXED_WORDS[name]);
add('sfence.vma', 'SFENCE', SYSTEM, 0, SFENCE_VMA_FUNCT7);

export const INSTRUCTION_FORMS: readonly InstructionForm[] = forms;

const formByName = new Map(forms.map((form) => [form.name, form]));
export function findForm(name: string): InstructionForm | undefined {
  return formByName.get(name);
}

/** The form a 32-bit word is an instance of, or undefined for an unknown encoding. */
export function decodeForm(word: number): InstructionForm | undefined {
  for (const form of forms) if (((word & form.mask) >>> 0) === form.match) return form;
  return undefined;
}

/** Atomic mnemonics may carry ordering suffixes `.aq`, `.rl`, `.aqrl` (A spec §8.2). */
export function splitOrderingSuffix(mnemonic: string): { base: string; aq: boolean; rl: boolean } {
  const match = /^((?:lr|sc|amo[a-z]+)\.[wd])(\.aqrl|\.aq|\.rl)?$/.exec(mnemonic);
  if (!match) return { base: mnemonic, aq: false, rl: false };
  const suffix = match[2] ?? '';
  return { base: match[1]!, aq: suffix.includes('aq'), rl: suffix.includes('rl') };
}
