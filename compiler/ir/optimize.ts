// Optimisations on one IR function, each simple and obviously safe:
// - constant folding of operations (and copies) whose operands are single-definition
//   constants;
// - removal of instructions without side effects whose results are never used;
// - removal of blocks that no path from the entry reaches.
import { defs, forEachDef, forEachTermUse, forEachUse, hasSideEffect, successors, type BinFn, type Inst, type IrFunction, type VReg } from './ir.js';

const MASK = (1n << 64n) - 1n;
const signed = (v: bigint) => BigInt.asIntN(64, v);

function fold(fn: BinFn, a: bigint, b: bigint): bigint | undefined {
  switch (fn) {
    case 'add': return (a + b) & MASK;
    case 'sub': return (a - b) & MASK;
    case 'mul': return (a * b) & MASK;
    case 'and': return a & b;
    case 'or': return a | b;
    case 'xor': return a ^ b;
    case 'sll': return (a << (b & 63n)) & MASK;
    case 'srl': return a >> (b & 63n);
    case 'sra': return BigInt.asUintN(64, signed(a) >> (b & 63n));
    case 'slt': return signed(a) < signed(b) ? 1n : 0n;
    case 'sltu': return a < b ? 1n : 0n;
    case 'eq': return a === b ? 1n : 0n;
    case 'ne': return a !== b ? 1n : 0n;
    default: return undefined; // division: keep RISC-V's run-time behaviour in one place
  }
}

export function optimizeFunction(fn: IrFunction, notes?: string[]): IrFunction {
  removeUnreachableBlocks(fn);
  foldConstants(fn);
  removeDeadCode(fn);
  return fn;
}

function definitionCounts(fn: IrFunction): number[] {
  const counts = new Array<number>(fn.vregCount).fill(0);
  const count = (v: VReg) => {
    counts[v]++;
  };
  for (const p of fn.params) count(p);
  for (const block of fn.blocks) for (const inst of block.insts) forEachDef(inst, count);
  return counts;
}

function foldConstants(fn: IrFunction): void {
  const counts = definitionCounts(fn);
  const known = new Map<VReg, bigint>();
  for (const block of fn.blocks) for (const inst of block.insts) if (inst.op === 'const' && counts[inst.dst] === 1) known.set(inst.dst, inst.value & MASK);
  for (let changed = true; changed; ) {
    changed = false;
    for (const block of fn.blocks) {
      block.insts = block.insts.map((inst): Inst => {
        if (inst.op === 'copy' && counts[inst.dst] === 1 && known.has(inst.src) && !known.has(inst.dst)) {
          known.set(inst.dst, known.get(inst.src)!);
          changed = true;
          return { op: 'const', dst: inst.dst, value: signed(known.get(inst.src)!) };
        }
        if (inst.op !== 'bin' || counts[inst.dst] !== 1 || known.has(inst.dst)) return inst;
        const a = known.get(inst.a);
        const b = known.get(inst.b);
        if (a === undefined || b === undefined) return inst;
        const value = fold(inst.fn, a, b);
        if (value === undefined) return inst;
        known.set(inst.dst, value);
        changed = true;
        return { op: 'const', dst: inst.dst, value: signed(value) };
      });
    }
  }
}

function removeDeadCode(fn: IrFunction): void {
  for (let changed = true; changed; ) {
    changed = false;
    const used = new Uint8Array(fn.vregCount);
    const use = (v: VReg) => {
      used[v] = 1;
    };
    for (const p of fn.params) use(p);
    for (const block of fn.blocks) {
      for (const inst of block.insts) forEachUse(inst, use);
      forEachTermUse(block.term, use);
    }
    const isUsed = (v: VReg) => used[v] === 1;
    for (const block of fn.blocks) {
      const kept = block.insts.filter((inst) => hasSideEffect(inst) || defs(inst).some(isUsed));
      if (kept.length !== block.insts.length) {
        block.insts = kept;
        changed = true;
      }
    }
  }
}

function removeUnreachableBlocks(fn: IrFunction): void {
  const byLabel = new Map(fn.blocks.map((b) => [b.label, b]));
  const reached = new Set<string>();
  const work = [fn.blocks[0].label];
  while (work.length) {
    const label = work.pop()!;
    if (reached.has(label) || !byLabel.has(label)) continue;
    reached.add(label);
    work.push(...successors(byLabel.get(label)!.term));
  }
  fn.blocks = fn.blocks.filter((b) => reached.has(b.label));
}
