// Region translation to WebAssembly (the fourth speed tier, after predecoding, the page
// cache and JS blocks; README "JIT"). A region is every basic block of one physical page
// reachable from a hot entry by fallthrough and direct branches/jumps inside the page.
// Guest registers live in i64 wasm locals for the whole region (loaded at entry from the
// hart's register file in the shared memory, spilled at exit and before any call that can
// trap); loads and stores test the hart's TLB inline and touch RAM directly. Blocks are
// laid out in address order inside one dispatch loop: forward edges are plain `br`s,
// backward edges and in-page indirect jumps (returns, switch tables) go through one
// `br_table` on the halfword slot of the target.
//
// The code never assumes the page's virtual address (it is a parameter), so one translation
// serves every mapping of the physical page. Instructions not translated here (CSRs,
// system, atomics, fences, illegal words, F/D) end the region before them: the
// interpreter runs them. Precision: each block runs only when the instruction room left
// covers it; helpers that can trap get the pc and the retired count first.

import type { Insn, Handler } from '../insn.js';
import * as I from '../exec-integer.js';
import { STATE_NEXT_PC, STATE_RH, STATE_XH, STATE_XL } from '../hart-memory.js';
import { Bytes, Op, T, VOID, buildModule, type FuncType, type ValType } from './wasm-module.js';

/** Most instructions (and blocks) translated into one region. */
export const MAX_REGION_INSNS = 4096;
const MAX_REGION_BLOCKS = 1024;
const MAX_BLOCK_INSNS = 64;

/** Parameters of a region function, in order. */
const P_PAGE_VA = 0; // f64: virtual address of the page (exact: |va| < 2^53)
const P_ENTRY = 1; // i32: dispatch key of the block to start at (CompiledRegion.keyOf)
const P_ROOM = 2; // i32: instructions it may retire at most
const P_STATE = 3; // i32: hart state base (STATE_*)
const P_TLB_R = 4;
const P_TLB_R_OFF = 5;
const P_TLB_W = 6;
const P_TLB_W_OFF = 7;
const P_PRIV = 8; // i32: effective data privilege (TLB tag low bits)
const REGION_TYPE: FuncType = { params: [T.f64, T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.i32], results: [T.i32] };
/** env.ld(lo, hi, size, pc, retired) -> low word (high word at STATE_RH). */
const LD_TYPE: FuncType = { params: [T.i32, T.i32, T.i32, T.f64, T.i32], results: [T.i32] };
/** env.st(lo, hi, vlo, vhi, size, pc, retired) -> 1 when the region must stop after the store. */
const ST_TYPE: FuncType = { params: [T.i32, T.i32, T.i32, T.i32, T.i32, T.f64, T.i32], results: [T.i32] };
export const REGION_IMPORTS = [{ name: 'ld', type: LD_TYPE }, { name: 'st', type: ST_TYPE }];
const CALL_LD = 0;
const CALL_ST = 1;
/** The region's own spill function (after `run`). */
const CALL_SPILL = 3;

// Locals after the parameters.
const L_X = 8; // x1..x31 are locals 9..39 (L_X + r)
const L_N = 40; // i32: instructions retired before the current block
const L_BL = 41; // i32: dispatch key (halfword slot - the first block's slot) of the block to run next
const L_VA = 42; // i64: effective address
const L_A = 43; // i64 temporaries
const L_B = 44;
const L_C = 45;
const L_IDX = 46; // i32: TLB index * 4
const L_PCV = 47; // i64: page virtual address
const L_NEXT = 48; // i64: pc to leave at
const LOCALS: ValType[] = [
  ...new Array<ValType>(31).fill(T.i64), T.i32, T.i32, T.i64, T.i64, T.i64, T.i64, T.i32, T.i64, T.i64,
];

type Term =
  | { kind: 'fall'; to: number }
  | { kind: 'branch'; insn: Insn; at: number; taken: number; fall: number }
  | { kind: 'jal'; insn: Insn; at: number; to: number }
  | { kind: 'jalr'; insn: Insn; at: number };

