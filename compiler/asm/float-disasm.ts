// Disassembly of the F and D extensions in objdump's spelling (binutils 2.40, default alias
// mode): ABI float register names, a rounding-mode operand only when it is not `dyn`, the
// sign-injection aliases fmv/fneg/fabs, the float CSR aliases (frflags, fsrm, fscsr, ...)
// and the compressed double loads and stores printed as the instruction they expand to.

import { gatherImmediate, Layout, signExtend } from './bit-fields.js';
import { floatRegisterName } from './float-registers.js';
import { EXACT_CONVERSIONS } from './float-instructions.js';
import { registerName } from './registers.js';
import { Csr } from '../../runtime/riscv/csr.js';
import { decodeFloatForm, LOAD_FP_FUNCT3, RM_DYN, ROUNDING_MODES, STORE_FP_FUNCT3 } from '../../runtime/riscv/float-opcodes.js';
import { Opcode } from '../../runtime/riscv/opcodes.js';

export interface FloatText {
  readonly mnemonic: string;
  readonly operands: string;
}

const SIGN_ALIASES: Record<string, string> = { fsgnj: 'fmv', fsgnjn: 'fneg', fsgnjx: 'fabs' };

/** A 32-bit F/D word as objdump prints it, or undefined when it is not one. */
export function disassembleFloatWord(word: number): FloatText | undefined {
  const opcode = word & 0x7f;
  const rdN = (word >>> 7) & 31, f3 = (word >>> 12) & 7, rs1N = (word >>> 15) & 31, rs2N = (word >>> 20) & 31;
  const base = registerName(rs1N);
  if (opcode === Opcode.LOAD_FP || opcode === Opcode.STORE_FP) {
    const load = opcode === Opcode.LOAD_FP;
    const names: Record<number, string> = load ? { [LOAD_FP_FUNCT3.flw]: 'flw', [LOAD_FP_FUNCT3.fld]: 'fld' } : { [STORE_FP_FUNCT3.fsw]: 'fsw', [STORE_FP_FUNCT3.fsd]: 'fsd' };
    const mnemonic = names[f3];
    if (!mnemonic) return undefined;
    const offset = load ? signExtend(word >>> 20, 12) : signExtend(gatherImmediate(word, Layout.S), 12);
    return { mnemonic, operands: `${floatRegisterName(load ? rdN : rs2N)},${offset}(${base})` };
  }
  const form = decodeFloatForm(word);
  if (!form) return undefined;
  if (form.rounding && (f3 === 5 || f3 === 6)) return undefined;
  // binutils knows the exact conversions only with rm = rne.
  if (EXACT_CONVERSIONS.has(form.name) && f3 !== 0) return undefined;
  const reg = (kind: string, n: number) => (kind === 'f' ? floatRegisterName(n) : registerName(n));
  const kinds = [...form.operands];
  const numbers = [rdN, rs1N, rs2N, word >>> 27];
  const [family] = form.name.split('.');
  if (family! in SIGN_ALIASES && rs1N === rs2N) {
    return { mnemonic: `${SIGN_ALIASES[family!]}.${form.fmt}`, operands: `${floatRegisterName(rdN)},${floatRegisterName(rs1N)}` };
  }
  const operands = kinds.map((kind, k) => reg(kind, numbers[k]!));
  if (form.rounding && !EXACT_CONVERSIONS.has(form.name) && f3 !== RM_DYN) operands.push(ROUNDING_MODES[f3]!);
  return { mnemonic: form.name, operands: operands.join(',') };
}

/** c.fld, c.fsd, c.fldsp, c.fsdsp as the fld/fsd they expand to, or undefined. */
export function disassembleCompressedFloat(half: number): FloatText | undefined {
  const quadrant = half & 3, f3 = half >>> 13;
  const rdP = floatRegisterName(8 + ((half >>> 2) & 7)), rs1P = registerName(8 + ((half >>> 7) & 7));
  if (quadrant === 0 && (f3 === 1 || f3 === 5)) {
    return { mnemonic: f3 === 1 ? 'fld' : 'fsd', operands: `${rdP},${gatherImmediate(half, Layout.C_LD)}(${rs1P})` };
  }
  if (quadrant === 2 && f3 === 1) return { mnemonic: 'fld', operands: `${floatRegisterName((half >>> 7) & 31)},${gatherImmediate(half, Layout.C_LDSP)}(sp)` };
  if (quadrant === 2 && f3 === 5) return { mnemonic: 'fsd', operands: `${floatRegisterName((half >>> 2) & 31)},${gatherImmediate(half, Layout.C_SDSP)}(sp)` };
  return undefined;
}

const FLOAT_CSR_SUFFIX: Record<number, string> = { [Csr.FFLAGS]: 'flags', [Csr.FRM]: 'rm', [Csr.FCSR]: 'csr' };

/** frflags/fsflags/fsflagsi, frrm/fsrm/fsrmi, frcsr/fscsr for a Zicsr word, as objdump aliases them. */
export function floatCsrAlias(name: string, rdN: number, rs1N: number, csr: number): FloatText | undefined {
  const suffix = FLOAT_CSR_SUFFIX[csr];
  if (!suffix) return undefined;
  const rd = registerName(rdN);
  if (name === 'csrrs' && rs1N === 0) return { mnemonic: `fr${suffix}`, operands: rd };
  if (name === 'csrrw') return { mnemonic: `fs${suffix}`, operands: rdN === 0 ? registerName(rs1N) : `${rd},${registerName(rs1N)}` };
  if (name === 'csrrwi' && csr !== Csr.FCSR) return { mnemonic: `fs${suffix}i`, operands: `${rd},${rs1N}` };
  return undefined;
}
