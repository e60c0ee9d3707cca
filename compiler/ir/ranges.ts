// Value ranges, and the branches they decide: an abstract interpretation of the function
// over unsigned intervals [lo, hi] of each register, refined on every branch edge by the
// comparison that decides it (`i < n` bounds `i` on the true edge, `j > 0` on the false
// edge of `j == 0`), joined where paths meet and widened at a block visited too often, so
// it ends. A branch whose condition is then known on every path becomes a jump: this is
// how a bounds check the loop condition or a dominating check already proves goes away,
// while a check that can fail keeps its branch, its panic block and its source position.
// Wrap-around is exact: an operation that might wrap gives "anything".
import { forEachDef, forEachTermUse, forEachUse, type Inst, type IrFunction, type VReg } from './ir.js';
import { buildCfg } from './cfg.js';

const MASK = (1n << 64n) - 1n;
const SIGN = 1n << 63n;

type Range = readonly [lo: bigint, hi: bigint];
type State = Map<VReg, Range>;

/** Past this many (block × tracked register) pairs the analysis is not run (the caller notes it). */
export const RANGE_BUDGET = 1_000_000;
const WIDEN_AFTER = 8;
const GIVE_UP_AFTER = 64;

const bitsOf = (v: bigint) => (v === 0n ? 0n : BigInt(v.toString(2).length));
const below = (bits: bigint): Range => [0n, (1n << bits) - 1n];

function binaryRange(fn: string, a: Range | undefined, b: Range | undefined): Range | undefined {
  if (fn === 'slt' || fn === 'sltu' || fn === 'eq' || fn === 'ne') return [0n, 1n];
  if (!a) return fn === 'and' && b ? [0n, b[1]] : undefined;
  if (fn === 'and') return [0n, b && b[1] < a[1] ? b[1] : a[1]];
  if (!b) return fn === 'srl' || fn === 'remu' ? [0n, a[1]] : undefined;
  switch (fn) {
    case 'add':
      return a[1] + b[1] <= MASK ? [a[0] + b[0], a[1] + b[1]] : undefined;
    case 'sub':
      return a[0] >= b[1] ? [a[0] - b[1], a[1] - b[0]] : undefined;
    case 'mul':
      return a[1] * b[1] <= MASK ? [a[0] * b[0], a[1] * b[1]] : undefined;
    case 'or':
    case 'xor':
      return below(bitsOf(a[1] > b[1] ? a[1] : b[1]));
    case 'sll':
      return b[0] === b[1] && a[1] << (b[0] & 63n) <= MASK ? [a[0] << (b[0] & 63n), a[1] << (b[0] & 63n)] : undefined;
  }
  // Signed forms of non-negative operands act as the unsigned ones.
  const unsigned = fn === 'sra' ? (a[1] < SIGN ? 'srl' : '') : fn === 'div' || fn === 'rem' ? (a[1] < SIGN && b[1] < SIGN ? fn + 'u' : '') : fn;
  switch (unsigned) {
    case 'srl':
      return b[0] === b[1] ? [a[0] >> (b[0] & 63n), a[1] >> (b[0] & 63n)] : [0n, a[1]];
    case 'divu':
      return b[0] > 0n ? [a[0] / b[1], a[1] / b[0]] : undefined; // x / 0 is all ones
    case 'remu':
      return [0n, b[0] > 0n && b[1] - 1n < a[1] ? b[1] - 1n : a[1]]; // x % 0 is x
  }
  return undefined;
}

/** The range of what `inst` defines, from the ranges before it. */
function transfer(inst: Inst, state: State): void {
  switch (inst.op) {
    case 'const':
      state.set(inst.dst, [inst.value & MASK, inst.value & MASK]);
      return;
    case 'copy': {
      const r = state.get(inst.src);
      if (r) state.set(inst.dst, r);
      else state.delete(inst.dst);
      return;
    }
    case 'bin':
      return setOrForget(state, inst.dst, binaryRange(inst.fn, state.get(inst.a), state.get(inst.b)));
    case 'un':
      return setOrForget(state, inst.dst, inst.fn === 'seqz' || inst.fn === 'snez' ? [0n, 1n] : undefined);
    case 'ext': {
      const a = state.get(inst.a);
      const limit = (1n << BigInt(inst.signed ? inst.bits - 1 : inst.bits)) - 1n;
      if (a && a[1] <= limit) return state.set(inst.dst, a), undefined;
      return setOrForget(state, inst.dst, inst.signed && inst.bits > 1 ? undefined : [0n, limit]);
    }
    case 'load':
      return setOrForget(state, inst.dst, !inst.signed && inst.size < 8 ? below(BigInt(8 * inst.size)) : undefined);
    default:
      forEachDef(inst, (d) => state.delete(d));
  }
}

