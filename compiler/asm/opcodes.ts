// The 32-bit instruction forms we assemble and disassemble: RV64I, M, A, Zicsr, Zifencei and
// the privileged instructions (unprivileged spec ch. 2, 5, 7, 8, 9, 13; privileged spec §3.3,
// §10.2). Each form is a fixed `match` pattern plus the bits its operands own, so one table
// drives both directions: encode = match | operand fields; decode = (word & mask) == match.

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

const OP_LUI = 0x37, OP_AUIPC = 0x17, OP_JAL = 0x6f, OP_JALR = 0x67, OP_BRANCH = 0x63;
const OP_LOAD = 0x03, OP_STORE = 0x23, OP_IMM = 0x13, OP = 0x33, OP_IMM32 = 0x1b, OP_32 = 0x3b;
const OP_AMO = 0x2f, OP_SYSTEM = 0x73, OP_MISC_MEM = 0x0f;

// RV64I (unprivileged spec ch. 2 and 5)
add('lui', 'U', OP_LUI);
add('auipc', 'U', OP_AUIPC);
add('jal', 'JAL', OP_JAL);
add('jalr', 'JALR', OP_JALR, 0);
(['beq', 'bne', , , 'blt', 'bge', 'bltu', 'bgeu'] as (string | undefined)[]).forEach((name, f3) => {
  if (name) add(name, 'BRANCH', OP_BRANCH, f3);
});
['lb', 'lh', 'lw', 'ld', 'lbu', 'lhu', 'lwu'].forEach((name, f3) => add(name, 'LOAD', OP_LOAD, f3));
['sb', 'sh', 'sw', 'sd'].forEach((name, f3) => add(name, 'STORE', OP_STORE, f3));
add('addi', 'I', OP_IMM, 0);
add('slti', 'I', OP_IMM, 2);
add('sltiu', 'I', OP_IMM, 3);
add('xori', 'I', OP_IMM, 4);
add('ori', 'I', OP_IMM, 6);
add('andi', 'I', OP_IMM, 7);
add('slli', 'SHIFT6', OP_IMM, 1, 0);
add('srli', 'SHIFT6', OP_IMM, 5, 0);
add('srai', 'SHIFT6', OP_IMM, 5, 0x20);
add('add', 'R', OP, 0, 0);
add('sub', 'R', OP, 0, 0x20);
add('sll', 'R', OP, 1, 0);
add('slt', 'R', OP, 2, 0);
add('sltu', 'R', OP, 3, 0);
add('xor', 'R', OP, 4, 0);
add('srl', 'R', OP, 5, 0);
add('sra', 'R', OP, 5, 0x20);
add('or', 'R', OP, 6, 0);
add('and', 'R', OP, 7, 0);
add('addiw', 'I', OP_IMM32, 0);
add('slliw', 'SHIFT5', OP_IMM32, 1, 0);
add('srliw', 'SHIFT5', OP_IMM32, 5, 0);
add('sraiw', 'SHIFT5', OP_IMM32, 5, 0x20);
add('addw', 'R', OP_32, 0, 0);
add('subw', 'R', OP_32, 0, 0x20);
add('sllw', 'R', OP_32, 1, 0);
add('srlw', 'R', OP_32, 5, 0);
add('sraw', 'R', OP_32, 5, 0x20);

// M (ch. 7)
['mul', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu'].forEach((name, f3) => add(name, 'R', OP, f3, 1));
(['mulw', , , , 'divw', 'divuw', 'remw', 'remuw'] as (string | undefined)[]).forEach((name, f3) => {
  if (name) add(name, 'R', OP_32, f3, 1);
});

// A (ch. 8): funct5 in bits 31:27; aq and rl are bits 26 and 25.
const AMO_FUNCT5: Record<string, number> = {
  amoadd: 0x00, amoswap: 0x01, amoxor: 0x04, amoor: 0x08, amoand: 0x0c,
  amomin: 0x10, amomax: 0x14, amominu: 0x18, amomaxu: 0x1c,
};
for (const [width, f3] of [['w', 2], ['d', 3]] as const) {
  add(`lr.${width}`, 'LR', OP_AMO, f3, 0x02 << 2);
  add(`sc.${width}`, 'AMO', OP_AMO, f3, 0x03 << 2);
  for (const [base, funct5] of Object.entries(AMO_FUNCT5)) add(`${base}.${width}`, 'AMO', OP_AMO, f3, funct5 << 2);
}

// Zicsr (ch. 9)
add('csrrw', 'CSR', OP_SYSTEM, 1);
add('csrrs', 'CSR', OP_SYSTEM, 2);
add('csrrc', 'CSR', OP_SYSTEM, 3);
add('csrrwi', 'CSRI', OP_SYSTEM, 5);
add('csrrsi', 'CSRI', OP_SYSTEM, 6);
add('csrrci', 'CSRI', OP_SYSTEM, 7);

// Memory ordering: fence.tso (fm=1000, rw,rw) must precede fence in the decode order.
addExact('fence.tso', 'NONE', 0x8330000f);
add('fence', 'FENCE', OP_MISC_MEM, 0);
addExact('fence.i', 'NONE', 0x0000100f); // Zifencei (ch. 3)

// Environment calls and privileged instructions (privileged spec §3.3.1, §3.3.2, §10.2.1)
addExact('ecall', 'NONE', 0x00000073);
addExact('ebreak', 'NONE', 0x00100073);
addExact('sret', 'NONE', 0x10200073);
addExact('mret', 'NONE', 0x30200073);
addExact('wfi', 'NONE', 0x10500073);
add('sfence.vma', 'SFENCE', OP_SYSTEM, 0, 0x09);

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
