// Instruction decoder: a 32-bit word (or a 16-bit RVC parcel, see decode-compressed.ts) to
// an Insn with its handler and fields (unprivileged spec v20191213 ch. 24 opcode map,
// privileged spec v1.12 table 9.2 for SYSTEM). Every word decodes: anything not listed
// becomes ILLEGAL, which raises an illegal-instruction trap with the word as mtval.

import { Insn, type Handler } from './insn.js';
import * as I from './exec-integer.js';
import * as S from './exec-system.js';
import * as A from './exec-atomic.js';
import { decodeCompressed } from './decode-compressed.js';
import { decodeFloat } from './decode-float.js';
import {
  AMO_FUNCT5, BRANCH_FUNCT3, CSR_FUNCT3, FIXED_WORDS, LOAD_FUNCT3, OP_32_FUNCTS, OP_FUNCTS, OP_IMM_FUNCT3, Opcode,
  SFENCE_VMA_FUNCT7, SHIFTS_IMM, SHIFTS_IMM_32, STORE_FUNCT3, type Funct3Table, type RegisterOp,
} from '../runtime/riscv/opcodes.js';

/** Decoded instructions are immutable, so equal words share one Insn. */
const memo = new Map<number, Insn>();
const MEMO_LIMIT = 1 << 16;

export function decodeWord(word: number): Insn {
  let insn = memo.get(word);
  if (insn === undefined) {
    insn = (word & 3) === 3 ? decode32(word | 0) : decodeCompressed(word & 0xffff);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(word, insn);
  }
  return insn;
}

function make(fn: Handler, name: string, word: number, rd: number, rs1: number, rs2: number, imm: number): Insn {
  return new Insn(fn, rd, rs1, rs2, imm, 4, word, name);
}

export function illegal(raw: number, len: number): Insn {
  return new Insn(S.ILLEGAL, 0, 0, 0, 0, len, raw, 'illegal');
}

type Entry = readonly [Handler, string];

/** Handlers by mnemonic; the funct values that select them come from runtime/riscv/opcodes.ts. */
const HANDLERS: Readonly<Record<string, Handler>> = {
  lb: I.LB, lh: I.LH, lw: I.LW, ld: I.LD, lbu: I.LBU, lhu: I.LHU, lwu: I.LWU,
  sb: I.SB, sh: I.SH, sw: I.SW, sd: I.SD,
  beq: I.BEQ, bne: I.BNE, blt: I.BLT, bge: I.BGE, bltu: I.BLTU, bgeu: I.BGEU,
  slli: I.SLLI, srli: I.SRLI, srai: I.SRAI, slliw: I.SLLIW, srliw: I.SRLIW, sraiw: I.SRAIW,
  addi: I.ADDI, slti: I.SLTI, sltiu: I.SLTIU, xori: I.XORI, ori: I.ORI, andi: I.ANDI,
  add: I.ADD, sll: I.SLL, slt: I.SLT, sltu: I.SLTU, xor: I.XOR, srl: I.SRL, or: I.OR, and: I.AND, sub: I.SUB, sra: I.SRA,
  mul: I.MUL, mulh: I.MULH, mulhsu: I.MULHSU, mulhu: I.MULHU, div: I.DIV, divu: I.DIVU, rem: I.REM, remu: I.REMU,
  addw: I.ADDW, sllw: I.SLLW, srlw: I.SRLW, subw: I.SUBW, sraw: I.SRAW,
  mulw: I.MULW, divw: I.DIVW, divuw: I.DIVUW, remw: I.REMW, remuw: I.REMUW,
  csrrw: S.CSRRW, csrrs: S.CSRRS, csrrc: S.CSRRC, csrrwi: S.CSRRWI, csrrsi: S.CSRRSI, csrrci: S.CSRRCI,
};

