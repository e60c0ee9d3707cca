// Instruction selection: one IR function to RV64 assembly, using the register
// allocation. Small constants fold into immediate forms, a comparison that only feeds a
// branch becomes a compare-and-branch, and a branch falls through to the block after it;
// the short branches reach far targets through the relaxation of asm/relax-branches.ts.
import { forEachDef, forEachUse, type BinFn, type DebugType, type Inst, type IrFunction, type Terminator, type VReg } from '../ir/ir.js';
import type { SourceSpan } from '../../grammar/diagnostic.js';
import { exactRegister } from '../asm/registers.js';
import type { AsmWriter } from './asm-writer.js';
import { fitsImm12 } from './asm-writer.js';
import { allocateRegisters, type Allocation } from './regalloc.js';
import { timed, type PhaseTimings } from '../phase-timings.js';

const R_TYPE: Record<Exclude<BinFn, 'eq' | 'ne'>, string> = {
  add: 'add', sub: 'sub', mul: 'mul', div: 'div', divu: 'divu', rem: 'rem', remu: 'remu',
  and: 'and', or: 'or', xor: 'xor', sll: 'sll', srl: 'srl', sra: 'sra', slt: 'slt', sltu: 'sltu',
};
const BRANCH = { slt: 'blt', sltu: 'bltu', eq: 'beq', ne: 'bne' } as const;
const INVERSE_BRANCH = { slt: 'bge', sltu: 'bgeu', eq: 'bne', ne: 'beq' } as const;
const ARGUMENTS = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'];
const I_TYPE: Partial<Record<BinFn, string>> = { add: 'addi', and: 'andi', or: 'ori', xor: 'xori', slt: 'slti', sltu: 'sltiu', sll: 'slli', srl: 'srli', sra: 'srai' };

/** Where generated code came from: a code label and the source position it starts. */
export interface LineEntry {
  label: string;
  file: string;
  line: number;
  column: number;
}

/** Where a variable lives for the whole function: a register, a frame slot below s0, or nowhere but a constant. */
export type DebugLocation = { register: number } | { frameOffset: number } | { constant: bigint };

/** A parameter or local as DWARF describes it; `Position` is a label before linking and an
 *  address after. */
export interface DebugVariable<Position> {
  name: string;
  kind: 'param' | 'local';
  type: DebugType;
  line: number;
  scope?: { from: number; to: number };
  location: DebugLocation | undefined;
  /** Where the location holds the value: from the statement that starts its live interval to
   *  the one after it ends (`to` undefined = the function's end). */
  live?: { from: Position; to: Position | undefined };
}

/** A function as the DWARF writer (compiler/dwarf/) describes it. */
export interface FunctionDebugInfo {
  symbol: string;
  name: string;
  declaredAt: SourceSpan | undefined;
  returnType: DebugType | undefined;
  /** `live` in labels of line entries, before linking. */
  variables: DebugVariable<string>[];
  /** Callee-saved registers the prologue stores, at offsets from s0 (the caller's sp). */
  saved: { register: number; offset: number }[];
}

/** Emits `fn`; returns the size of its stack frame in bytes. With `debug`, also what a debugger needs of it. */
export function selectInstructions(fn: IrFunction, w: AsmWriter, lines: LineEntry[] = [], timings?: PhaseTimings, debug?: FunctionDebugInfo[]): number {
  const allocation = timed(timings, 'regalloc', () => allocateRegisters(fn, immediateConstants(fn), recomputable(fn)));
  const selector = new Selector(fn, w, allocation, lines);
  selector.emit();
  if (debug && fn.debug) debug.push(selector.debugInfo());
  return selector.frameSize;
}

