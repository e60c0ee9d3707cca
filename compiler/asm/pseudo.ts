// Pseudo-instructions of the RISC-V assembly manual (riscv-asm-manual, "Pseudoinstructions"
// tables) expanded into base instructions. `la` is `lla` (pc-relative): we link static,
// non-PIC images only.

import { encodeInstruction, type NumericOperands } from './encode.js';
import type { Result } from './expression.js';
import { branchTarget, csrOperand, immediateField, type Fixup, type InstructionContext } from './instructions.js';
import { loadImmediateSteps } from './load-immediate.js';
import { expectRegister, isMemoryOperand, parseImmediate } from './operands.js';

const OK: Result<void> = { ok: true, value: undefined };
const fail = (message: string): Result<never> => ({ ok: false, message });

const ZERO = 0, RA = 1, T1 = 6;

function emit(context: InstructionContext, name: string, ops: NumericOperands, fixup?: Fixup): Result<void> {
  const word = encodeInstruction(name, ops);
  if (!word.ok) return word;
  context.emit32(word.value, fixup);
  return OK;
}

/** Read the registers of `operands`, all of them, or fail on the first bad one. */
function registers(operands: string[], count: number, mnemonic: string): Result<number[]> {
  if (operands.length !== count) return fail(`'${mnemonic}' takes ${count} operand${count === 1 ? '' : 's'}, found ${operands.length}`);
  const values: number[] = [];
  for (const text of operands) {
    const reg = expectRegister(text);
    if (!reg.ok) return reg;
    values.push(reg.value);
  }
  return { ok: true, value: values };
}

/** Register-to-register pseudos: name -> (operands) -> base instruction. */
const REGISTER_PSEUDOS: Record<string, { count: number; expand: (r: number[]) => [string, NumericOperands] }> = {
  nop: { count: 0, expand: () => ['addi', { rd: 0, rs1: 0, imm: 0 }] },
  ret: { count: 0, expand: () => ['jalr', { rd: ZERO, rs1: RA, imm: 0 }] },
  jr: { count: 1, expand: ([rs]) => ['jalr', { rd: ZERO, rs1: rs, imm: 0 }] },
  mv: { count: 2, expand: ([rd, rs]) => ['addi', { rd, rs1: rs, imm: 0 }] },
  not: { count: 2, expand: ([rd, rs]) => ['xori', { rd, rs1: rs, imm: -1 }] },
  neg: { count: 2, expand: ([rd, rs]) => ['sub', { rd, rs1: ZERO, rs2: rs }] },
  negw: { count: 2, expand: ([rd, rs]) => ['subw', { rd, rs1: ZERO, rs2: rs }] },
  'sext.w': { count: 2, expand: ([rd, rs]) => ['addiw', { rd, rs1: rs, imm: 0 }] },
  'zext.b': { count: 2, expand: ([rd, rs]) => ['andi', { rd, rs1: rs, imm: 255 }] },
  seqz: { count: 2, expand: ([rd, rs]) => ['sltiu', { rd, rs1: rs, imm: 1 }] },
  snez: { count: 2, expand: ([rd, rs]) => ['sltu', { rd, rs1: ZERO, rs2: rs }] },
  sltz: { count: 2, expand: ([rd, rs]) => ['slt', { rd, rs1: rs, rs2: ZERO }] },
  sgtz: { count: 2, expand: ([rd, rs]) => ['slt', { rd, rs1: ZERO, rs2: rs }] },
  rdcycle: { count: 1, expand: ([rd]) => ['csrrs', { rd, csr: 0xc00, rs1: ZERO }] },
  rdtime: { count: 1, expand: ([rd]) => ['csrrs', { rd, csr: 0xc01, rs1: ZERO }] },
  rdinstret: { count: 1, expand: ([rd]) => ['csrrs', { rd, csr: 0xc02, rs1: ZERO }] },
};