interface Block {
  start: number;
  insns: Insn[];
  offs: number[];
  term: Term;
  /** Instructions retired by one pass (terminator included). */
  count: number;
}

export interface CompiledRegion {
  readonly run: (pageVa: number, entry: number, room: number, state: number, tlbR: number, tlbROff: number, tlbW: number, tlbWOff: number, priv: number) => number;
  /** Page offset of each block start. */
  readonly starts: number[];
  /** The dispatch key (`run`'s entry argument) of a block start. */
  readonly keyOf: (off: number) => number;
  readonly insns: number;
}

const BRANCHES = new Map<Handler, number>([
  [I.BEQ, Op.i64Eq], [I.BNE, Op.i64Ne], [I.BLT, Op.i64LtS], [I.BGE, Op.i64GeS], [I.BLTU, Op.i64LtU], [I.BGEU, Op.i64GeU],
]);

/** The code generator's state: bytes, the label stack, which registers are touched. */
class Gen {
  readonly b = new Bytes();
  private readonly labels: string[] = [];
  readonly written = new Set<number>();
  readonly used = new Set<number>();

  op(o: number): this {
    this.b.byte(o);
    return this;
  }
  open(kind: number, label: string, type = VOID): this {
    this.b.byte(kind).byte(type);
    this.labels.push(label);
    return this;
  }
  else_(): this {
    this.b.byte(Op.else);
    return this;
  }
  end(): this {
    this.b.byte(Op.end);
    this.labels.pop();
    return this;
  }
  depth(label: string): number {
    const at = this.labels.lastIndexOf(label);
    if (at < 0) throw new Error(`region compiler: no label ${label}`);
    return this.labels.length - 1 - at;
  }
  br(label: string): this {
    this.b.byte(Op.br).u32(this.depth(label));
    return this;
  }
  get(l: number): this {
    this.b.byte(Op.localGet).u32(l);
    return this;
  }
  set(l: number): this {
    this.b.byte(Op.localSet).u32(l);
    return this;
  }
  i32(v: number): this {
    this.b.byte(Op.i32Const).s32(v);
    return this;
  }
  i64(v: number | bigint): this {
    this.b.byte(Op.i64Const).s64(BigInt(v));
    return this;
  }
  mem(o: number, align: number, offset = 0): this {
    this.b.byte(o).u32(align).u32(offset);
    return this;
  }
  /** Pushes guest register r (x0 reads as 0). */
  reg(r: number): this {
    if (r === 0) return this.i64(0);
    this.used.add(r);
    return this.get(L_X + r);
  }
  /** Pops into guest register r (x0 discards). */
  setReg(r: number): this {
    if (r === 0) return this.op(Op.drop);
    this.used.add(r);
    this.written.add(r);
    return this.set(L_X + r);
  }
}

/** Handlers translated here, each emitting its effect; `off` is the page offset of the instruction. */
type Emit = (g: Gen, i: Insn, off: number) => void;

const rr = (o: number): Emit => (g, i) => {
  if (i.rd === 0) return;
  g.reg(i.rs1).reg(i.rs2).op(o).setReg(i.rd);
};
const ri = (o: number, mask = -1): Emit => (g, i) => {
  if (i.rd === 0) return;
  g.reg(i.rs1).i64(mask === -1 ? i.imm : i.imm & mask).op(o).setReg(i.rd);
};
const cmp = (o: number, imm: boolean): Emit => (g, i) => {
  if (i.rd === 0) return;
  g.reg(i.rs1);
  if (imm) g.i64(i.imm);
  else g.reg(i.rs2);
  g.op(o).op(Op.i64ExtendI32U).setReg(i.rd);
};
/** 32-bit operation on the low words, result sign-extended. */
const rrw = (o: number): Emit => (g, i) => {
  if (i.rd === 0) return;
  g.reg(i.rs1).op(Op.i32WrapI64).reg(i.rs2).op(Op.i32WrapI64).op(o).op(Op.i64ExtendI32S).setReg(i.rd);
};
const riw = (o: number, mask: number): Emit => (g, i) => {
  if (i.rd === 0) return;
  g.reg(i.rs1).op(Op.i32WrapI64).i32(i.imm & mask).op(o).op(Op.i64ExtendI32S).setReg(i.rd);
};