class Selector {
  private readonly constants = new Map<VReg, bigint>();
  /** Single-definition addresses: spilled, they are computed again where read. */
  private readonly addresses = new Map<VReg, Inst & { op: 'symbol' | 'slot' }>();
  private readonly useCounts: number[];
  private readonly slotOffsets: number[] = [];
  private readonly spillBase: number;
  readonly frameSize: number;
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
    const useCounts = this.useCounts;
    const countDef = (d: VReg) => {
      defCounts[d]++;
    };
    const countUse = (u: VReg) => {
      useCounts[u]++;
    };
    for (const block of fn.blocks) {
      for (const inst of block.insts) {
        forEachDef(inst, countDef);
        forEachUse(inst, countUse);
      }
      if (block.term.op === 'branch') this.useCounts[block.term.cond]++;
      if (block.term.op === 'ret' && block.term.value !== undefined) this.useCounts[block.term.value]++;
    }
    for (const p of fn.params) defCounts[p]++;
    for (const block of fn.blocks) {
      for (const inst of block.insts) {
        if (inst.op === 'const' && defCounts[inst.dst] === 1) this.constants.set(inst.dst, inst.value);
        if ((inst.op === 'symbol' || inst.op === 'slot') && defCounts[inst.dst] === 1) this.addresses.set(inst.dst, inst);
      }
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
    w.globl(this.fn.symbol);
    w.functionType(this.fn.symbol);
    w.label(this.fn.symbol);
    // The prologue belongs to the declaration (line 0, "unknown", when there is none), never
    // to the last statement of the function before.
    const at = this.fn.declaredAt;
    this.lines.push({ label: this.fn.symbol, file: at?.file ?? '', line: at?.startLine ?? 0, column: at?.startCol ?? 0 });
    w.op('addi', 'sp', 'sp', -16);
    w.memory('sd', 'ra', 8, 'sp');
    w.memory('sd', 's0', 0, 'sp');
    w.op('addi', 's0', 'sp', 16);
    if (this.frameSize > 16) this.addSp(-(this.frameSize - 16));
    for (const [reg, off] of this.savedOffsets) this.memory('sd', reg, off);
    this.fn.params.forEach((p, i) => this.define(p, (reg) => reg !== ARGUMENTS[i] && w.op('mv', reg, ARGUMENTS[i]!)));
    this.fn.blocks.forEach((block, i) => {
      w.label(block.label);
      const next = this.fn.blocks[i + 1]?.label;
      const fused = this.fusedCompare(block.insts, block.term);
      block.insts.forEach((inst, k) => {
        // Positions follow regalloc.ts: two per instruction (emitted or fused), two per terminator.
        if (!(fused && k === block.insts.length - 1)) this.instruction(inst);
        this.position += 2;
      });
      this.terminator(block.term, next, fused);
      this.position += 2;
    });
    w.label(this.epilogue);
    for (const [reg, off] of this.savedOffsets) this.memory('ld', reg, off);
    w.op('addi', 'sp', 's0', -16);
    w.memory('ld', 'ra', 8, 'sp');
    w.memory('ld', 's0', 0, 'sp');
    w.op('addi', 'sp', 'sp', 16);
    w.op('ret');
  }

  // ---- locations -------------------------------------------------------------------------

  debugInfo(): FunctionDebugInfo {
    const debug = this.fn.debug!;
    return {
      symbol: this.fn.symbol,
      name: debug.name,
      declaredAt: this.fn.declaredAt,
      returnType: debug.returnType,
      variables: debug.variables.map((v) => ({ name: v.name, kind: v.kind, type: v.type, line: v.line, scope: v.scope, location: this.debugLocation(v.vreg), live: this.liveRange(v.vreg) })),
      saved: [...this.savedOffsets].map(([reg, offset]) => ({ register: exactRegister(reg), offset })),
    };
  }

  /** Line entries of this function with the allocator's position at each (see regalloc.ts's numbering). */
  private readonly entryPositions: { label: string; position: number }[] = [];
  private position = 0;

