// Instruction encodings of RV64IMA, Zicsr, Zifencei and the privileged instructions
// (unprivileged spec v20191213 ch. 2, 5, 7, 8, 9, 24 "opcode map"; privileged spec v1.12
// §3.3, §10.2, table 9.2). The assembler builds its match/mask forms from these tables and
// the emulator's decoder indexes its handlers by them, so a funct value is written once.

/** Major opcodes, bits 6:0 (table 24.1). */
export const Opcode = {
  LOAD: 0x03, LOAD_FP: 0x07, MISC_MEM: 0x0f, OP_IMM: 0x13, AUIPC: 0x17, OP_IMM_32: 0x1b,
  STORE: 0x23, STORE_FP: 0x27, AMO: 0x2f, OP: 0x33, LUI: 0x37, OP_32: 0x3b,
  MADD: 0x43, MSUB: 0x47, NMSUB: 0x4b, NMADD: 0x4f, OP_FP: 0x53,
  BRANCH: 0x63, JALR: 0x67, JAL: 0x6f, SYSTEM: 0x73,
} as const;

/** A table indexed by funct3; holes are encodings that do not exist. */
export type Funct3Table = readonly (string | undefined)[];

export const LOAD_FUNCT3: Funct3Table = ['lb', 'lh', 'lw', 'ld', 'lbu', 'lhu', 'lwu'];
export const STORE_FUNCT3: Funct3Table = ['sb', 'sh', 'sw', 'sd'];
export const BRANCH_FUNCT3: Funct3Table = ['beq', 'bne', undefined, undefined, 'blt', 'bge', 'bltu', 'bgeu'];
/** OP-IMM without the shifts (funct3 1 and 5 are slli and srli/srai, SHIFTS_IMM below). */
export const OP_IMM_FUNCT3: Funct3Table = ['addi', undefined, 'slti', 'sltiu', 'xori', undefined, 'ori', 'andi'];
export const CSR_FUNCT3: Funct3Table = [undefined, 'csrrw', 'csrrs', 'csrrc', undefined, 'csrrwi', 'csrrsi', 'csrrci'];

/** Register-register operations: [name, funct3, funct7] for OP and OP-32 (M included). */
export type RegisterOp = readonly [name: string, funct3: number, funct7: number];
export const OP_FUNCTS: readonly RegisterOp[] = [
  ['add', 0, 0], ['sub', 0, 0x20], ['sll', 1, 0], ['slt', 2, 0], ['sltu', 3, 0], ['xor', 4, 0],
  ['srl', 5, 0], ['sra', 5, 0x20], ['or', 6, 0], ['and', 7, 0],
  ['mul', 0, 1], ['mulh', 1, 1], ['mulhsu', 2, 1], ['mulhu', 3, 1], ['div', 4, 1], ['divu', 5, 1], ['rem', 6, 1], ['remu', 7, 1],
];
export const OP_32_FUNCTS: readonly RegisterOp[] = [
  ['addw', 0, 0], ['subw', 0, 0x20], ['sllw', 1, 0], ['srlw', 5, 0], ['sraw', 5, 0x20],
  ['mulw', 0, 1], ['divw', 4, 1], ['divuw', 5, 1], ['remw', 6, 1], ['remuw', 7, 1],
];
/** Immediate shifts: [name, funct3, bits 31:26 (RV64, 6-bit shamt)] for OP-IMM, [name, funct3, funct7] for OP-IMM-32. */
export const SHIFTS_IMM: readonly RegisterOp[] = [['slli', 1, 0], ['srli', 5, 0], ['srai', 5, 0x10]];
export const SHIFTS_IMM_32: readonly RegisterOp[] = [['slliw', 1, 0], ['srliw', 5, 0], ['sraiw', 5, 0x20]];

/** A funct5 (bits 31:27) by AMO base name; funct3 2 is .w, 3 is .d; aq/rl are bits 26:25. */
export const AMO_FUNCT5: Readonly<Record<string, number>> = {
  amoadd: 0x00, amoswap: 0x01, lr: 0x02, sc: 0x03, amoxor: 0x04, amoor: 0x08, amoand: 0x0c,
  amomin: 0x10, amomax: 0x14, amominu: 0x18, amomaxu: 0x1c,
};
export const AMO_WIDTH_FUNCT3: Readonly<Record<'w' | 'd', number>> = { w: 2, d: 3 };

/** SYSTEM and MISC-MEM instructions that are one fixed word. */
export const FIXED_WORDS = {
  ecall: 0x00000073, ebreak: 0x00100073, sret: 0x10200073, mret: 0x30200073, wfi: 0x10500073,
  'fence.i': 0x0000100f, 'fence.tso': 0x8330000f,
} as const;
/** sfence.vma: SYSTEM, funct3 0, funct7 0x09, rd 0 (privileged spec §4.2.1). */
export const SFENCE_VMA_FUNCT7 = 0x09;
/** fence: MISC-MEM funct3 0; fence.i: funct3 1. */
export const FENCE_FUNCT3 = 0;
export const FENCE_I_FUNCT3 = 1;