function byFunct3(table: Funct3Table): (Entry | null)[] {
  return Array.from({ length: 8 }, (_, f3) => (table[f3] ? [HANDLERS[table[f3]!]!, table[f3]!] as const : null));
}
/** Key: funct3 | 8 for funct7 = 1 (M) | 0x100 for funct7 = 0x20. */
function byFunct3And7(ops: readonly RegisterOp[]): Record<number, Entry> {
  const table: Record<number, Entry> = {};
  for (const [name, f3, f7] of ops) table[f3 | (f7 === 1 ? 8 : f7 === 0x20 ? 0x100 : 0)] = [HANDLERS[name]!, name];
  return table;
}

/** Immediate shifts by funct3 | (bits 31:26 or funct7) << 3. */
function shiftTable(ops: readonly RegisterOp[]): Record<number, Entry> {
  return Object.fromEntries(ops.map(([name, f3, high]) => [f3 | (high << 3), [HANDLERS[name]!, name] as const]));
}

const LOADS = byFunct3(LOAD_FUNCT3);
const SHIFTS = shiftTable(SHIFTS_IMM);
const SHIFTS_32 = shiftTable(SHIFTS_IMM_32);
const STORES = byFunct3(STORE_FUNCT3);
const BRANCHES = byFunct3(BRANCH_FUNCT3);
const OP_IMM = byFunct3(OP_IMM_FUNCT3);
const CSR_OPS = byFunct3(CSR_FUNCT3);
const OP = byFunct3And7(OP_FUNCTS);
const OP_32 = byFunct3And7(OP_32_FUNCTS);
/** AMO funct5 → [word handler, doubleword handler, name]. */
const AMO_HANDLERS: Readonly<Record<string, readonly [Handler, Handler]>> = {
  amoadd: [A.AMOADD_W, A.AMOADD_D], amoswap: [A.AMOSWAP_W, A.AMOSWAP_D], lr: [A.LR_W, A.LR_D], sc: [A.SC_W, A.SC_D],
  amoxor: [A.AMOXOR_W, A.AMOXOR_D], amoor: [A.AMOOR_W, A.AMOOR_D], amoand: [A.AMOAND_W, A.AMOAND_D],
  amomin: [A.AMOMIN_W, A.AMOMIN_D], amomax: [A.AMOMAX_W, A.AMOMAX_D], amominu: [A.AMOMINU_W, A.AMOMINU_D],
  amomaxu: [A.AMOMAXU_W, A.AMOMAXU_D],
};
const AMOS: Record<number, readonly [Handler, Handler, string]> = Object.fromEntries(
  Object.entries(AMO_FUNCT5).map(([name, funct5]) => [funct5, [...AMO_HANDLERS[name]!, name] as const]),
);

