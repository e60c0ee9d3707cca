// The intermediate representation between the checked program and RV64 assembly.
// Each function is a control-flow graph of basic blocks over virtual registers; every
// virtual register holds a 64-bit value, and scalars keep the code generator's
// invariant (normalised to their type: zero- or sign-extended). Mutable variables are
// virtual registers assigned more than once (no SSA); arrays and structs live in frame
// slots and are reached through addresses. Optimisation (optimize.ts) and register
// allocation (../codegen/regalloc.ts) work on this form.
import type { SourceSpan } from '../../grammar/diagnostic.js';

export type VReg = number;

export type BinFn =
  | 'add' | 'sub' | 'mul' | 'div' | 'divu' | 'rem' | 'remu'
  | 'and' | 'or' | 'xor' | 'sll' | 'srl' | 'sra'
  | 'slt' | 'sltu' | 'eq' | 'ne';

export type UnFn = 'neg' | 'not' | 'seqz' | 'snez';

export type Inst =
  | { op: 'const'; dst: VReg; value: bigint }
  | { op: 'copy'; dst: VReg; src: VReg }
  | { op: 'bin'; fn: BinFn; dst: VReg; a: VReg; b: VReg }
  | { op: 'un'; fn: UnFn; dst: VReg; a: VReg }
  /** Normalise the low `bits` bits of `a` to a 64-bit value (zero- or sign-extension). */
  | { op: 'ext'; dst: VReg; a: VReg; bits: 1 | 8 | 16 | 32; signed: boolean }
  /** `effect`: a load of memory the program does not own (a builtin the table in
   *  ../builtins.ts marks as an effect, such as `peek64`): it may fault, so it is kept and
   *  never folded, whether or not its result is used. Other loads read frame slots, globals
   *  and checked array elements, which cannot fault. */
  | { op: 'load'; dst: VReg; addr: VReg; offset: number; size: 1 | 2 | 4 | 8; signed: boolean; effect?: boolean }
  | { op: 'store'; addr: VReg; offset: number; src: VReg; size: 1 | 2 | 4 | 8 }
  /** The address of a frame slot (arrays, structs, call blocks). */
  | { op: 'slot'; dst: VReg; slot: number }
  /** The address of a symbol: a global, a string, a digest, a region cache. */
  | { op: 'symbol'; dst: VReg; name: string }
  /** A call with up to 8 arguments in a0..a7 (see ARGUMENT_REGISTERS); results from a0 and a1. */
  | { op: 'call'; callee: string; args: VReg[]; dst?: VReg; dst2?: VReg }
  /** The code that follows comes from this source position (for fault reports). */
  | { op: 'loc'; file: string; line: number; column: number };

/** Calls pass at most this many arguments in registers (a0..a7). A function with more
 *  parameters takes the first 7 in a0..a6 and, in a7, the address of a block in its caller's
 *  frame holding the rest, 8 bytes each in order (values normalised to 64 bits, arrays and
 *  structs by address). Only penglaic's own code calls these functions. */
export const ARGUMENT_REGISTERS = 8;

/** Where parameter `index` of a function with `count` parameters arrives: a register, or
 *  an offset in the block a7 points at. */
export function argumentHome(index: number, count: number): { register: number } | { blockOffset: number } {
  if (count <= ARGUMENT_REGISTERS || index < ARGUMENT_REGISTERS - 1) return { register: index };
  return { blockOffset: 8 * (index - (ARGUMENT_REGISTERS - 1)) };
}

export type Terminator =
  | { op: 'jump'; target: string }
  | { op: 'branch'; cond: VReg; ifTrue: string; ifFalse: string }
  | { op: 'ret'; value?: VReg }
  /** After a call that never returns (abort paths). */
  | { op: 'unreachable' };

export interface Block {
  label: string;
  insts: Inst[];
  term: Terminator;
}

export interface FrameSlot {
  size: number;
  align: number;
}

