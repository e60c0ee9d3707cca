// Decoding of the F and D extensions: LOAD-FP, STORE-FP, the R4 fused multiply-adds and
// OP-FP (encodings from runtime/riscv/float-opcodes.ts). A static rounding mode of 5 or 6
// is reserved and decodes as illegal (§11.2); DYN is checked against frm when it runs.

import { Insn } from './insn.js';
import { illegal } from './decode.js';
import { FLOAT_HANDLERS, FLD, FLW, FSD, FSW } from './exec-float.js';
import { Opcode } from '../runtime/riscv/opcodes.js';
import { decodeFloatForm, LOAD_FP_FUNCT3, STORE_FP_FUNCT3 } from '../runtime/riscv/float-opcodes.js';

export function decodeFloat(w: number): Insn {
  const opcode = w & 0x7f;
  const rd = (w >>> 7) & 31;
  const f3 = (w >>> 12) & 7;
  const rs1 = (w >>> 15) & 31;
  const rs2 = (w >>> 20) & 31;
  if (opcode === Opcode.LOAD_FP) {
    const imm = w >> 20;
    if (f3 === LOAD_FP_FUNCT3.flw) return new Insn(FLW, rd, rs1, 0, imm, 4, w, 'flw');
    if (f3 === LOAD_FP_FUNCT3.fld) return new Insn(FLD, rd, rs1, 0, imm, 4, w, 'fld');
    return illegal(w, 4);
  }
  if (opcode === Opcode.STORE_FP) {
    const imm = ((w >> 25) << 5) | rd;
    if (f3 === STORE_FP_FUNCT3.fsw) return new Insn(FSW, 0, rs1, rs2, imm, 4, w, 'fsw');
    if (f3 === STORE_FP_FUNCT3.fsd) return new Insn(FSD, 0, rs1, rs2, imm, 4, w, 'fsd');
    return illegal(w, 4);
  }
  const form = decodeFloatForm(w);
  if (!form || (form.rounding && (f3 === 5 || f3 === 6))) return illegal(w, 4);
  return new Insn(FLOAT_HANDLERS[form.name]!, rd, rs1, rs2, f3 | ((w >>> 27) << 3), 4, w, form.name);
}