  /** The statements over which a vreg's register or slot is its own. */
  private liveRange(v: VReg): { from: string; to: string | undefined } | undefined {
    const start = this.alloc.start[v];
    const end = this.alloc.end[v];
    if (start === undefined || end === undefined || !Number.isFinite(start) || this.constants.has(v)) return undefined;
    // A parameter holds its value from the first statement on; a local from the statement
    // after the one that defines it (before that its register holds whatever was there).
    let from: string | undefined = start === 0 ? this.fn.symbol : undefined;
    let to: string | undefined;
    for (const e of this.entryPositions) {
      if (start === 0 && e.position <= start) from = e.label;
      else if (start > 0 && from === undefined && e.position > start) from = e.label;
      if (e.position > end) {
        to = e.label;
        break;
      }
    }
    // Live within one statement only: nowhere a debugger stops.
    if (from === undefined || from === to) return { from: this.fn.symbol, to: this.fn.symbol };
    return { from, to };
  }

  /** A vreg's one home: allocation gives each a register or a spill slot for its whole life. */
  private debugLocation(v: VReg): DebugLocation | undefined {
    const constant = this.constants.get(v);
    if (constant !== undefined) return { constant };
    const location = this.alloc.locations[v];
    if (!location) return undefined;
    if ('reg' in location) {
      const register = exactRegister(location.reg);
      return register > 0 ? { register } : undefined;
    }
    return location.spill >= 0 ? { frameOffset: this.spillOffset(location.spill) } : undefined;
  }

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
      this.w.op('li', scratch, constant);
      return scratch;
    }
    const address = this.addresses.get(v);
    if (address) {
      this.address(address, scratch);
      return scratch;
    }
    this.memory('ld', scratch, this.spillOffset(location.spill));
    return scratch;
  }

  /** The address a `symbol` or `slot` instruction gives, into `reg`. */
  private address(inst: Inst & { op: 'symbol' | 'slot' }, reg: string): void {
    if (inst.op === 'symbol') return this.w.op('la', reg, inst.name);
    const offset = this.slotOffsets[inst.slot];
    if (fitsImm12(offset)) return this.w.op('addi', reg, 's0', offset);
    this.w.op('li', reg, offset);
    this.w.op('add', reg, reg, 's0');
  }

  /** Writes `v`: `produce(reg)` emits the instructions computing it into `reg` (if any are needed). */
  private define(v: VReg, produce: (reg: string) => void): void {
    const location = this.alloc.locations[v];
    if ('reg' in location) {
      produce(location.reg);
      return;
    }
    produce('t2');
    this.memory('sd', 't2', this.spillOffset(location.spill));
  }

  /**
   * A load or store at s0 + offset. Beyond the 12-bit range a load computes the address
   * in its own destination; a store uses t0, which is free whenever a result is stored.
   */
  private memory(op: string, reg: string, offset: number, base = 's0'): void {
    if (fitsImm12(offset)) this.w.memory(op, reg, offset, base);
    else {
      const scratch = op.startsWith('l') ? reg : 't0';
      this.w.op('li', scratch, offset);
      this.w.op('add', scratch, scratch, base);
      this.w.memory(op, reg, 0, scratch);
    }
  }

  private addSp(delta: number): void {
    if (fitsImm12(delta)) this.w.op('addi', 'sp', 'sp', delta);
    else {
      this.w.op('li', 't0', delta);
      this.w.op('add', 'sp', 'sp', 't0');
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
        this.entryPositions.push({ label, position: this.position });
        return;
      }
      case 'const': {
        // A single-definition constant that is unused, zero or spilled is materialised
        // where it is used instead (`read`, call arguments, immediate forms).
        const single = this.constants.has(inst.dst);
        if (single && (this.useCounts[inst.dst] === 0 || inst.value === 0n || !('reg' in this.alloc.locations[inst.dst]))) return;
        this.define(inst.dst, (reg) => w.op('li', reg, inst.value));
        return;
      }
      case 'copy': {
        const src = this.read(inst.src, 't0');
        this.define(inst.dst, (reg) => reg !== src && w.op('mv', reg, src));
        return;
      }
      case 'bin':
        this.binary(inst.fn, inst.dst, inst.a, inst.b);
        return;
      case 'un': {
        const a = this.read(inst.a, 't0');
        this.define(inst.dst, (reg) => w.op(inst.fn, reg, a));
        return;
      }
      case 'ext': {
        const a = this.read(inst.a, 't0');
        this.define(inst.dst, (reg) => {
          if (inst.bits === 1) return w.op('andi', reg, a, 1);
          if (inst.bits === 8 && !inst.signed) return w.op('andi', reg, a, 255);
          if (inst.bits === 32 && inst.signed) return w.op('sext.w', reg, a);
          const shift = 64 - inst.bits;
          w.op('slli', reg, a, shift);
          w.op(inst.signed ? 'srai' : 'srli', reg, reg, shift);
        });
        return;
      }
      case 'load': {
        const base = this.read(inst.addr, 't0');
        const op = { 1: 'lb', 2: 'lh', 4: 'lw', 8: 'ld' }[inst.size] + (inst.signed || inst.size === 8 ? '' : 'u');
        this.define(inst.dst, (reg) => {
          if (fitsImm12(inst.offset)) return w.memory(op, reg, inst.offset, base);
          w.op('li', 't1', inst.offset);
          w.op('add', 't1', 't1', base);
          w.memory(op, reg, 0, 't1');
        });
        return;
      }
      case 'store': {
        const base = this.read(inst.addr, 't0');
        const src = this.read(inst.src, 't1');
        const op = { 1: 'sb', 2: 'sh', 4: 'sw', 8: 'sd' }[inst.size];
        if (fitsImm12(inst.offset)) w.memory(op, src, inst.offset, base);
        else {
          w.op('li', 't2', inst.offset);
          w.op('add', 't2', 't2', base);
          w.memory(op, src, 0, 't2');
        }
        return;
      }
      case 'slot':
      case 'symbol':
        // A spilled single-definition address is computed where it is read instead.
        if (this.addresses.has(inst.dst) && !('reg' in this.alloc.locations[inst.dst])) return;
        this.define(inst.dst, (reg) => this.address(inst, reg));
        return;
      case 'call': {
        inst.args.forEach((arg, i) => {
          const constant = this.constants.get(arg);
          const location = this.alloc.locations[arg];
          if (constant !== undefined) w.op('li', ARGUMENTS[i]!, constant);
          else if ('reg' in location) w.op('mv', ARGUMENTS[i]!, location.reg);
          else if (this.addresses.has(arg)) this.address(this.addresses.get(arg)!, ARGUMENTS[i]!);
          else this.memory('ld', ARGUMENTS[i]!, this.spillOffset(location.spill));
        });
        w.op('call', inst.callee);
        if (inst.dst !== undefined) this.define(inst.dst, (reg) => reg !== 'a0' && w.op('mv', reg, 'a0'));
        if (inst.dst2 !== undefined) this.define(inst.dst2, (reg) => w.op('mv', reg, 'a1'));
        return;
      }
    }
  }

  private binary(fn: BinFn, dst: VReg, aReg: VReg, bReg: VReg): void {
    const w = this.w;
    const a = this.read(aReg, 't0');
    const imm = this.immediate(bReg);
    if (fn === 'eq' || fn === 'ne') {
      const set = fn === 'eq' ? 'seqz' : 'snez';
      if (imm === 0) return this.define(dst, (reg) => w.op(set, reg, a));
      const b = this.read(bReg, 't1');
      this.define(dst, (reg) => {
        w.op('xor', reg, a, b);
        w.op(set, reg, reg);
      });
      return;
    }
    const iForm = I_TYPE[fn];
    if (iForm && imm !== undefined && !((fn === 'sll' || fn === 'srl' || fn === 'sra') && (imm < 0 || imm > 63))) {
      return this.define(dst, (reg) => w.op(iForm, reg, a, imm));
    }
    if (fn === 'sub' && imm !== undefined && imm !== -2048) return this.define(dst, (reg) => w.op('addi', reg, a, -imm));
    const b = this.read(bReg, 't1');
    this.define(dst, (reg) => w.op(R_TYPE[fn], reg, a, b));
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
        if (term.target !== next) w.op('j', term.target);
        return;
      case 'branch': {
        // One conditional branch, falling through to whichever target comes next; the
        // assembler's relaxation (asm/relax-branches.ts) gives a far target its long form.
        let compare: 'slt' | 'sltu' | 'eq' | 'ne' = 'ne';
        let a: string;
        let b = 'zero';
        if (fused && fused.op === 'bin') {
          compare = fused.fn as typeof compare;
          a = this.read(fused.a, 't0');
          b = this.read(fused.b, 't1');
        } else a = this.read(term.cond, 't0');
        if (term.ifTrue === next) w.op(INVERSE_BRANCH[compare], a, b, term.ifFalse);
        else {
          w.op(BRANCH[compare], a, b, term.ifTrue);
          if (term.ifFalse !== next) w.op('j', term.ifFalse);
        }
        return;
      }
      case 'ret':
        if (term.value !== undefined) {
          const value = this.read(term.value, 't0');
          if (value !== 'a0') w.op('mv', 'a0', value);
        }
        if (next !== undefined) w.op('j', this.epilogue);
        return;
      case 'unreachable':
        return;
    }
  }
}