/** A scalar's type as a debugger shows it (DWARF base type). */
export interface DebugType {
  name: string;
  size: number;
  encoding: 'signed' | 'unsigned' | 'boolean';
}

/** A source variable a debugger can show: a scalar parameter or local in a virtual register. */
export interface DebugVariable {
  name: string;
  kind: 'param' | 'local';
  vreg: VReg;
  type: DebugType;
  line: number;
  /** Locals: the source lines of their scope (declaration to the end of the block). */
  scope?: { from: number; to: number };
}

/** What a debugger is told about a function (compiler/dwarf/): its source name and scalars. */
export interface FunctionDebug {
  name: string;
  returnType: DebugType | undefined;
  variables: DebugVariable[];
}

export interface IrFunction {
  symbol: string;
  debug?: FunctionDebug;
  /** Where the function is declared: its prologue's position in fault reports, and where
   *  a frame too large for the stack is reported. */
  declaredAt?: SourceSpan;
  params: VReg[];
  blocks: Block[];
  slots: FrameSlot[];
  vregCount: number;
}

export interface IrData {
  symbol: string;
  bytes: Uint8Array | undefined; // undefined: zero-filled (.bss)
  size: number;
  align: number;
  readOnly: boolean;
}

export interface IrModule {
  functions: IrFunction[];
  data: IrData[];
}

/** Calls `visit` with each register an instruction reads, without building an array. */
export function forEachUse(inst: Inst, visit: (v: VReg) => void): void {
  switch (inst.op) {
    case 'copy':
      return visit(inst.src);
    case 'bin':
      visit(inst.a);
      return visit(inst.b);
    case 'un':
    case 'ext':
      return visit(inst.a);
    case 'load':
      return visit(inst.addr);
    case 'store':
      visit(inst.addr);
      return visit(inst.src);
    case 'call':
      for (const arg of inst.args) visit(arg);
      return;
  }
}

/** Calls `visit` with each register an instruction writes. */
export function forEachDef(inst: Inst, visit: (v: VReg) => void): void {
  switch (inst.op) {
    case 'store':
    case 'loc':
      return;
    case 'call':
      if (inst.dst !== undefined) visit(inst.dst);
      if (inst.dst2 !== undefined) visit(inst.dst2);
      return;
    default:
      return visit(inst.dst);
  }
}

/** How many times each register is written, parameters included. */
export function definitionCounts(fn: IrFunction): Int32Array {
  const counts = new Int32Array(fn.vregCount);
  for (const p of fn.params) counts[p]++;
  for (const block of fn.blocks) for (const inst of block.insts) forEachDef(inst, (d) => counts[d]++);
  return counts;
}

export function forEachTermUse(term: Terminator, visit: (v: VReg) => void): void {
  if (term.op === 'branch') visit(term.cond);
  else if (term.op === 'ret' && term.value !== undefined) visit(term.value);
}

/** Registers an instruction reads. */
export function uses(inst: Inst): VReg[] {
  const registers: VReg[] = [];
  forEachUse(inst, (v) => registers.push(v));
  return registers;
}

/** Registers an instruction writes. */
export function defs(inst: Inst): VReg[] {
  const registers: VReg[] = [];
  forEachDef(inst, (v) => registers.push(v));
  return registers;
}

export function termUses(term: Terminator): VReg[] {
  const registers: VReg[] = [];
  forEachTermUse(term, (v) => registers.push(v));
  return registers;
}

export function successors(term: Terminator): string[] {
  if (term.op === 'jump') return [term.target];
  if (term.op === 'branch') return [term.ifTrue, term.ifFalse];
  return [];
}

/** Instructions with an effect beyond their result (a store, a call, a load that may fault,
 *  a source position): no optimisation removes, merges or reorders them. */
export function hasSideEffect(inst: Inst): boolean {
  return inst.op === 'store' || inst.op === 'call' || inst.op === 'loc' || (inst.op === 'load' && inst.effect === true);
}