/** High 64 bits of the unsigned product of locals A and B, on the stack. */
function mulhu(g: Gen): void {
  // 32-bit limbs: a = a1:a0, b = b1:b0.
  const lo = (l: number) => g.get(l).i64(0xffffffff).op(Op.i64And);
  const hi = (l: number) => g.get(l).i64(32).op(Op.i64ShrU);
  // C = a0*b0 >> 32 + lo(a1*b0) + lo(a0*b1)  (at most 3 * 2^32: no overflow)
  lo(L_A); lo(L_B); g.op(Op.i64Mul).i64(32).op(Op.i64ShrU);
  hi(L_A); lo(L_B); g.op(Op.i64Mul).i64(0xffffffff).op(Op.i64And).op(Op.i64Add);
  lo(L_A); hi(L_B); g.op(Op.i64Mul).i64(0xffffffff).op(Op.i64And).op(Op.i64Add);
  g.set(L_C);
  // a1*b1 + hi(a1*b0) + hi(a0*b1) + C >> 32
  hi(L_A); hi(L_B); g.op(Op.i64Mul);
  hi(L_A); lo(L_B); g.op(Op.i64Mul).i64(32).op(Op.i64ShrU).op(Op.i64Add);
  lo(L_A); hi(L_B); g.op(Op.i64Mul).i64(32).op(Op.i64ShrU).op(Op.i64Add);
  g.get(L_C).i64(32).op(Op.i64ShrU).op(Op.i64Add);
}

/** MULH/MULHSU: the unsigned high product minus the sign corrections. */
const mulh = (signedA: boolean, signedB: boolean): Emit => (g, i) => {
  if (i.rd === 0) return;
  g.reg(i.rs1).set(L_A).reg(i.rs2).set(L_B);
  mulhu(g);
  // a < 0 (signed): subtract b; b < 0 (signed): subtract a.
  if (signedA) g.get(L_B).get(L_A).i64(63).op(Op.i64ShrS).op(Op.i64And).op(Op.i64Sub);
  if (signedB) g.get(L_A).get(L_B).i64(63).op(Op.i64ShrS).op(Op.i64And).op(Op.i64Sub);
  g.setReg(i.rd);
};

/**
 * Division with RISC-V's defined results (spec §7.2): x/0 = all ones, x%0 = x,
 * MIN/-1 = MIN, MIN%-1 = 0. `word` does it on the low words, sign-extending the result.
 */
const divide = (kind: 'div' | 'divu' | 'rem' | 'remu', word: boolean): Emit => (g, i) => {
  if (i.rd === 0) return;
  // Word forms divide the low words, sign- or zero-extended: no 64-bit overflow remains.
  const unsigned = kind === 'divu' || kind === 'remu';
  const operand = (r: number, local: number) => {
    g.reg(r);
    if (word) g.op(Op.i32WrapI64).op(unsigned ? Op.i64ExtendI32U : Op.i64ExtendI32S);
    g.set(local);
  };
  operand(i.rs1, L_A);
  operand(i.rs2, L_B);
  g.get(L_B).op(Op.i64Eqz).open(Op.if, 'div0', T.i64);
  if (kind === 'div' || kind === 'divu') g.i64(-1);
  else g.get(L_A);
  g.else_();
  if (kind === 'div' || kind === 'rem') {
    // Only signed overflow needs care: MIN / -1.
    const min = word ? -(2n ** 31n) : -(2n ** 63n);
    g.get(L_A).i64(min).op(Op.i64Eq).get(L_B).i64(-1).op(Op.i64Eq).op(Op.i32And).open(Op.if, 'ovf', T.i64);
    if (kind === 'div') g.i64(min);
    else g.i64(0);
    g.else_().get(L_A).get(L_B).op(kind === 'div' ? Op.i64DivS : Op.i64RemS).end();
  } else {
    g.get(L_A).get(L_B).op(kind === 'divu' ? Op.i64DivU : Op.i64RemU);
  }
  g.end();
  if (word) g.op(Op.i32WrapI64).op(Op.i64ExtendI32S);
  g.setReg(i.rd);
};

