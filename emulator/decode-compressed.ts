// RV64C: each 16-bit parcel expands to the Insn of its 32-bit equivalent with len 2
// (unprivileged spec v20191213 ch. 16, tables 16.5-16.7). RV64 has c.fld/c.fsd/c.fldsp/
// c.fsdsp but no single-precision forms; reserved encodings and the all-zero parcel decode
// as illegal.

import { Insn, type Handler } from './insn.js';
import * as I from './exec-integer.js';
import * as S from './exec-system.js';
import { FLD, FSD } from './exec-float.js';

function c(fn: Handler, name: string, raw: number, rd: number, rs1: number, rs2: number, imm: number): Insn {
  return new Insn(fn, rd, rs1, rs2, imm, 2, raw, name);
}

function bad(raw: number): Insn {
  return new Insn(S.ILLEGAL, 0, 0, 0, 0, 2, raw, 'illegal');
}

/** Bit `from` of x, placed at bit `to`. */
function bit(x: number, from: number, to: number): number {
  return ((x >>> from) & 1) << to;
}

/** Sign-extends the low `bits` bits of x. */
function sext(x: number, bits: number): number {
  return (x << (32 - bits)) >> (32 - bits);
}

export function decodeCompressed(h: number): Insn {
  const op = h & 3;
  const f3 = h >>> 13;
  const rd = (h >>> 7) & 31;
  const rs2 = (h >>> 2) & 31;
  const rdP = 8 + ((h >>> 2) & 7);
  const rs1P = 8 + ((h >>> 7) & 7);
  const imm6 = sext(bit(h, 12, 5) | ((h >>> 2) & 31), 6);
  const lwImm = (((h >>> 10) & 7) << 3) | bit(h, 6, 2) | bit(h, 5, 6);
  const ldImm = (((h >>> 10) & 7) << 3) | (((h >>> 5) & 3) << 6);
  const ldspImm = bit(h, 12, 5) | (((h >>> 5) & 3) << 3) | (((h >>> 2) & 7) << 6);
  const sdspImm = (((h >>> 10) & 7) << 3) | (((h >>> 7) & 7) << 6);
  if (op === 0) {
    switch (f3) {
      case 0: {
        const imm = (((h >>> 11) & 3) << 4) | (((h >>> 7) & 15) << 6) | bit(h, 6, 2) | bit(h, 5, 3);
        return imm === 0 ? bad(h) : c(I.ADDI, 'c.addi4spn', h, rdP, 2, 0, imm);
      }
      case 1: return c(FLD, 'c.fld', h, rdP, rs1P, 0, ldImm);
      case 2: return c(I.LW, 'c.lw', h, rdP, rs1P, 0, lwImm);
      case 3: return c(I.LD, 'c.ld', h, rdP, rs1P, 0, ldImm);
      case 5: return c(FSD, 'c.fsd', h, 0, rs1P, rdP, ldImm);
      case 6: return c(I.SW, 'c.sw', h, 0, rs1P, rdP, lwImm);
      case 7: return c(I.SD, 'c.sd', h, 0, rs1P, rdP, ldImm);
    }
    return bad(h);
  }
  if (op === 1) {
    switch (f3) {
      case 0: return c(I.ADDI, 'c.addi', h, rd, rd, 0, imm6);
      case 1: return rd === 0 ? bad(h) : c(I.ADDIW, 'c.addiw', h, rd, rd, 0, imm6);
      case 2: return c(I.ADDI, 'c.li', h, rd, 0, 0, imm6);
      case 3: {
        if (rd === 2) {
          const imm = sext(bit(h, 12, 9) | bit(h, 6, 4) | bit(h, 5, 6) | (((h >>> 3) & 3) << 7) | bit(h, 2, 5), 10);
          return imm === 0 ? bad(h) : c(I.ADDI, 'c.addi16sp', h, 2, 2, 0, imm);
        }
        return imm6 === 0 ? bad(h) : c(I.LUI, 'c.lui', h, rd, 0, 0, imm6 << 12);
      }
      case 4: {
        const f2 = (h >>> 10) & 3;
        const shamt = bit(h, 12, 5) | ((h >>> 2) & 31);
        if (f2 === 0) return c(I.SRLI, 'c.srli', h, rs1P, rs1P, 0, shamt);
        if (f2 === 1) return c(I.SRAI, 'c.srai', h, rs1P, rs1P, 0, shamt);
        if (f2 === 2) return c(I.ANDI, 'c.andi', h, rs1P, rs1P, 0, imm6);
        const sub = (h >>> 5) & 3;
        if (!(h & 0x1000)) {
          const ops: [Handler, string][] = [[I.SUB, 'c.sub'], [I.XOR, 'c.xor'], [I.OR, 'c.or'], [I.AND, 'c.and']];
          return c(ops[sub][0], ops[sub][1], h, rs1P, rs1P, rdP, 0);
        }
        if (sub === 0) return c(I.SUBW, 'c.subw', h, rs1P, rs1P, rdP, 0);
        if (sub === 1) return c(I.ADDW, 'c.addw', h, rs1P, rs1P, rdP, 0);
        return bad(h);
      }
      case 5: {
        const imm = sext(
          bit(h, 12, 11) | bit(h, 11, 4) | (((h >>> 9) & 3) << 8) | bit(h, 8, 10) | bit(h, 7, 6) |
            bit(h, 6, 7) | (((h >>> 3) & 7) << 1) | bit(h, 2, 5),
          12,
        );
        return c(I.JAL, 'c.j', h, 0, 0, 0, imm);
      }
      case 6:
      case 7: {
        const imm = sext(bit(h, 12, 8) | (((h >>> 10) & 3) << 3) | (((h >>> 5) & 3) << 6) | (((h >>> 3) & 3) << 1) | bit(h, 2, 5), 9);
        return f3 === 6 ? c(I.BEQ, 'c.beqz', h, 0, rs1P, 0, imm) : c(I.BNE, 'c.bnez', h, 0, rs1P, 0, imm);
      }
    }
    return bad(h);
  }
  if (op === 2) {
    switch (f3) {
      case 0: return c(I.SLLI, 'c.slli', h, rd, rd, 0, bit(h, 12, 5) | rs2);
      case 1: return c(FLD, 'c.fldsp', h, rd, 2, 0, ldspImm);
      case 2: {
        const imm = bit(h, 12, 5) | (((h >>> 4) & 7) << 2) | (((h >>> 2) & 3) << 6);
        return rd === 0 ? bad(h) : c(I.LW, 'c.lwsp', h, rd, 2, 0, imm);
      }
      case 3: return rd === 0 ? bad(h) : c(I.LD, 'c.ldsp', h, rd, 2, 0, ldspImm);
      case 4: {
        if (!(h & 0x1000)) {
          if (rs2 === 0) return rd === 0 ? bad(h) : c(I.JALR, 'c.jr', h, 0, rd, 0, 0);
          return c(I.ADD, 'c.mv', h, rd, 0, rs2, 0);
        }
        if (rs2 === 0) return rd === 0 ? c(S.EBREAK, 'c.ebreak', h, 0, 0, 0, 0) : c(I.JALR, 'c.jalr', h, 1, rd, 0, 0);
        return c(I.ADD, 'c.add', h, rd, rd, rs2, 0);
      }
      case 5: return c(FSD, 'c.fsdsp', h, 0, 2, rs2, sdspImm);
      case 6: {
        const imm = (((h >>> 9) & 15) << 2) | (((h >>> 7) & 3) << 6);
        return c(I.SW, 'c.swsp', h, 0, 2, rs2, imm);
      }
      case 7: return c(I.SD, 'c.sdsp', h, 0, 2, rs2, sdspImm);
    }
  }
  return bad(h);
}