/** Single-definition constants, symbol addresses and slot addresses: a spilled one is
 *  computed again where it is read (`read`) instead of stored and loaded. */
function recomputable(fn: IrFunction): Uint8Array {
  const defs = new Int32Array(fn.vregCount);
  for (const p of fn.params) defs[p]++;
  for (const block of fn.blocks) for (const inst of block.insts) forEachDef(inst, (d) => defs[d]++);
  const result = new Uint8Array(fn.vregCount);
  for (const block of fn.blocks) {
    for (const inst of block.insts) if ((inst.op === 'const' || inst.op === 'symbol' || inst.op === 'slot') && defs[inst.dst] === 1) result[inst.dst] = 1;
  }
  return result;
}

/**
 * Single-definition constants that never need a register: zero (read as `zero`) and those
 * every use of which takes them as an immediate operand (`addi`, `andi`, `slli`, a `sub` of a
 * small constant, a comparison with zero). The allocator leaves them out.
 */
export function immediateConstants(fn: IrFunction): Uint8Array {
  const defs = new Int32Array(fn.vregCount);
  const values = new Map<VReg, bigint>();
  for (const p of fn.params) defs[p]++;
  for (const block of fn.blocks) {
    for (const inst of block.insts) {
      forEachDef(inst, (d) => defs[d]++);
      if (inst.op === 'const') values.set(inst.dst, inst.value);
    }
  }
  const needed = new Uint8Array(fn.vregCount);
  const asImmediate = (inst: Inst, v: VReg): boolean => {
    const value = values.get(v)!;
    if (value === 0n) return true;
    if (inst.op !== 'bin' || inst.b !== v || inst.a === v || value < -2048n || value > 2047n) return false;
    if (inst.fn === 'sll' || inst.fn === 'srl' || inst.fn === 'sra') return value >= 0n && value <= 63n;
    if (inst.fn === 'sub') return value !== -2048n;
    return I_TYPE[inst.fn] !== undefined;
  };
  for (const block of fn.blocks) {
    for (const inst of block.insts) {
      forEachUse(inst, (u) => {
        if (values.has(u) && !asImmediate(inst, u)) needed[u] = 1;
      });
    }
    const term = block.term;
    if (term.op === 'branch') needed[term.cond] = 1;
    // A comparison that may fuse into the branch reads both operands from registers.
    const last = block.insts[block.insts.length - 1];
    if (term.op === 'branch' && last?.op === 'bin' && last.dst === term.cond && ['slt', 'sltu', 'eq', 'ne'].includes(last.fn)) {
      for (const v of [last.a, last.b]) if (values.has(v) && values.get(v) !== 0n) needed[v] = 1;
    }
    if (term.op === 'ret' && term.value !== undefined && values.get(term.value) !== 0n) needed[term.value] = 1;
  }
  const result = new Uint8Array(fn.vregCount);
  for (const [v] of values) if (defs[v] === 1 && !needed[v]) result[v] = 1;
  return result;
}

export function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}