function setOrForget(state: State, v: VReg, r: Range | undefined): void {
  if (r) state.set(v, r);
  else state.delete(v);
}

const full = (state: State, v: VReg): Range => state.get(v) ?? [0n, MASK];

/** Narrows `v` to [lo, hi]; false when nothing is left (the edge cannot be taken). */
function narrow(state: State, v: VReg, lo: bigint, hi: bigint): boolean {
  const [a, b] = full(state, v);
  const r: Range = [a > lo ? a : lo, b < hi ? b : hi];
  if (r[0] > r[1]) return false;
  state.set(v, r);
  return true;
}

/**
 * What taking the edge where `cond` is `truth` says about registers, given the block's
 * instructions (the condition's definition must be there, with operands not written after it).
 * False when the edge cannot be taken.
 */
function refine(state: State, insts: readonly Inst[], cond: VReg, truth: boolean, depth = 0, limit = insts.length): boolean {
  if (!(truth ? narrow(state, cond, 1n, MASK) : narrow(state, cond, 0n, 0n))) return false;
  if (depth > 2) return true;
  let k = limit - 1;
  for (; k >= 0; k--) {
    let defines = false;
    forEachDef(insts[k], (d) => (defines ||= d === cond));
    if (defines) break;
  }
  if (k < 0) return true;
  const def = insts[k];
  const stable = (v: VReg) => {
    for (let j = k + 1; j < insts.length; j++) {
      let written = false;
      forEachDef(insts[j], (d) => (written ||= d === v));
      if (written) return false;
    }
    return true;
  };
  if (def.op === 'copy') return stable(def.src) ? refine(state, insts, def.src, truth, depth + 1, k) : true;
  if (def.op === 'un' && (def.fn === 'seqz' || def.fn === 'snez')) {
    return stable(def.a) ? refine(state, insts, def.a, def.fn === 'snez' ? truth : !truth, depth + 1, k) : true;
  }
  if (def.op !== 'bin' || !stable(def.a) || !stable(def.b)) return true;
  const a = full(state, def.a);
  const b = full(state, def.b);
  const unsignedCompare = def.fn === 'sltu' || (def.fn === 'slt' && a[1] < SIGN && b[1] < SIGN);
  if (unsignedCompare) {
    if (truth) return b[1] > 0n && narrow(state, def.a, 0n, b[1] - 1n) && narrow(state, def.b, a[0] + 1n, MASK);
    return narrow(state, def.a, b[0], MASK) && narrow(state, def.b, 0n, a[1]);
  }
  if ((def.fn === 'eq' && truth) || (def.fn === 'ne' && !truth)) {
    const lo = a[0] > b[0] ? a[0] : b[0];
    const hi = a[1] < b[1] ? a[1] : b[1];
    return narrow(state, def.a, lo, hi) && narrow(state, def.b, lo, hi);
  }
  return true;
}

/**
 * Widening with thresholds: a bound that keeps moving jumps to the next constant of the
 * function (or one past it) in its direction, and only past all of them to the extreme. The
 * constants are finitely many, so the analysis ends, and a counter bounded by a constant
 * keeps that bound even when an outer loop makes it grow one step per round.
 */
class Thresholds {
  private values: bigint[];
  /** After many rounds, bounds jump straight to the extremes: the rounds stay few. */
  giveUp(): void {
    this.values = [0n, MASK];
  }
  constructor(fn: IrFunction) {
    const set = new Set<bigint>([0n, MASK]);
    for (const block of fn.blocks) {
      for (const inst of block.insts) {
        if (inst.op !== 'const') continue;
        const v = inst.value & MASK;
        set.add(v);
        if (v > 0n) set.add(v - 1n);
        if (v < MASK) set.add(v + 1n);
      }
    }
    this.values = [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
  /** The least threshold ≥ v. */
  up(v: bigint): bigint {
    let lo = 0;
    let hi = this.values.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.values[mid] >= v) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo];
  }
  /** The greatest threshold ≤ v. */
  down(v: bigint): bigint {
    let lo = 0;
    let hi = this.values.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.values[mid] <= v) lo = mid;
      else hi = mid - 1;
    }
    return this.values[lo];
  }
}

/** Joins `incoming` into `into`; true when `into` changed. Widens bounds that keep moving. */
function join(into: State, incoming: State, widen: Thresholds | undefined): boolean {
  let changed = false;
  for (const [v, r] of into) {
    const s = incoming.get(v);
    if (!s) {
      into.delete(v);
      changed = true;
      continue;
    }
    let lo = s[0] < r[0] ? s[0] : r[0];
    let hi = s[1] > r[1] ? s[1] : r[1];
    if (lo === r[0] && hi === r[1]) continue;
    if (widen) {
      if (lo < r[0]) lo = widen.down(lo);
      if (hi > r[1]) hi = widen.up(hi);
    }
    if (lo === 0n && hi === MASK) into.delete(v);
    else into.set(v, [lo, hi]);
    changed = true;
  }
  return changed;
}

