// Instruction selection: one IR function to RV64 assembly, using the register
// allocation. Small constants fold into immediate forms, a comparison that only feeds a
// branch becomes a compare-and-branch, and branches reach any distance by jumping over
// an unconditional `j` (its reach is 1 MiB; unprivileged spec §2.5).
import { defs, uses, type BinFn, type Inst, type IrFunction, type Terminator, type VReg } from '../ir/ir.js';
import type { AsmWriter } from './asm-writer.js';
import { fitsImm12 } from './asm-writer.js';
import { allocateRegisters, type Allocation } from './regalloc.js';
import { timed, type PhaseTimings } from '../phase-timings.js';

const R_TYPE: Record<Exclude<BinFn, 'eq' | 'ne'>, string> = {
  add: 'add', sub: 'sub', mul: 'mul', div: 'div', divu: 'divu', rem: 'rem', remu: 'remu',
  and: 'and', or: 'or', xor: 'xor', sll: 'sll', srl: 'srl', sra: 'sra', slt: 'slt', sltu: 'sltu',
};
const I_TYPE: Partial<Record<BinFn, string>> = { add: 'addi', and: 'andi', or: 'ori', xor: 'xori', slt: 'slti', sltu: 'sltiu', sll: 'slli', srl: 'srli', sra: 'srai' };

/** Where generated code came from: a code label and the source position it starts. */
export interface LineEntry {
  label: string;
  file: string;
  line: number;
  column: number;
}

export function selectInstructions(fn: IrFunction, w: AsmWriter, lines: LineEntry[] = [], timings?: PhaseTimings): void {
  const allocation = timed(timings, 'regalloc', () => allocateRegisters(fn));
  new Selector(fn, w, allocation, lines).emit();
}

class Selector {
  private readonly constants = new Map<VReg, bigint>();
  private readonly useCounts: number[];
  private readonly slotOffsets: number[] = [];
  private readonly spillBase: number;
  private readonly frameSize: number;
  private readonly savedOffsets = new Map<string, number>();
  private readonly epilogue: string;

  constructor(
    private readonly fn: IrFunction,
    private readonly w: AsmWriter,
    private readonly alloc: Allocation,
    private readonly lines: LineEntry[],
  ) {
    // Constants defined exactly once can be used as immediates.
    const defCounts = new Array<number>(fn.vregCount).fill(0);
    this.useCounts = new Array<number>(fn.vregCount).fill(0);
    for (const block of fn.blocks) {
      for (const inst of block.insts) {
        for (const d of defs(inst)) defCounts[d]++;
        for (const u of uses(inst)) this.useCounts[u]++;
      }
      if (block.term.op === 'branch') this.useCounts[block.term.cond]++;
      if (block.term.op === 'ret' && block.term.value !== undefined) this.useCounts[block.term.value]++;
    }
    for (const p of fn.params) defCounts[p]++;
    for (const block of fn.blocks) {
      for (const inst of block.insts) if (inst.op === 'const' && defCounts[inst.dst] === 1) this.constants.set(inst.dst, inst.value);
    }

    // Frame, below s0: ra, s0, the callee-saved registers used, IR slots, spill slots.
    let offset = 16;
    for (const reg of alloc.usedCalleeSaved) {
      offset += 8;
      this.savedOffsets.set(reg, -offset);
    }
    for (const slot of fn.slots) {
      offset = alignUp(offset + slot.size, Math.max(slot.align, 8));
      this.slotOffsets.push(-offset);
    }
    this.spillBase = offset;
    offset += 8 * alloc.spillSlots;
    this.frameSize = alignUp(offset, 16);
    this.epilogue = `.L${fn.symbol}_return`;
  }

  emit(): void {
    const w = this.w;
    w.raw(`    .globl ${this.fn.symbol}`);
    w.raw(`    .type ${this.fn.symbol}, @function`);
    w.label(this.fn.symbol);
    w.emit('addi sp, sp, -16');
    w.emit('sd ra, 8(sp)');
    w.emit('sd s0, 0(sp)');
    w.emit('addi s0, sp, 16');
    if (this.frameSize > 16) this.addSp(-(this.frameSize - 16));
    for (const [reg, off] of this.savedOffsets) this.memory('sd', reg, off);
    this.fn.params.forEach((p, i) => this.define(p, (reg) => (reg === `a${i}` ? undefined : `mv ${reg}, a${i}`)));
    this.fn.blocks.forEach((block, i) => {
      w.label(block.label);
      const next = this.fn.blocks[i + 1]?.label;
      const fused = this.fusedCompare(block.insts, block.term);
      block.insts.forEach((inst, k) => {
        if (fused && k === block.insts.length - 1) return;
        this.instruction(inst);
      });
      this.terminator(block.term, next, fused);
    });
    w.label(this.epilogue);
    for (const [reg, off] of this.savedOffsets) this.memory('ld', reg, off);
    w.emit('addi sp, s0, -16');
    w.emit('ld ra, 8(sp)');
    w.emit('ld s0, 0(sp)');
    w.emit('addi sp, sp, 16');
    w.emit('ret');
  }

