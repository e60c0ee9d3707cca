// The optimiser of one IR function (`-O0` skips it). Passes, in order:
// - removal of blocks no path from the entry reaches (cfg.ts);
// - constant folding through single-definition constants and copies, and strength
//   reduction (`x * 2^k` is a shift, `x * 1` and `x + 0` are copies);
// - branches on `seqz c` branch on `c` with the targets swapped, so the comparison behind
//   `<=`/`>=` still fuses into one compare-and-branch;
// - value ranges (ranges.ts): branches they decide, bounds checks among them, become jumps;
// - block merging, common subexpressions within a block (local-cse.ts), copy propagation;
// - loop-invariant code motion and loop rotation (loops.ts);
// - copy coalescing: `t = op …; v = t` writes `v` directly;
// - dead-code removal: instructions without side effects whose results are never used.
// Nothing with an effect (a store, a call, an effect load, a source position) is removed,
// merged or moved across another (`hasSideEffect` in ir.ts). A function too large for the
// range or loop passes' budgets skips them, with a note for `--verbose`.
import { definitionCounts, forEachDef, forEachTermUse, forEachUse, hasSideEffect, type BinFn, type Inst, type IrFunction, type VReg } from './ir.js';
import { mergeBlocks, removeUnreachableBlocks } from './cfg.js';
import { decideBranches } from './ranges.js';
import { localCse } from './local-cse.js';
import { hoistInvariants, rotateLoops } from './loops.js';

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
  invertNegatedBranches(fn);
  if (decideBranches(fn) === undefined) notes?.push(`${fn.symbol}: too large for value ranges; its bounds checks all stay`);
  removeUnreachableBlocks(fn);
  mergeBlocks(fn);
  localCse(fn);
  propagateCopies(fn);
  foldConstants(fn);
  removeDeadCode(fn);
  if (hoistInvariants(fn) === undefined || rotateLoops(fn) === undefined) notes?.push(`${fn.symbol}: too many loops for loop optimisation; its loops are left as written`);
  // Invariants hoisted from several loops meet in one preheader: merge them again.
  localCse(fn);
  propagateCopies(fn);
  removeDeadCode(fn);
  foldAddressOffsets(fn);
  dropUndemandedNormalisations(fn);
  propagateCopies(fn);
  coalesceCopies(fn);
  removeDeadCode(fn);
  return fn;
}

function useCounts(fn: IrFunction): Int32Array {
  const counts = new Int32Array(fn.vregCount);
  const use = (v: VReg) => counts[v]++;
  for (const block of fn.blocks) {
    for (const inst of block.insts) forEachUse(inst, use);
    forEachTermUse(block.term, use);
  }
  return counts;
}

const powerOfTwo = (v: bigint) => (v > 0n && (v & (v - 1n)) === 0n ? BigInt(v.toString(2).length - 1) : undefined);

function foldConstants(fn: IrFunction): void {
  const counts = definitionCounts(fn);
  const known = new Map<VReg, bigint>();
  for (const block of fn.blocks) for (const inst of block.insts) if (inst.op === 'const' && counts[inst.dst] === 1) known.set(inst.dst, inst.value & MASK);
  const made: Inst[] = [];
  const constant = (value: bigint): VReg => {
    const v = fn.vregCount++;
    made.push({ op: 'const', dst: v, value: signed(value) });
    known.set(v, value & MASK);
    return v;
  };
  for (let changed = true; changed; ) {
    changed = false;
    if (made.length) {
      fn.blocks[0].insts = [...made, ...fn.blocks[0].insts];
      made.length = 0;
    }
    for (const block of fn.blocks) {
      block.insts = block.insts.map((inst): Inst => {
        if (inst.op === 'copy' && known.has(inst.src)) {
          // A copy of a constant is the constant (into a variable assigned elsewhere too: `li`).
          if (counts[inst.dst] === 1 && !known.has(inst.dst)) {
            known.set(inst.dst, known.get(inst.src)!);
            changed = true;
          }
          return { op: 'const', dst: inst.dst, value: signed(known.get(inst.src)!) };
        }
        if (inst.op !== 'bin' || known.has(inst.dst)) return inst;
        const a = known.get(inst.a);
        const b = known.get(inst.b);
        if (a !== undefined && b !== undefined && counts[inst.dst] === 1) {
          const value = fold(inst.fn, a, b);
          if (value === undefined) return inst;
          known.set(inst.dst, value);
          changed = true;
          return { op: 'const', dst: inst.dst, value: signed(value) };
        }
        return strengthReduced(inst, a, b, constant) ?? inst;
      });
    }
    changed ||= made.length > 0;
  }
}