const ALU = new Map<Handler, Emit>([
  [I.ADDI, ri(Op.i64Add)], [I.XORI, ri(Op.i64Xor)], [I.ORI, ri(Op.i64Or)], [I.ANDI, ri(Op.i64And)],
  [I.SLLI, ri(Op.i64Shl, 63)], [I.SRLI, ri(Op.i64ShrU, 63)], [I.SRAI, ri(Op.i64ShrS, 63)],
  [I.SLTI, cmp(Op.i64LtS, true)], [I.SLTIU, cmp(Op.i64LtU, true)], [I.SLT, cmp(Op.i64LtS, false)], [I.SLTU, cmp(Op.i64LtU, false)],
  [I.ADD, rr(Op.i64Add)], [I.SUB, rr(Op.i64Sub)], [I.XOR, rr(Op.i64Xor)], [I.OR, rr(Op.i64Or)], [I.AND, rr(Op.i64And)],
  [I.SLL, rr(Op.i64Shl)], [I.SRL, rr(Op.i64ShrU)], [I.SRA, rr(Op.i64ShrS)], [I.MUL, rr(Op.i64Mul)],
  [I.ADDIW, riw(Op.i32Add, -1)], [I.SLLIW, riw(Op.i32Shl, 31)], [I.SRLIW, riw(Op.i32ShrU, 31)], [I.SRAIW, riw(Op.i32ShrS, 31)],
  [I.ADDW, rrw(Op.i32Add)], [I.SUBW, rrw(Op.i32Sub)], [I.SLLW, rrw(Op.i32Shl)], [I.SRLW, rrw(Op.i32ShrU)], [I.SRAW, rrw(Op.i32ShrS)],
  [I.MULW, rrw(Op.i32Mul)],
  [I.MULHU, mulh(false, false)], [I.MULH, mulh(true, true)], [I.MULHSU, mulh(true, false)],
  [I.DIV, divide('div', false)], [I.DIVU, divide('divu', false)], [I.REM, divide('rem', false)], [I.REMU, divide('remu', false)],
  [I.DIVW, divide('div', true)], [I.DIVUW, divide('divu', true)], [I.REMW, divide('rem', true)], [I.REMUW, divide('remu', true)],
  [I.LUI, (g, i) => {
    if (i.rd) g.i64(i.imm).setReg(i.rd);
  }],
  [I.AUIPC, (g, i, off) => {
    if (i.rd) g.get(L_PCV).i64(BigInt(off) + BigInt(i.imm)).op(Op.i64Add).setReg(i.rd);
  }],
]);

interface MemOp {
  size: number;
  fast: number;
  /** Conversion of the slow path's i32 result (a load) to the i64 value. */
  widen?: number[];
  store?: boolean;
}
const MEMORY = new Map<Handler, MemOp>([
  [I.LB, { size: 1, fast: Op.i64Load8S, widen: [Op.i64ExtendI32U, Op.i64Extend8S] }],
  [I.LBU, { size: 1, fast: Op.i64Load8U, widen: [Op.i64ExtendI32U] }],
  [I.LH, { size: 2, fast: Op.i64Load16S, widen: [Op.i64ExtendI32U, Op.i64Extend16S] }],
  [I.LHU, { size: 2, fast: Op.i64Load16U, widen: [Op.i64ExtendI32U] }],
  [I.LW, { size: 4, fast: Op.i64Load32S, widen: [Op.i64ExtendI32S] }],
  [I.LWU, { size: 4, fast: Op.i64Load32U, widen: [Op.i64ExtendI32U] }],
  [I.LD, { size: 8, fast: Op.i64Load }],
  [I.SB, { size: 1, fast: Op.i64Store8, store: true }],
  [I.SH, { size: 2, fast: Op.i64Store16, store: true }],
  [I.SW, { size: 4, fast: Op.i64Store32, store: true }],
  [I.SD, { size: 8, fast: Op.i64Store, store: true }],
]);