  // ---- locations -------------------------------------------------------------------------

  private spillOffset(slot: number): number {
    return -(this.spillBase + 8 * (slot + 1));
  }

  /** A register holding `v`: its own, or a scratch register it is loaded into. */
  private read(v: VReg, scratch: string): string {
    const constant = this.constants.get(v);
    if (constant === 0n) return 'zero';
    const location = this.alloc.locations[v];
    if ('reg' in location) return location.reg;
    if (constant !== undefined) {
      this.w.emit(`li ${scratch}, ${constant}`);
      return scratch;
    }
    this.memory('ld', scratch, this.spillOffset(location.spill));
    return scratch;
  }

  /** Writes `v`: `produce(reg)` gives the instruction computing into `reg` (or nothing). */
  private define(v: VReg, produce: (reg: string) => string | undefined): void {
    const location = this.alloc.locations[v];
    if ('reg' in location) {
      const text = produce(location.reg);
      if (text) this.w.emit(text);
      return;
    }
    const text = produce('t2');
    if (text) this.w.emit(text);
    this.memory('sd', 't2', this.spillOffset(location.spill));
  }

  /**
   * A load or store at s0 + offset. Beyond the 12-bit range a load computes the address
   * in its own destination; a store uses t0, which is free whenever a result is stored.
   */
  private memory(op: string, reg: string, offset: number, base = 's0'): void {
    if (fitsImm12(offset)) this.w.emit(`${op} ${reg}, ${offset}(${base})`);
    else {
      const scratch = op.startsWith('l') ? reg : 't0';
      this.w.emit(`li ${scratch}, ${offset}`);
      this.w.emit(`add ${scratch}, ${scratch}, ${base}`);
      this.w.emit(`${op} ${reg}, 0(${scratch})`);
    }
  }

  private addSp(delta: number): void {
    if (fitsImm12(delta)) this.w.emit(`addi sp, sp, ${delta}`);
    else {
      this.w.emit(`li t0, ${delta}`);
      this.w.emit('add sp, sp, t0');
    }
  }

  private immediate(v: VReg): number | undefined {
    const c = this.constants.get(v);
    return c !== undefined && c >= -2048n && c <= 2047n ? Number(c) : undefined;
  }

  // ---- instructions ----------------------------------------------------------------------

  private instruction(inst: Inst): void {
    const w = this.w;
    switch (inst.op) {
      case 'loc': {
        const label = w.newLabel('loc');
        w.label(label);
        this.lines.push({ label, file: inst.file, line: inst.line, column: inst.column });
        return;
      }
      case 'const': {
        // A single-definition constant that is unused, zero or spilled is materialised
        // where it is used instead (`read`, call arguments, immediate forms).
        const single = this.constants.has(inst.dst);
        if (single && (this.useCounts[inst.dst] === 0 || inst.value === 0n || !('reg' in this.alloc.locations[inst.dst]))) return;
        this.define(inst.dst, (reg) => `li ${reg}, ${inst.value}`);
        return;
      }
      case 'copy': {
        const src = this.read(inst.src, 't0');
        this.define(inst.dst, (reg) => (reg === src ? undefined : `mv ${reg}, ${src}`));
        return;
      }
      case 'bin':
        this.binary(inst.fn, inst.dst, inst.a, inst.b);
        return;
      case 'un': {
        const a = this.read(inst.a, 't0');
        const text = { neg: `neg %, ${a}`, not: `not %, ${a}`, seqz: `seqz %, ${a}`, snez: `snez %, ${a}` }[inst.fn];
        this.define(inst.dst, (reg) => text.replace('%', reg));
        return;
      }
      case 'ext': {
        const a = this.read(inst.a, 't0');
        this.define(inst.dst, (reg) => {
          if (inst.bits === 1) return `andi ${reg}, ${a}, 1`;
          if (inst.bits === 8 && !inst.signed) return `andi ${reg}, ${a}, 255`;
          if (inst.bits === 32 && inst.signed) return `sext.w ${reg}, ${a}`;
          const shift = 64 - inst.bits;
          w.emit(`slli ${reg}, ${a}, ${shift}`);
          return `${inst.signed ? 'srai' : 'srli'} ${reg}, ${reg}, ${shift}`;
        });
        return;
      }
      case 'load': {
        const base = this.read(inst.addr, 't0');
        const op = { 1: 'lb', 2: 'lh', 4: 'lw', 8: 'ld' }[inst.size] + (inst.signed || inst.size === 8 ? '' : 'u');
        this.define(inst.dst, (reg) => {
          if (fitsImm12(inst.offset)) return `${op} ${reg}, ${inst.offset}(${base})`;
          w.emit(`li t1, ${inst.offset}`);
          w.emit(`add t1, t1, ${base}`);
          return `${op} ${reg}, 0(t1)`;
        });
        return;
      }
      case 'store': {
        const base = this.read(inst.addr, 't0');
        const src = this.read(inst.src, 't1');
        const op = { 1: 'sb', 2: 'sh', 4: 'sw', 8: 'sd' }[inst.size];
        if (fitsImm12(inst.offset)) w.emit(`${op} ${src}, ${inst.offset}(${base})`);
        else {
          w.emit(`li t2, ${inst.offset}`);
          w.emit(`add t2, t2, ${base}`);
          w.emit(`${op} ${src}, 0(t2)`);
        }
        return;
      }
      case 'slot': {
        const offset = this.slotOffsets[inst.slot];
        this.define(inst.dst, (reg) => {
          if (fitsImm12(offset)) return `addi ${reg}, s0, ${offset}`;
          w.emit(`li ${reg}, ${offset}`);
          return `add ${reg}, ${reg}, s0`;
        });
        return;
      }
      case 'symbol':
        this.define(inst.dst, (reg) => `la ${reg}, ${inst.name}`);
        return;
      case 'call': {
        inst.args.forEach((arg, i) => {
          const constant = this.constants.get(arg);
          const location = this.alloc.locations[arg];
          if (constant !== undefined) w.emit(`li a${i}, ${constant}`);
          else if ('reg' in location) w.emit(`mv a${i}, ${location.reg}`);
          else this.memory('ld', `a${i}`, this.spillOffset(location.spill));
        });
        w.emit(`call ${inst.callee}`);
        if (inst.dst !== undefined) this.define(inst.dst, (reg) => (reg === 'a0' ? undefined : `mv ${reg}, a0`));
        if (inst.dst2 !== undefined) this.define(inst.dst2, (reg) => `mv ${reg}, a1`);
        return;
      }
    }
  }