/** `x * 2^k` as `x << k`, `x * 1`, `x + 0`, `x - 0`, `x | 0`, `x ^ 0`, `x << 0` as copies. */
function strengthReduced(inst: Inst & { op: 'bin' }, a: bigint | undefined, b: bigint | undefined, constant: (value: bigint) => VReg): Inst | undefined {
  if (inst.fn === 'mul' && a !== undefined && b === undefined) return strengthReduced({ ...inst, a: inst.b, b: inst.a }, b, a, constant);
  if (b === undefined) return undefined;
  if (b === 0n && (inst.fn === 'add' || inst.fn === 'sub' || inst.fn === 'or' || inst.fn === 'xor' || inst.fn === 'sll' || inst.fn === 'srl' || inst.fn === 'sra')) return { op: 'copy', dst: inst.dst, src: inst.a };
  if (inst.fn !== 'mul') return undefined;
  if (b === 1n) return { op: 'copy', dst: inst.dst, src: inst.a };
  const shift = powerOfTwo(b);
  return shift === undefined ? undefined : { op: 'bin', fn: 'sll', dst: inst.dst, a: inst.a, b: constant(shift) };
}

/** `c = seqz x; branch c, T, F` is `branch x, F, T`. */
function invertNegatedBranches(fn: IrFunction): void {
  const uses = useCounts(fn);
  for (const block of fn.blocks) {
    const term = block.term;
    const last = block.insts[block.insts.length - 1];
    if (term.op !== 'branch' || !last || last.op !== 'un' || last.fn !== 'seqz' || last.dst !== term.cond || uses[last.dst] !== 1) continue;
    block.insts.pop();
    block.term = { op: 'branch', cond: last.a, ifTrue: term.ifFalse, ifFalse: term.ifTrue };
  }
}

/** Replaces the uses of `d = copy s` by `s` when both are defined once (and `d` is not a
 *  variable a debugger shows), so the copy goes. */
function propagateCopies(fn: IrFunction): void {
  const counts = definitionCounts(fn);
  const shown = new Set((fn.debug?.variables ?? []).map((v) => v.vreg));
  const replacement = new Map<VReg, VReg>();
  for (const block of fn.blocks) {
    for (const inst of block.insts) {
      if (inst.op === 'copy' && counts[inst.dst] === 1 && counts[inst.src] === 1 && !shown.has(inst.dst)) replacement.set(inst.dst, inst.src);
    }
  }
  if (replacement.size === 0) return;
  const resolve = (v: VReg) => {
    for (let hops = 0; replacement.has(v) && hops < 1000; hops++) v = replacement.get(v)!;
    return v;
  };
  renameUses(fn, resolve);
}

function renameUses(fn: IrFunction, rename: (v: VReg) => VReg): void {
  for (const block of fn.blocks) {
    block.insts = block.insts.map((inst): Inst => {
      switch (inst.op) {
        case 'copy': return { ...inst, src: rename(inst.src) };
        case 'bin': return { ...inst, a: rename(inst.a), b: rename(inst.b) };
        case 'un':
        case 'ext': return { ...inst, a: rename(inst.a) };
        case 'load': return { ...inst, addr: rename(inst.addr) };
        case 'store': return { ...inst, addr: rename(inst.addr), src: rename(inst.src) };
        case 'call': return { ...inst, args: inst.args.map(rename) };
        default: return inst;
      }
    });
    const term = block.term;
    if (term.op === 'branch') block.term = { ...term, cond: rename(term.cond) };
    else if (term.op === 'ret' && term.value !== undefined) block.term = { ...term, value: rename(term.value) };
  }
}

/**
 * `t = op …; … ; v = copy t` with `t` defined and read only there, and `v` neither read nor
 * written in between: the operation writes `v` itself and the copy goes (the allocator would
 * otherwise give `t` a register of its own and emit a move).
 */
function coalesceCopies(fn: IrFunction): void {
  const defs = definitionCounts(fn);
  const uses = useCounts(fn);
  for (const block of fn.blocks) {
    const insts = block.insts;
    const definedAt = new Map<VReg, number>();
    const removed = new Uint8Array(insts.length);
    for (let k = 0; k < insts.length; k++) {
      const inst = insts[k];
      if (inst.op === 'copy' && defs[inst.src] === 1 && uses[inst.src] === 1 && definedAt.has(inst.src)) {
        const at = definedAt.get(inst.src)!;
        const producer = insts[at];
        let touched = false;
        for (let j = at + 1; j < k && !touched; j++) {
          if (removed[j]) continue;
          forEachUse(insts[j], (u) => (touched ||= u === inst.dst));
          forEachDef(insts[j], (d) => (touched ||= d === inst.dst));
        }
        if (!touched && 'dst' in producer && producer.op !== 'call') {
          insts[at] = { ...producer, dst: inst.dst } as Inst;
          removed[k] = 1;
          defs[inst.dst]++;
          continue;
        }
      }
      forEachDef(inst, (d) => definedAt.set(d, k));
    }
    if (removed.some((r) => r === 1)) block.insts = insts.filter((_, k) => !removed[k]);
  }
}

/**
 * Demanded bits: a normalisation `t = ext.k x` whose every use looks only at the low k bits
 * (a narrower normalisation, a store of k bits or fewer, or arithmetic whose result is itself
 * only looked at that low: the low bits of a sum, product, shift left or bitwise operation
 * depend only on the operands' low bits) is `x` itself. So `s = (s + a * b) as u32` pays one
 * normalisation, not three. Comparisons, addresses, calls and returns look at all 64 bits.
 */