function decode32(w: number): Insn {
  const opcode = w & 0x7f;
  const rd = (w >>> 7) & 31;
  const f3 = (w >>> 12) & 7;
  const rs1 = (w >>> 15) & 31;
  const rs2 = (w >>> 20) & 31;
  const f7 = w >>> 25;
  const immI = w >> 20;
  const immS = ((w >> 25) << 5) | ((w >>> 7) & 31);
  const immB = ((w >> 31) << 12) | (((w >>> 7) & 1) << 11) | (((w >>> 25) & 0x3f) << 5) | (((w >>> 8) & 0xf) << 1);
  const immU = w & 0xfffff000;
  const immJ = ((w >> 31) << 20) | (((w >>> 12) & 0xff) << 12) | (((w >>> 20) & 1) << 11) | (((w >>> 21) & 0x3ff) << 1);
  const bad = illegal(w, 4);
  switch (opcode) {
    case Opcode.LUI: return make(I.LUI, 'lui', w, rd, 0, 0, immU);
    case Opcode.AUIPC: return make(I.AUIPC, 'auipc', w, rd, 0, 0, immU);
    case Opcode.JAL: return make(I.JAL, 'jal', w, rd, 0, 0, immJ);
    case Opcode.JALR: return f3 === 0 ? make(I.JALR, 'jalr', w, rd, rs1, 0, immI) : bad;
    case Opcode.BRANCH: {
      const b = BRANCHES[f3];
      return b ? make(b[0], b[1], w, 0, rs1, rs2, immB) : bad;
    }
    case Opcode.LOAD: {
      const l = LOADS[f3];
      return l ? make(l[0], l[1], w, rd, rs1, 0, immI) : bad;
    }
    case Opcode.STORE: {
      const s = STORES[f3];
      return s ? make(s[0], s[1], w, 0, rs1, rs2, immS) : bad;
    }
    case Opcode.OP_IMM: {
      if (f3 === 1 || f3 === 5) {
        const s = SHIFTS[f3 | ((w >>> 26) << 3)];
        return s ? make(s[0], s[1], w, rd, rs1, 0, immI & 63) : bad;
      }
      const o = OP_IMM[f3];
      return o ? make(o[0], o[1], w, rd, rs1, 0, immI) : bad;
    }
    case Opcode.OP_IMM_32: {
      if (f3 === 0) return make(I.ADDIW, 'addiw', w, rd, rs1, 0, immI);
      const s = SHIFTS_32[f3 | (f7 << 3)];
      return s ? make(s[0], s[1], w, rd, rs1, 0, rs2) : bad;
    }
    case Opcode.OP: {
      const key = f7 === 0 ? f3 : f7 === 0x20 ? 0x100 | f3 : f7 === 1 ? 8 | f3 : -1;
      const o = OP[key];
      return o ? make(o[0], o[1], w, rd, rs1, rs2, 0) : bad;
    }
    case Opcode.OP_32: {
      const key = f7 === 0 ? f3 : f7 === 0x20 ? 0x100 | f3 : f7 === 1 ? 8 | f3 : -1;
      const o = OP_32[key];
      return o ? make(o[0], o[1], w, rd, rs1, rs2, 0) : bad;
    }
    case Opcode.MISC_MEM:
      if (f3 === 0) return make(S.FENCE, 'fence', w, 0, 0, 0, 0);
      if (f3 === 1) return make(S.FENCE_I, 'fence.i', w, 0, 0, 0, 0);
      return bad;
    case Opcode.SYSTEM: {
      if (f3 === 0) {
        if (w === FIXED_WORDS.ecall) return make(S.ECALL, 'ecall', w, 0, 0, 0, 0);
        if (w === FIXED_WORDS.ebreak) return make(S.EBREAK, 'ebreak', w, 0, 0, 0, 0);
        if (w === FIXED_WORDS.mret) return make(S.MRET, 'mret', w, 0, 0, 0, 0);
        if (w === FIXED_WORDS.sret) return make(S.SRET, 'sret', w, 0, 0, 0, 0);
        if (w === FIXED_WORDS.wfi) return make(S.WFI, 'wfi', w, 0, 0, 0, 0);
        if (f7 === SFENCE_VMA_FUNCT7 && rd === 0) return make(S.SFENCE_VMA, 'sfence.vma', w, 0, rs1, rs2, 0);
        return bad;
      }
      const c = CSR_OPS[f3];
      return c ? make(c[0], c[1], w, rd, rs1, 0, (w >>> 20) & 0xfff) : bad;
    }
    case Opcode.LOAD_FP:
    case Opcode.STORE_FP:
    case Opcode.MADD:
    case Opcode.MSUB:
    case Opcode.NMSUB:
    case Opcode.NMADD:
    case Opcode.OP_FP:
      return decodeFloat(w);
    case Opcode.AMO: {
      const a = AMOS[w >>> 27];
      if (!a || (f3 !== 2 && f3 !== 3)) return bad;
      if (w >>> 27 === AMO_FUNCT5.lr && rs2 !== 0) return bad;
      const suffix = f3 === 2 ? '.w' : '.d';
      return make(f3 === 2 ? a[0] : a[1], a[2] + suffix, w, rd, rs1, rs2, 0);
    }
  }
  return bad;
}
