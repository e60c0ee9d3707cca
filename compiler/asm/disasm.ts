// Disassembly in objdump's spelling (GNU objdump -d, default alias mode): `li`, `mv`,
// `ret`, `beqz`, `csrr`... and branch targets as absolute hex addresses. One deliberate
// difference: binutils 2.40 prints immediate forms without their `i` (`add a0,a1,5` for
// addi); we keep the ISA mnemonic (`addi a0,a1,5`) because that is what a student reads in
// the specification. Compressed parcels print as the instruction they expand to, as objdump does.

import { gatherImmediate, Layout, signExtend } from './bit-fields.js';
import { expandCompressed } from './compressed.js';
import { csrName } from '../../runtime/riscv/csr.js';
import { fenceSetName } from './encode.js';
import { decodeForm } from './opcodes.js';
import { registerName } from './registers.js';
import { disassembleCompressedFloat, disassembleFloatWord, floatCsrAlias } from './float-disasm.js';

export interface Disassembly {
  /** `mnemonic operands`, separated by one space. */
  readonly text: string;
  readonly mnemonic: string;
  readonly operands: string;
  /** Bytes consumed: 2 for a compressed parcel, 4 otherwise. */
  readonly length: 2 | 4;
  /** Branch or jump destination, when the instruction has one. */
  readonly target?: bigint;
  readonly known: boolean;
}

export type Symbolizer = (address: bigint) => string | undefined;

const hex = (value: number | bigint) => `0x${value.toString(16)}`;

/** Length of the instruction starting with this parcel (unprivileged spec §1.5). */
export function instructionLength(firstParcel: number): 2 | 4 {
  return (firstParcel & 3) === 3 ? 4 : 2;
}

/**
 * Disassemble the instruction in `word` (its low 16 bits when compressed) at address `pc`.
 * `symbolize` names branch targets (`<label+0x8>`), as objdump does with a symbol table.
 */
export function disassemble(word: number, pc = 0n, symbolize?: Symbolizer): Disassembly {
  const length = instructionLength(word & 0xffff);
  const full = length === 2 ? expandCompressed(word & 0xffff) : word >>> 0;
  if (full === undefined) {
    const float = disassembleCompressedFloat(word & 0xffff);
    return float ? { ...result(float.mnemonic, float.operands), length, known: true } : unknown(word & 0xffff, 2);
  }
  // c.mv expands to `add rd, x0, rs2` (spec §16.5), which objdump still prints as `mv`.
  if (length === 2 && (word & 0xf003) === 0x8002 && ((word >>> 2) & 31) !== 0) {
    const operands = `${registerName((word >>> 7) & 31)},${registerName((word >>> 2) & 31)}`;
    return { ...result('mv', operands), length, known: true };
  }
  const decoded = disassembleWord(full, pc, symbolize);
  if (!decoded) return unknown(word >>> 0, length);
  return { ...decoded, length, known: true };
}

function unknown(value: number, length: 2 | 4): Disassembly {
  const mnemonic = length === 2 ? '.2byte' : '.4byte';
  const operands = hex(value);
  return { text: `${mnemonic} ${operands}`, mnemonic, operands, length, known: false };
}

function result(mnemonic: string, operands: string, target?: bigint) {
  return { text: operands ? `${mnemonic} ${operands}` : mnemonic, mnemonic, operands, target };
}

function targetText(target: bigint, symbolize?: Symbolizer): string {
  const name = symbolize?.(target);
  return `${target.toString(16)}${name ? ` <${name}>` : ''}`;
}