function dropUndemandedNormalisations(fn: IrFunction): void {
  const demand = new Uint8Array(fn.vregCount);
  const raise = (v: VReg, bits: number) => {
    if (demand[v] >= bits) return false;
    demand[v] = bits;
    return true;
  };
  for (const p of fn.params) demand[p] = 64;
  for (let changed = true; changed; ) {
    changed = false;
    for (const block of fn.blocks) {
      for (const inst of block.insts) {
        switch (inst.op) {
          case 'ext':
            changed = raise(inst.a, inst.bits === 1 ? 64 : inst.bits) || changed;
            break;
          case 'store':
            changed = raise(inst.src, 8 * inst.size) || changed;
            changed = raise(inst.addr, 64) || changed;
            break;
          case 'copy':
            changed = raise(inst.src, demand[inst.dst]) || changed;
            break;
          case 'bin':
            if (inst.fn === 'add' || inst.fn === 'sub' || inst.fn === 'mul' || inst.fn === 'and' || inst.fn === 'or' || inst.fn === 'xor') {
              changed = raise(inst.a, demand[inst.dst]) || changed;
              changed = raise(inst.b, demand[inst.dst]) || changed;
            } else if (inst.fn === 'sll') {
              changed = raise(inst.a, demand[inst.dst]) || changed;
              changed = raise(inst.b, 64) || changed;
            } else {
              changed = raise(inst.a, 64) || changed;
              changed = raise(inst.b, 64) || changed;
            }
            break;
          default:
            forEachUse(inst, (u) => (changed = raise(u, 64) || changed));
        }
      }
      forEachTermUse(block.term, (u) => (changed = raise(u, 64) || changed));
    }
  }
  for (const block of fn.blocks) {
    block.insts = block.insts.map((inst): Inst => (inst.op === 'ext' && inst.bits > 1 && demand[inst.dst] <= inst.bits ? { op: 'copy', dst: inst.dst, src: inst.a } : inst));
  }
}

/** A load or store at `add base, c` (a small constant, both defined once) takes `base` and
 *  the offset `c`: struct fields and constant indexes cost no addition. */
function foldAddressOffsets(fn: IrFunction): void {
  const defs = definitionCounts(fn);
  const constants = new Map<VReg, bigint>();
  const sums = new Map<VReg, { base: VReg; offset: bigint }>();
  for (const block of fn.blocks) for (const inst of block.insts) if (inst.op === 'const' && defs[inst.dst] === 1) constants.set(inst.dst, BigInt.asIntN(64, inst.value));
  for (const block of fn.blocks) {
    for (const inst of block.insts) {
      if (inst.op !== 'bin' || inst.fn !== 'add' || defs[inst.dst] !== 1) continue;
      const [base, c] = constants.has(inst.b) ? [inst.a, constants.get(inst.b)!] : constants.has(inst.a) ? [inst.b, constants.get(inst.a)!] : [undefined, 0n];
      if (base !== undefined && defs[base] === 1) sums.set(inst.dst, { base, offset: c });
    }
  }
  if (sums.size === 0) return;
  const fits = (v: bigint) => v >= -2048n && v <= 2047n;
  for (const block of fn.blocks) {
    block.insts = block.insts.map((inst): Inst => {
      if (inst.op !== 'load' && inst.op !== 'store') return inst;
      const sum = sums.get(inst.addr);
      if (!sum || !fits(sum.offset + BigInt(inst.offset))) return inst;
      return { ...inst, addr: sum.base, offset: inst.offset + Number(sum.offset) };
    });
  }
}

/** Removes instructions without side effects whose results nobody reads, following chains
 *  of dead values with a worklist (linear, however long the chain). */
function removeDeadCode(fn: IrFunction): void {
  const uses = useCounts(fn);
  for (const p of fn.params) uses[p]++;
  const sites: { block: number; index: number }[][] = [];
  const dead = fn.blocks.map((b) => new Uint8Array(b.insts.length));
  const work: VReg[] = [];
  fn.blocks.forEach((block, b) =>
    block.insts.forEach((inst, index) => {
      if (hasSideEffect(inst)) return;
      forEachDef(inst, (d) => (sites[d] ??= []).push({ block: b, index }));
    }),
  );
  for (let v = 0; v < fn.vregCount; v++) if (uses[v] === 0 && sites[v]) work.push(v);
  while (work.length) {
    const v = work.pop()!;
    for (const { block, index } of sites[v] ?? []) {
      if (dead[block][index]) continue;
      const inst = fn.blocks[block].insts[index];
      let live = false;
      forEachDef(inst, (d) => (live ||= uses[d] > 0));
      if (live) continue;
      dead[block][index] = 1;
      forEachUse(inst, (u) => {
        if (--uses[u] === 0 && sites[u]) work.push(u);
      });
    }
  }
  fn.blocks.forEach((block, b) => {
    if (dead[b].includes(1)) block.insts = block.insts.filter((_, i) => !dead[b][i]);
  });
}

export { hasSideEffect };
