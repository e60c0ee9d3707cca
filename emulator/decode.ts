// Instruction decoder: a 32-bit word (or a 16-bit RVC parcel, see decode-compressed.ts) to
// an Insn with its handler and fields (unprivileged spec v20191213 ch. 24 opcode map,
// privileged spec v1.12 table 9.2 for SYSTEM). Every word decodes: anything not listed
// becomes ILLEGAL, which raises an illegal-instruction trap with the word as mtval.

import { Insn, type Handler } from './insn.js';
import * as I from './exec-integer.js';
import * as S from './exec-system.js';
import * as A from './exec-atomic.js';
import { decodeCompressed } from './decode-compressed.js';

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

const LOADS: (readonly [Handler, string] | null)[] = [
  [I.LB, 'lb'], [I.LH, 'lh'], [I.LW, 'lw'], [I.LD, 'ld'], [I.LBU, 'lbu'], [I.LHU, 'lhu'], [I.LWU, 'lwu'], null,
];
const STORES: (readonly [Handler, string] | null)[] = [[I.SB, 'sb'], [I.SH, 'sh'], [I.SW, 'sw'], [I.SD, 'sd'], null, null, null, null];
const BRANCHES: (readonly [Handler, string] | null)[] = [
  [I.BEQ, 'beq'], [I.BNE, 'bne'], null, null, [I.BLT, 'blt'], [I.BGE, 'bge'], [I.BLTU, 'bltu'], [I.BGEU, 'bgeu'],
];
const OP_IMM: (readonly [Handler, string] | null)[] = [
  [I.ADDI, 'addi'], null, [I.SLTI, 'slti'], [I.SLTIU, 'sltiu'], [I.XORI, 'xori'], null, [I.ORI, 'ori'], [I.ANDI, 'andi'],
];
const OP: Record<number, readonly [Handler, string]> = {
  0x000: [I.ADD, 'add'], 0x001: [I.SLL, 'sll'], 0x002: [I.SLT, 'slt'], 0x003: [I.SLTU, 'sltu'],
  0x004: [I.XOR, 'xor'], 0x005: [I.SRL, 'srl'], 0x006: [I.OR, 'or'], 0x007: [I.AND, 'and'],
  0x100: [I.SUB, 'sub'], 0x105: [I.SRA, 'sra'],
  0x008: [I.MUL, 'mul'], 0x009: [I.MULH, 'mulh'], 0x00a: [I.MULHSU, 'mulhsu'], 0x00b: [I.MULHU, 'mulhu'],
  0x00c: [I.DIV, 'div'], 0x00d: [I.DIVU, 'divu'], 0x00e: [I.REM, 'rem'], 0x00f: [I.REMU, 'remu'],
};
const OP_32: Record<number, readonly [Handler, string]> = {
  0x000: [I.ADDW, 'addw'], 0x001: [I.SLLW, 'sllw'], 0x005: [I.SRLW, 'srlw'],
  0x100: [I.SUBW, 'subw'], 0x105: [I.SRAW, 'sraw'],
  0x008: [I.MULW, 'mulw'], 0x00c: [I.DIVW, 'divw'], 0x00d: [I.DIVUW, 'divuw'], 0x00e: [I.REMW, 'remw'], 0x00f: [I.REMUW, 'remuw'],
};
const CSR_OPS: (readonly [Handler, string] | null)[] = [
  null, [S.CSRRW, 'csrrw'], [S.CSRRS, 'csrrs'], [S.CSRRC, 'csrrc'], null, [S.CSRRWI, 'csrrwi'], [S.CSRRSI, 'csrrsi'], [S.CSRRCI, 'csrrci'],
];
/** AMO funct5 → [word handler, doubleword handler, name]. */
const AMOS: Record<number, readonly [Handler, Handler, string]> = {
  0x00: [A.AMOADD_W, A.AMOADD_D, 'amoadd'], 0x01: [A.AMOSWAP_W, A.AMOSWAP_D, 'amoswap'],
  0x02: [A.LR_W, A.LR_D, 'lr'], 0x03: [A.SC_W, A.SC_D, 'sc'],
  0x04: [A.AMOXOR_W, A.AMOXOR_D, 'amoxor'], 0x08: [A.AMOOR_W, A.AMOOR_D, 'amoor'],
  0x0c: [A.AMOAND_W, A.AMOAND_D, 'amoand'], 0x10: [A.AMOMIN_W, A.AMOMIN_D, 'amomin'],
  0x14: [A.AMOMAX_W, A.AMOMAX_D, 'amomax'], 0x18: [A.AMOMINU_W, A.AMOMINU_D, 'amominu'],
  0x1c: [A.AMOMAXU_W, A.AMOMAXU_D, 'amomaxu'],
};

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
    case 0x37: return make(I.LUI, 'lui', w, rd, 0, 0, immU);
    case 0x17: return make(I.AUIPC, 'auipc', w, rd, 0, 0, immU);
    case 0x6f: return make(I.JAL, 'jal', w, rd, 0, 0, immJ);
    case 0x67: return f3 === 0 ? make(I.JALR, 'jalr', w, rd, rs1, 0, immI) : bad;
    case 0x63: {
      const b = BRANCHES[f3];
      return b ? make(b[0], b[1], w, 0, rs1, rs2, immB) : bad;
    }
    case 0x03: {
      const l = LOADS[f3];
      return l ? make(l[0], l[1], w, rd, rs1, 0, immI) : bad;
    }
    case 0x23: {
      const s = STORES[f3];
      return s ? make(s[0], s[1], w, 0, rs1, rs2, immS) : bad;
    }
    case 0x13: {
      if (f3 === 1) return w >>> 26 === 0 ? make(I.SLLI, 'slli', w, rd, rs1, 0, immI & 63) : bad;
      if (f3 === 5) {
        if (w >>> 26 === 0) return make(I.SRLI, 'srli', w, rd, rs1, 0, immI & 63);
        if (w >>> 26 === 0x10) return make(I.SRAI, 'srai', w, rd, rs1, 0, immI & 63);
        return bad;
      }
      const o = OP_IMM[f3];
      return o ? make(o[0], o[1], w, rd, rs1, 0, immI) : bad;
    }
    case 0x1b: {
      if (f3 === 0) return make(I.ADDIW, 'addiw', w, rd, rs1, 0, immI);
      if (f3 === 1 && f7 === 0) return make(I.SLLIW, 'slliw', w, rd, rs1, 0, rs2);
      if (f3 === 5 && f7 === 0) return make(I.SRLIW, 'srliw', w, rd, rs1, 0, rs2);
      if (f3 === 5 && f7 === 0x20) return make(I.SRAIW, 'sraiw', w, rd, rs1, 0, rs2);
      return bad;
    }
    case 0x33: {
      const key = f7 === 0 ? f3 : f7 === 0x20 ? 0x100 | f3 : f7 === 1 ? 8 | f3 : -1;
      const o = OP[key];
      return o ? make(o[0], o[1], w, rd, rs1, rs2, 0) : bad;
    }
    case 0x3b: {
      const key = f7 === 0 ? f3 : f7 === 0x20 ? 0x100 | f3 : f7 === 1 ? 8 | f3 : -1;
      const o = OP_32[key];
      return o ? make(o[0], o[1], w, rd, rs1, rs2, 0) : bad;
    }
    case 0x0f:
      if (f3 === 0) return make(S.FENCE, 'fence', w, 0, 0, 0, 0);
      if (f3 === 1) return make(S.FENCE_I, 'fence.i', w, 0, 0, 0, 0);
      return bad;
    case 0x73: {
      if (f3 === 0) {
        if (w === 0x00000073) return make(S.ECALL, 'ecall', w, 0, 0, 0, 0);
        if (w === 0x00100073) return make(S.EBREAK, 'ebreak', w, 0, 0, 0, 0);
        if (w === 0x30200073) return make(S.MRET, 'mret', w, 0, 0, 0, 0);
        if (w === 0x10200073) return make(S.SRET, 'sret', w, 0, 0, 0, 0);
        if (w === 0x10500073) return make(S.WFI, 'wfi', w, 0, 0, 0, 0);
        if (f7 === 0x09 && rd === 0) return make(S.SFENCE_VMA, 'sfence.vma', w, 0, rs1, rs2, 0);
        return bad;
      }
      const c = CSR_OPS[f3];
      return c ? make(c[0], c[1], w, rd, rs1, 0, (w >>> 20) & 0xfff) : bad;
    }
    case 0x2f: {
      const a = AMOS[w >>> 27];
      if (!a || (f3 !== 2 && f3 !== 3)) return bad;
      if (w >>> 27 === 0x02 && rs2 !== 0) return bad;
      const suffix = f3 === 2 ? '.w' : '.d';
      return make(f3 === 2 ? a[0] : a[1], a[2] + suffix, w, rd, rs1, rs2, 0);
    }
  }
  return bad;
}