/** True when the region compiler translates this instruction (else it ends the region). */
export function translatable(i: Insn): boolean {
  return ALU.has(i.fn) || MEMORY.has(i.fn) || BRANCHES.has(i.fn) || i.fn === I.JAL || i.fn === I.JALR;
}

/**
 * Finds the blocks of the region entered at page offset `entry`, and of the other hot
 * starts `hot` (page offsets) where the budget allows. `insnAt(off)` gives the
 * instruction at a page offset, or null when it cannot be translated in this page (it
 * straddles the page end).
 */
function discover(entry: number, insnAt: (off: number) => Insn | null, hot: number[]): Block[] {
  const blocks = new Map<number, Block>();
  const refused = new Set<number>();
  // The entry first, then the page's other hot starts (targets of indirect jumps and calls included).
  const work = [...hot.filter((o) => o !== entry).reverse(), entry];
  let total = 0;
  while (work.length > 0 && total < MAX_REGION_INSNS && blocks.size < MAX_REGION_BLOCKS) {
    const start = work.pop()!;
    if (blocks.has(start) || refused.has(start)) continue;
    const insns: Insn[] = [];
    const offs: number[] = [];
    let off = start;
    let term: Term;
    for (;;) {
      if (off >= 4096 || (off !== start && blocks.has(off)) || insns.length >= MAX_BLOCK_INSNS) {
        term = { kind: 'fall', to: off };
        if (off < 4096) work.push(off);
        break;
      }
      const i = insnAt(off);
      if (i === null || !translatable(i)) {
        term = { kind: 'fall', to: off };
        break;
      }
      if (BRANCHES.has(i.fn)) {
        const taken = off + i.imm;
        term = { kind: 'branch', insn: i, at: off, taken, fall: off + i.len };
        if (off + i.len < 4096) work.push(off + i.len);
        if (taken >= 0 && taken < 4096) work.push(taken);
        break;
      }
      if (i.fn === I.JAL) {
        const to = off + i.imm;
        term = { kind: 'jal', insn: i, at: off, to };
        if (to >= 0 && to < 4096) work.push(to);
        // A call: where it returns to is a block too (a return in this page dispatches to it).
        if (i.rd !== 0 && off + i.len < 4096) work.push(off + i.len);
        break;
      }
      if (i.fn === I.JALR) {
        term = { kind: 'jalr', insn: i, at: off };
        if (i.rd !== 0 && off + i.len < 4096) work.push(off + i.len);
        break;
      }
      insns.push(i);
      offs.push(off);
      off += i.len;
    }
    const count = insns.length + (term.kind === 'fall' ? 0 : 1);
    if (count === 0) {
      refused.add(start);
      continue;
    }
    blocks.set(start, { start, insns, offs, term, count });
    total += count;
  }
  return [...blocks.values()].sort((a, b) => a.start - b.start);
}