/** Branch pseudos: [base, swap operands, compare against zero as first/second operand]. */
const BRANCH_PSEUDOS: Record<string, { base: string; zero?: 'first' | 'second'; swap?: boolean }> = {
  beqz: { base: 'beq', zero: 'second' },
  bnez: { base: 'bne', zero: 'second' },
  blez: { base: 'bge', zero: 'first' },
  bgez: { base: 'bge', zero: 'second' },
  bltz: { base: 'blt', zero: 'second' },
  bgtz: { base: 'blt', zero: 'first' },
  bgt: { base: 'blt', swap: true },
  ble: { base: 'bge', swap: true },
  bgtu: { base: 'bltu', swap: true },
  bleu: { base: 'bgeu', swap: true },
};

const CSR_PSEUDOS: Record<string, { base: string; immediate: boolean; readsInto: boolean }> = {
  csrr: { base: 'csrrs', immediate: false, readsInto: true },
  csrw: { base: 'csrrw', immediate: false, readsInto: false },
  csrs: { base: 'csrrs', immediate: false, readsInto: false },
  csrc: { base: 'csrrc', immediate: false, readsInto: false },
  csrwi: { base: 'csrrwi', immediate: true, readsInto: false },
  csrsi: { base: 'csrrsi', immediate: true, readsInto: false },
  csrci: { base: 'csrrci', immediate: true, readsInto: false },
};

const LOADS = new Set(['lb', 'lh', 'lw', 'ld', 'lbu', 'lhu', 'lwu']);
const STORES = new Set(['sb', 'sh', 'sw', 'sd']);