  private binary(fn: BinFn, dst: VReg, aReg: VReg, bReg: VReg): void {
    const a = this.read(aReg, 't0');
    const imm = this.immediate(bReg);
    if (fn === 'eq' || fn === 'ne') {
      const set = fn === 'eq' ? 'seqz' : 'snez';
      if (imm === 0) return this.define(dst, (reg) => `${set} ${reg}, ${a}`);
      const b = this.read(bReg, 't1');
      this.define(dst, (reg) => {
        this.w.emit(`xor ${reg}, ${a}, ${b}`);
        return `${set} ${reg}, ${reg}`;
      });
      return;
    }
    const iForm = I_TYPE[fn];
    if (iForm && imm !== undefined && !((fn === 'sll' || fn === 'srl' || fn === 'sra') && (imm < 0 || imm > 63))) {
      return this.define(dst, (reg) => `${iForm} ${reg}, ${a}, ${imm}`);
    }
    if (fn === 'sub' && imm !== undefined && imm !== -2048) return this.define(dst, (reg) => `addi ${reg}, ${a}, ${-imm}`);
    const b = this.read(bReg, 't1');
    this.define(dst, (reg) => `${R_TYPE[fn]} ${reg}, ${a}, ${b}`);
  }

  /** A comparison computed just for the block's branch: fused into one compare-and-branch. */
  private fusedCompare(insts: Inst[], term: Terminator): Inst | undefined {
    const last = insts[insts.length - 1];
    if (term.op !== 'branch' || !last || last.op !== 'bin' || last.dst !== term.cond) return undefined;
    if (this.useCounts[last.dst] !== 1 || !['slt', 'sltu', 'eq', 'ne'].includes(last.fn)) return undefined;
    return last;
  }

  private terminator(term: Terminator, next: string | undefined, fused: Inst | undefined): void {
    const w = this.w;
    switch (term.op) {
      case 'jump':
        if (term.target !== next) w.emit(`j ${term.target}`);
        return;
      case 'branch': {
        // Branch to ifFalse over a `j ifTrue` when the condition fails.
        const skip = w.newLabel('skip');
        if (fused && fused.op === 'bin') {
          const a = this.read(fused.a, 't0');
          const b = this.read(fused.b, 't1');
          const inverse = { slt: 'bge', sltu: 'bgeu', eq: 'bne', ne: 'beq' }[fused.fn as 'slt' | 'sltu' | 'eq' | 'ne'];
          w.emit(`${inverse} ${a}, ${b}, ${skip}`);
        } else {
          w.emit(`beqz ${this.read(term.cond, 't0')}, ${skip}`);
        }
        w.emit(`j ${term.ifTrue}`);
        w.label(skip);
        if (term.ifFalse !== next) w.emit(`j ${term.ifFalse}`);
        return;
      }
      case 'ret':
        if (term.value !== undefined) {
          const value = this.read(term.value, 't0');
          if (value !== 'a0') w.emit(`mv a0, ${value}`);
        }
        w.emit(`j ${this.epilogue}`);
        return;
      case 'unreachable':
        return;
    }
  }
}

function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}