/** Compiles the region entered at page offset `entry`, or null when nothing there can be translated. */
export function compileRegion(entry: number, insnAt: (off: number) => Insn | null, imports: WebAssembly.Imports, hot: number[] = []): CompiledRegion | null {
  const blocks = discover(entry, insnAt, hot);
  if (!blocks.some((b) => b.start === entry)) return null;
  const index = new Map<number, number>(blocks.map((b, k) => [b.start, k]));
  const k0 = blocks.length;
  // Dispatch keys: halfword slots from the first block's; non-block slots leave the region.
  const minSlot = blocks[0].start >> 1;
  const span = (blocks[k0 - 1].start >> 1) - minSlot + 1;
  const keyOf = (off: number) => (off >> 1) - minSlot;
  const body = new Gen();
  const g = body;
  const k = blocks.length;

  // exit(pc expression already in L_NEXT, retired in L_N)
  const exit = () => g.br('exit');
  const setNextPage = (off: number) => g.get(L_PCV).i64(off).op(Op.i64Add).set(L_NEXT);
  const addN = (c: number) => {
    if (c !== 0) g.get(L_N).i32(c).op(Op.i32Add).set(L_N);
  };
  const pcF64 = (off: number) => {
    g.get(P_PAGE_VA).b.byte(Op.f64Const).f64(off);
    g.op(Op.f64Add);
  };
  const retiredAt = (c: number) => g.get(L_N).i32(c).op(Op.i32Add);
  const spillPoints: number[] = [];
  /** Placeholder for the register spill before a helper call; patched once all writes are known. */
  const spill = () => {
    const mark = g.b.length;
    g.b.byte(0xff);
    spillPoints.push(mark);
  };

  const goTo = (from: number, to: number) => {
    const j = index.get(to);
    if (j === undefined) {
      setNextPage(to);
      exit();
    } else if (j === from + 1) {
      // falls into the next block's code
    } else if (j > from) {
      g.br(`b${j}`);
    } else {
      g.i32(keyOf(to)).set(L_BL).br('loop');
    }
  };

  const memory = (i: Insn, m: MemOp, off: number, kIn: number) => {
    g.reg(i.rs1).i64(i.imm).op(Op.i64Add).set(L_VA);
    g.get(L_VA).i64(12).op(Op.i64ShrU).op(Op.i32WrapI64).i32(2047).op(Op.i32And).i32(2).op(Op.i32Shl).set(L_IDX);
    // canonical (sign-extended from bit 38), aligned, and the TLB tag matches
    g.get(L_VA).i64(25).op(Op.i64Shl).i64(25).op(Op.i64ShrS).get(L_VA).op(Op.i64Eq);
    if (m.size > 1) g.get(L_VA).op(Op.i32WrapI64).i32(m.size - 1).op(Op.i32And).op(Op.i32Eqz).op(Op.i32And);
    g.get(m.store ? P_TLB_W : P_TLB_R).get(L_IDX).op(Op.i32Add).mem(Op.i32Load, 2);
    g.get(L_VA).i64(10).op(Op.i64ShrU).op(Op.i32WrapI64).i32(0x1ffffffc).op(Op.i32And).get(P_PRIV).op(Op.i32Or);
    g.op(Op.i32Eq).op(Op.i32And);
    const ramAddress = () => {
      g.get(m.store ? P_TLB_W_OFF : P_TLB_R_OFF).get(L_IDX).op(Op.i32Add).mem(Op.i32Load, 2);
      g.get(L_VA).op(Op.i32WrapI64).i32(0xfff).op(Op.i32And).op(Op.i32Add);
    };
    const lowHigh = () => g.get(L_VA).op(Op.i32WrapI64).get(L_VA).i64(32).op(Op.i64ShrU).op(Op.i32WrapI64);
    if (m.store) {
      g.open(Op.if, 'fast');
      ramAddress();
      g.reg(i.rs2).mem(m.fast, Math.log2(m.size) | 0);
      g.else_();
      spill();
      lowHigh();
      g.reg(i.rs2).op(Op.i32WrapI64).reg(i.rs2).i64(32).op(Op.i64ShrU).op(Op.i32WrapI64);
      g.i32(m.size);
      pcF64(off);
      retiredAt(kIn);
      g.b.byte(Op.call).u32(CALL_ST);
      g.open(Op.if, 'stop');
      addN(kIn + 1);
      setNextPage(off + i.len);
      exit();
      g.end();
      g.end();
      return;
    }
    g.open(Op.if, 'fast', T.i64);
    ramAddress();
    g.mem(m.fast, Math.log2(m.size) | 0);
    g.else_();
    spill();
    lowHigh();
    g.i32(m.size);
    pcF64(off);
    retiredAt(kIn);
    g.b.byte(Op.call).u32(CALL_LD);
    if (m.size === 8) g.op(Op.i64ExtendI32U).get(P_STATE).mem(Op.i64Load32U, 2, STATE_RH).i64(32).op(Op.i64Shl).op(Op.i64Or);
    else for (const w of m.widen!) g.op(w);
    g.end();
    g.setReg(i.rd);
  };

  // Entry: the page address as i64, then dispatch.
  g.get(P_PAGE_VA).op(Op.i64TruncF64S).set(L_PCV);
  g.get(P_ENTRY).set(L_BL);
  const loadAt = g.b.length;
  g.b.byte(0xfe); // placeholder: register loads
  g.open(Op.block, 'exit');
  g.open(Op.loop, 'loop');
  for (let j = k - 1; j >= 0; j -= 1) g.open(Op.block, `b${j}`);
  g.open(Op.block, 'none');
  // Slot -> block: inside 'none', label depth 0 is 'none', depth 1 + j is b{j}.
  const slots = new Array<number>(span).fill(0);
  blocks.forEach((b, j) => (slots[keyOf(b.start)] = 1 + j));
  g.get(L_BL).b.byte(Op.brTable).u32(span);
  for (const d of slots) g.b.u32(d);
  g.b.u32(0);
  g.end();
  // Not a block start (an indirect jump into the middle of things): leave at that address.
  g.get(L_PCV).get(L_BL).i32(minSlot).op(Op.i32Add).i32(1).op(Op.i32Shl).op(Op.i64ExtendI32U).op(Op.i64Add).set(L_NEXT);
  exit();
  for (let j = 0; j < k; j += 1) {
    g.end(); // closes b{j}: its code follows
    const blk = blocks[j];
    // Room check: the whole block must fit in what the budget and the next timer event leave.
    g.get(L_N).i32(blk.count).op(Op.i32Add).get(P_ROOM).op(Op.i32GtU).open(Op.if, 'room');
    setNextPage(blk.start);
    exit();
    g.end();
    blk.insns.forEach((insn, n) => {
      const m = MEMORY.get(insn.fn);
      if (m) memory(insn, m, blk.offs[n], n);
      else ALU.get(insn.fn)!(g, insn, blk.offs[n]);
    });
    const t = blk.term;
    const before = blk.insns.length;
    if (t.kind === 'fall') {
      addN(blk.count);
      goTo(j, t.to);
    } else if (t.kind === 'branch') {
      g.reg(t.insn.rs1).reg(t.insn.rs2).op(BRANCHES.get(t.insn.fn)!).open(Op.if, 'taken');
      addN(blk.count);
      if (index.get(t.taken) === j + 1) g.br(`b${j + 1}`);
      else goTo(j, t.taken);
      g.end();
      addN(blk.count);
      goTo(j, t.fall);
    } else if (t.kind === 'jal') {
      if (t.insn.rd) g.get(L_PCV).i64(t.at + t.insn.len).op(Op.i64Add).setReg(t.insn.rd);
      addN(blk.count);
      goTo(j, t.to);
    } else {
      const i = t.insn;
      g.reg(i.rs1).i64(i.imm).op(Op.i64Add).i64(-2).op(Op.i64And).set(L_A);
      // A target beyond ±2^53 is not a JS number: leave before the jump, the interpreter keeps it exact.
      g.get(L_A).i64(2n ** 53n).op(Op.i64Add).i64(2n ** 54n).op(Op.i64LtU).op(Op.i32Eqz).open(Op.if, 'far');
      addN(before);
      setNextPage(t.at);
      exit();
      g.end();
      if (i.rd) g.get(L_PCV).i64(t.at + i.len).op(Op.i64Add).setReg(i.rd);
      addN(blk.count);
      // A target in the region's span of this page (a return, a switch case) continues in the region.
      g.get(L_A).get(L_PCV).op(Op.i64Sub).set(L_B);
      g.get(L_B).i64(blocks[0].start).op(Op.i64Sub).i64(span * 2).op(Op.i64LtU).open(Op.if, 'near');
      g.get(L_B).i64(1).op(Op.i64ShrU).op(Op.i32WrapI64).i32(minSlot).op(Op.i32Sub).set(L_BL).br('loop');
      g.end();
      g.get(L_A).set(L_NEXT);
      exit();
    }
  }
  g.end(); // loop
  g.end(); // exit block
  // Exit: spill written registers, leave the next pc.
  const spillCode = new Bytes();
  const written = [...g.written].sort((a, b) => a - b);
  for (const r of written) {
    spillCode.byte(Op.localGet).u32(P_STATE).byte(Op.localGet).u32(L_X + r).byte(Op.i32WrapI64).byte(Op.i32Store).u32(2).u32(STATE_XL + 4 * r);
    spillCode.byte(Op.localGet).u32(P_STATE).byte(Op.localGet).u32(L_X + r).byte(Op.i64Const).s64(32n).byte(Op.i64ShrU)
      .byte(Op.i32WrapI64).byte(Op.i32Store).u32(2).u32(STATE_XH + 4 * r);
  }
  const loadCode = new Bytes();
  for (const r of [...g.used].sort((a, b) => a - b)) {
    loadCode.byte(Op.localGet).u32(P_STATE).byte(Op.i64Load32U).u32(2).u32(STATE_XL + 4 * r);
    loadCode.byte(Op.localGet).u32(P_STATE).byte(Op.i64Load32U).u32(2).u32(STATE_XH + 4 * r).byte(Op.i64Const).s64(32n).byte(Op.i64Shl);
    loadCode.byte(Op.i64Or).byte(Op.localSet).u32(L_X + r);
  }
  // Assemble: splice the loads and spills into the placeholders.
  const raw = g.b.bytes();
  const out = new Bytes();
  let from = 0;
  // Before a helper call, the written registers go to the hart through one out-of-line function.
  const spillCall = new Bytes().byte(Op.localGet).u32(P_STATE);
  for (const r of written) spillCall.byte(Op.localGet).u32(L_X + r);
  spillCall.byte(Op.call).u32(CALL_SPILL);
  const spillFn = new Bytes();
  written.forEach((r, k) => {
    spillFn.byte(Op.localGet).u32(0).byte(Op.localGet).u32(k + 1).byte(Op.i32WrapI64).byte(Op.i32Store).u32(2).u32(STATE_XL + 4 * r);
    spillFn.byte(Op.localGet).u32(0).byte(Op.localGet).u32(k + 1).byte(Op.i64Const).s64(32n).byte(Op.i64ShrU)
      .byte(Op.i32WrapI64).byte(Op.i32Store).u32(2).u32(STATE_XH + 4 * r);
  });
  const points = [loadAt, ...spillPoints].sort((a, b) => a - b);
  for (const at of points) {
    for (let q = from; q < at; q += 1) out.byte(raw[q]);
    out.append(at === loadAt ? loadCode : spillCall);
    from = at + 1;
  }
  for (let q = from; q < raw.length; q += 1) out.byte(raw[q]);
  out.append(spillCode);
  out.byte(Op.localGet).u32(P_STATE).byte(Op.localGet).u32(L_NEXT).byte(Op.f64ConvertI64S).byte(Op.f64Store).u32(3).u32(STATE_NEXT_PC);
  out.byte(Op.localGet).u32(L_N);
  const bytes = buildModule(REGION_IMPORTS, [
    { type: REGION_TYPE, locals: LOCALS, body: out },
    { type: { params: [T.i32, ...written.map(() => T.i64)], results: [] }, locals: [], body: spillFn },
  ]);
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>), imports);
  return {
    run: instance.exports.run as CompiledRegion['run'],
    starts: blocks.map((b) => b.start),
    keyOf,
    insns: blocks.reduce((s, b) => s + b.count, 0),
  };
}