/** Expand a pseudo-instruction; undefined when `mnemonic` is not one. */
export function assemblePseudo(mnemonic: string, operands: string[], context: InstructionContext): Result<void> | undefined {
  const simple = REGISTER_PSEUDOS[mnemonic];
  if (simple) {
    const regs = registers(operands, simple.count, mnemonic);
    if (!regs.ok) return regs;
    const [name, ops] = simple.expand(regs.value);
    return emit(context, name, ops);
  }
  const branch = BRANCH_PSEUDOS[mnemonic];
  if (branch) {
    const registerCount = branch.zero ? 1 : 2;
    if (operands.length !== registerCount + 1) return fail(`'${mnemonic}' takes ${registerCount + 1} operands, found ${operands.length}`);
    const regs = registers(operands.slice(0, registerCount), registerCount, mnemonic);
    if (!regs.ok) return regs;
    const [a, b] = regs.value as [number, number];
    const [rs1, rs2] = branch.zero === 'first' ? [ZERO, a] : branch.zero === 'second' ? [a, ZERO] : branch.swap ? [b, a] : [a, b];
    const target = branchTarget(operands.at(-1)!, 'branch', context);
    if (!target.ok) return target;
    return emit(context, branch.base, { rs1, rs2, imm: 0 }, target.value);
  }
  const csr = CSR_PSEUDOS[mnemonic];
  if (csr) {
    if (operands.length !== 2) return fail(`'${mnemonic}' takes 2 operands, found ${operands.length}`);
    const [first, second] = operands as [string, string];
    if (csr.readsInto) {
      const rd = expectRegister(first);
      if (!rd.ok) return rd;
      const number = csrOperand(second, context);
      if (!number.ok) return number;
      return emit(context, csr.base, { rd: rd.value, csr: number.value, rs1: ZERO });
    }
    const number = csrOperand(first, context);
    if (!number.ok) return number;
    if (csr.immediate) {
      const imm = parseImmediate(second, context);
      if (!imm.ok) return imm;
      const value = context.constant(imm.value.expr);
      if (!value.ok) return value;
      return emit(context, csr.base, { rd: ZERO, csr: number.value, imm: Number(value.value) });
    }
    const rs = expectRegister(second);
    if (!rs.ok) return rs;
    return emit(context, csr.base, { rd: ZERO, csr: number.value, rs1: rs.value });
  }
  switch (mnemonic) {
    case 'j': {
      if (operands.length !== 1) return fail(`'j' takes 1 operand, found ${operands.length}`);
      const target = branchTarget(operands[0]!, 'jal', context);
      return target.ok ? emit(context, 'jal', { rd: ZERO, imm: 0 }, target.value) : target;
    }
    case 'li': {
      if (operands.length !== 2) return fail(`'li' takes 2 operands, found ${operands.length}`);
      const rd = expectRegister(operands[0]!);
      if (!rd.ok) return rd;
      const imm = parseImmediate(operands[1]!, context);
      if (!imm.ok) return imm;
      if (imm.value.operator) return fail("'li' takes a constant; use 'la' for addresses");
      const value = context.constant(imm.value.expr);
      if (!value.ok) return value;
      if (value.value < -(1n << 63n) || value.value >= 1n << 64n) return fail(`constant ${value.value} does not fit 64 bits`);
      for (const step of loadImmediateSteps(rd.value, value.value)) {
        const done = emit(context, step.name, step.ops);
        if (!done.ok) return done;
      }
      return OK;
    }
    case 'la':
    case 'lla': {
      if (operands.length !== 2) return fail(`'${mnemonic}' takes 2 operands, found ${operands.length}`);
      const rd = expectRegister(operands[0]!);
      if (!rd.ok) return rd;
      return pcRelativePair(context, operands[1]!, rd.value, (anchor) => emit(context, 'addi', { rd: rd.value, rs1: rd.value, imm: 0 }, anchor('pcrel-lo12-i')));
    }
    case 'call':
    case 'tail': {
      // call: auipc ra + jalr ra; tail: auipc t1 + jalr zero (psABI R_RISCV_CALL pair).
      if (operands.length !== 1 && !(mnemonic === 'call' && operands.length === 2)) return fail(`'${mnemonic}' takes 1 operand, found ${operands.length}`);
      let link = mnemonic === 'call' ? RA : ZERO;
      let scratch = mnemonic === 'call' ? RA : T1;
      if (operands.length === 2) {
        const rd = expectRegister(operands[0]!);
        if (!rd.ok) return rd;
        link = scratch = rd.value;
      }
      const target = branchTarget(operands.at(-1)!, 'call', context);
      if (!target.ok) return target;
      const auipc = emit(context, 'auipc', { rd: scratch, imm: 0 }, target.value);
      if (!auipc.ok) return auipc;
      return emit(context, 'jalr', { rd: link, rs1: scratch, imm: 0 });
    }
  }
  // `lw rd, symbol` and `sw rs, symbol, rt`: pc-relative access to a symbol.
  if (LOADS.has(mnemonic) && operands.length === 2 && !isMemoryOperand(operands[1]!)) {
    const rd = expectRegister(operands[0]!);
    if (!rd.ok) return rd;
    return pcRelativePair(context, operands[1]!, rd.value, (anchor) => emit(context, mnemonic, { rd: rd.value, rs1: rd.value, imm: 0 }, anchor('pcrel-lo12-i')));
  }
  if (STORES.has(mnemonic) && operands.length === 3 && !isMemoryOperand(operands[1]!)) {
    const regs = registers([operands[0]!, operands[2]!], 2, mnemonic);
    if (!regs.ok) return regs;
    const [rs, temp] = regs.value as [number, number];
    return pcRelativePair(context, operands[1]!, temp, (anchor) => emit(context, mnemonic, { rs2: rs, rs1: temp, imm: 0 }, anchor('pcrel-lo12-s')));
  }
  return undefined;
}

/** auipc with %pcrel_hi(symbol), then a second instruction whose low part refers back to it. */
function pcRelativePair(
  context: InstructionContext,
  symbolText: string,
  auipcRegister: number,
  second: (anchor: (kind: 'pcrel-lo12-i' | 'pcrel-lo12-s') => Fixup) => Result<void>,
): Result<void> {
  const symbol = parseImmediate(symbolText, context);
  if (!symbol.ok) return symbol;
  if (symbol.value.operator || context.constant(symbol.value.expr).ok) return fail(`expected a symbol, found '${symbolText}'`);
  const hi = immediateField({ operator: 'pcrel_hi', expr: symbol.value.expr }, 'U', context);
  if (!hi.ok) return hi;
  const anchorLabel = context.here();
  const auipc = emit(context, 'auipc', { rd: auipcRegister, imm: 0 }, hi.value.fixup);
  if (!auipc.ok) return auipc;
  return second((kind) => ({ kind, expr: { k: 'sym', name: anchorLabel } }));
}