function disassembleWord(word: number, pc: bigint, symbolize?: Symbolizer) {
  const form = decodeForm(word);
  if (!form) {
    const float = disassembleFloatWord(word);
    return float && result(float.mnemonic, float.operands);
  }
  const rdN = (word >>> 7) & 31, rs1N = (word >>> 15) & 31, rs2N = (word >>> 20) & 31;
  const rd = registerName(rdN), rs1 = registerName(rs1N), rs2 = registerName(rs2N);
  const immI = signExtend(word >>> 20, 12);
  const name = form.name;
  switch (form.format) {
    case 'R':
      if (rs1N === 0 && (name === 'sub' || name === 'subw')) return result(name === 'sub' ? 'neg' : 'negw', `${rd},${rs2}`);
      if (rs1N === 0 && name === 'sltu') return result('snez', `${rd},${rs2}`);
      if (name === 'slt' && rs2N === 0) return result('sltz', `${rd},${rs1}`);
      if (name === 'slt' && rs1N === 0) return result('sgtz', `${rd},${rs2}`);
      return result(name, `${rd},${rs1},${rs2}`);
    case 'I':
      if (name === 'addi') {
        if (rdN === 0 && rs1N === 0 && immI === 0) return result('nop', '');
        if (rs1N === 0) return result('li', `${rd},${immI}`);
        if (immI === 0) return result('mv', `${rd},${rs1}`);
      }
      if (name === 'addiw' && immI === 0) return result('sext.w', `${rd},${rs1}`);
      if (name === 'xori' && immI === -1) return result('not', `${rd},${rs1}`);
      if (name === 'sltiu' && immI === 1) return result('seqz', `${rd},${rs1}`);
      return result(name, `${rd},${rs1},${immI}`);
    case 'SHIFT6':
    case 'SHIFT5':
      return result(name, `${rd},${rs1},${hex(rs2N | (form.format === 'SHIFT6' ? ((word >>> 25) & 1) << 5 : 0))}`);
    case 'LOAD':
      return result(name, `${rd},${immI}(${rs1})`);
    case 'STORE':
      return result(name, `${rs2},${signExtend(gatherImmediate(word, Layout.S), 12)}(${rs1})`);
    case 'BRANCH': {
      const target = BigInt.asUintN(64, pc + BigInt(signExtend(gatherImmediate(word, Layout.B), 13)));
      const where = targetText(target, symbolize);
      const zeroForms: Record<string, [string, string]> = { beq: ['beqz', ''], bne: ['bnez', ''], blt: ['bltz', 'bgtz'], bge: ['bgez', 'blez'] };
      const alias = zeroForms[name];
      if (alias && rs2N === 0) return result(alias[0], `${rs1},${where}`, target);
      if (alias?.[1] && rs1N === 0) return result(alias[1], `${rs2},${where}`, target);
      return result(name, `${rs1},${rs2},${where}`, target);
    }
    case 'U':
      return result(name, `${rd},${hex(word >>> 12)}`);
    case 'JAL': {
      const target = BigInt.asUintN(64, pc + BigInt(signExtend(gatherImmediate(word, Layout.J), 21)));
      const where = targetText(target, symbolize);
      if (rdN === 0) return result('j', where, target);
      if (rdN === 1) return result('jal', where, target);
      return result('jal', `${rd},${where}`, target);
    }
    case 'JALR': {
      if (rdN === 0 && rs1N === 1 && immI === 0) return result('ret', '');
      const address = immI === 0 ? rs1 : `${immI}(${rs1})`;
      if (rdN === 0) return result('jr', address);
      if (rdN === 1) return result('jalr', address);
      return result('jalr', `${rd},${immI}(${rs1})`);
    }
    case 'AMO':
      return result(name + ordering(word), `${rd},${rs2},(${rs1})`);
    case 'LR':
      return result(name + ordering(word), `${rd},(${rs1})`);
    case 'CSR':
    case 'CSRI': {
      const csrNumber = word >>> 20;
      const csr = csrName(csrNumber);
      const source = form.format === 'CSR' ? rs1 : String(rs1N);
      const float = floatCsrAlias(name, rdN, rs1N, csrNumber);
      if (float) return result(float.mnemonic, float.operands);
      if (name === 'csrrs' && rs1N === 0) {
        const counter = ({ 0xc00: 'rdcycle', 0xc01: 'rdtime', 0xc02: 'rdinstret' } as Record<number, string>)[csrNumber];
        return counter ? result(counter, rd) : result('csrr', `${rd},${csr}`);
      }
      if (rdN === 0) return result(`csr${name.slice(4)}`, `${csr},${source}`);
      return result(name, `${rd},${csr},${source}`);
    }
    case 'FENCE': {
      const pred = (word >>> 24) & 15, succ = (word >>> 20) & 15;
      return pred === 15 && succ === 15 ? result('fence', '') : result('fence', `${fenceSetName(pred)},${fenceSetName(succ)}`);
    }
    case 'SFENCE':
      return result(name, rs2N !== 0 ? `${rs1},${rs2}` : rs1N !== 0 ? rs1 : '');
    case 'NONE':
      return result(name, '');
  }
}

function ordering(word: number): string {
  const aq = (word >>> 26) & 1, rl = (word >>> 25) & 1;
  return aq && rl ? '.aqrl' : aq ? '.aq' : rl ? '.rl' : '';
}

/** A listing of a code region, one instruction per line: `address: text`. */
export function disassembleRegion(bytes: Uint8Array, baseAddress: bigint, symbolize?: Symbolizer): { address: bigint; length: number; text: string }[] {
  const lines: { address: bigint; length: number; text: string }[] = [];
  let offset = 0;
  while (offset + 2 <= bytes.length) {
    const low = bytes[offset]! | (bytes[offset + 1]! << 8);
    const length = instructionLength(low);
    if (offset + length > bytes.length) break;
    const word = length === 4 ? (low | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) >>> 0 : low;
    const address = baseAddress + BigInt(offset);
    lines.push({ address, length, text: disassemble(word, address, symbolize).text });
    offset += length;
  }
  return lines;
}