/**
 * Turns branches whose condition the ranges decide into jumps. Returns the number turned,
 * or undefined when the function is over the budget (nothing is changed then).
 */
export function decideBranches(fn: IrFunction): number | undefined {
  const cfg = buildCfg(fn);
  const blocks = fn.blocks;
  // Only registers read in a block that did not write them first carry ranges from block
  // to block: the rest are dropped at the block's end, so states stay small.
  const carried = new Uint8Array(fn.vregCount);
  let tracked = 0;
  const written = new Int32Array(fn.vregCount).fill(-1);
  blocks.forEach((block, i) => {
    const use = (u: VReg) => {
      if (written[u] !== i && !carried[u]) (carried[u] = 1), tracked++;
    };
    for (const inst of block.insts) {
      forEachUse(inst, use);
      forEachDef(inst, (d) => (written[d] = i));
    }
    forEachTermUse(block.term, use);
  });
  if (blocks.length * (tracked + 1) > RANGE_BUDGET) return undefined;

  const entryStates: (State | undefined)[] = new Array(blocks.length);
  const visits = new Int32Array(blocks.length);
  entryStates[0] = new Map();
  // Widening happens only at loop headers (targets of retreating edges): every cycle passes
  // one, and the blocks inside keep the bounds the header's test gives them.
  const header = new Uint8Array(blocks.length);
  const thresholds = new Thresholds(fn);
  cfg.order.forEach((b) => {
    for (const s of cfg.succs[b]) if (cfg.rank[s] <= cfg.rank[b]) header[s] = 1;
  });
  // Rounds over the blocks in reverse postorder, each running the blocks whose entry changed.
  const dirty = new Uint8Array(blocks.length);
  dirty[0] = 1;
  /** Drops what no other block reads. */
  const keep = (state: State) => {
    for (const v of state.keys()) if (!carried[v]) state.delete(v);
    return state;
  };
  const outgoing = (b: number): { to: number; state: State }[] => {
    const block = blocks[b];
    const state = new Map(entryStates[b]!);
    for (const inst of block.insts) transfer(inst, state);
    const edges: { to: number; state: State }[] = [];
    const term = block.term;
    if (term.op === 'jump') {
      const to = cfg.index.get(term.target);
      if (to !== undefined) edges.push({ to, state: keep(state) });
    } else if (term.op === 'branch') {
      const onTrue = cfg.index.get(term.ifTrue);
      const onFalse = cfg.index.get(term.ifFalse);
      const trueState = new Map(state);
      if (onTrue !== undefined && refine(trueState, block.insts, term.cond, true)) edges.push({ to: onTrue, state: keep(trueState) });
      if (onFalse !== undefined && refine(state, block.insts, term.cond, false)) edges.push({ to: onFalse, state: keep(state) });
    }
    return edges;
  };
  for (let again = true, round = 0; again; round++) {
    again = false;
    if (round === GIVE_UP_AFTER) thresholds.giveUp();
    for (const b of cfg.order) {
      if (!dirty[b]) continue;
      dirty[b] = 0;
      for (const { to, state } of outgoing(b)) {
        const existing = entryStates[to];
        let changed: boolean;
        if (!existing) {
          entryStates[to] = state;
          changed = true;
        } else changed = join(existing, state, header[to] === 1 && visits[to] >= WIDEN_AFTER ? thresholds : undefined);
        if (changed) {
          visits[to]++;
          dirty[to] = 1;
          again = true;
        }
      }
    }
  }

  let decided = 0;
  blocks.forEach((block, b) => {
    const term = block.term;
    if (!entryStates[b]) return;
    const state = new Map(entryStates[b]!);
    // A normalisation of a value already in its type's range is a copy.
    block.insts = block.insts.map((inst) => {
      let result = inst;
      if (inst.op === 'ext') {
        const a = state.get(inst.a);
        if (a && a[1] <= (1n << BigInt(inst.signed ? inst.bits - 1 : inst.bits)) - 1n) result = { op: 'copy', dst: inst.dst, src: inst.a };
      }
      transfer(inst, state);
      return result;
    });
    if (term.op !== 'branch') return;
    const canTrue = refine(new Map(state), block.insts, term.cond, true);
    const canFalse = refine(new Map(state), block.insts, term.cond, false);
    if (canTrue === canFalse) return;
    block.term = { op: 'jump', target: canTrue ? term.ifTrue : term.ifFalse };
    decided++;
  });
  return decided;
}
