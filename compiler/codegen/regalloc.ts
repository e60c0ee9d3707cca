// Register allocation by linear scan (Poletto and Sarkar) over live intervals built from
// block-level liveness. Values live across a call get callee-saved registers (s1-s11);
// others may also use the caller-saved t3-t6. What does not fit is spilled to the frame.
// t0-t2 stay free as scratch for instruction selection.
import { defs, successors, termUses, uses, type IrFunction, type VReg } from '../ir/ir.js';

export const CALLEE_SAVED = ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11'] as const;
const CALLER_SAVED = ['t3', 't4', 't5', 't6'] as const;

export type Location = { reg: string } | { spill: number };

export interface Allocation {
  locations: Location[];
  spillSlots: number;
  usedCalleeSaved: string[];
}

interface Interval {
  vreg: VReg;
  start: number;
  end: number;
  crossesCall: boolean;
}

export function allocateRegisters(fn: IrFunction): Allocation {
  const n = fn.vregCount;
  // Liveness: live-in = uses ∪ (live-out − defs), iterated to a fixed point.
  const index = new Map(fn.blocks.map((b, i) => [b.label, i]));
  const useSets = fn.blocks.map(() => new Set<VReg>());
  const defSets = fn.blocks.map(() => new Set<VReg>());
  fn.blocks.forEach((block, i) => {
    for (const inst of block.insts) {
      for (const u of uses(inst)) if (!defSets[i].has(u)) useSets[i].add(u);
      for (const d of defs(inst)) defSets[i].add(d);
    }
    for (const u of termUses(block.term)) if (!defSets[i].has(u)) useSets[i].add(u);
  });
  const liveIn = fn.blocks.map(() => new Set<VReg>());
  const liveOut = fn.blocks.map(() => new Set<VReg>());
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = fn.blocks.length - 1; i >= 0; i--) {
      const out = liveOut[i];
      for (const s of successors(fn.blocks[i].term)) {
        const j = index.get(s);
        if (j === undefined) continue;
        for (const v of liveIn[j]) if (!out.has(v)) (out.add(v), (changed = true));
      }
      const inSet = liveIn[i];
      for (const v of useSets[i]) if (!inSet.has(v)) (inSet.add(v), (changed = true));
      for (const v of out) if (!defSets[i].has(v) && !inSet.has(v)) (inSet.add(v), (changed = true));
    }
  }

  // Intervals over a linear numbering: each instruction takes two positions (read, write).
  const start = new Array<number>(n).fill(Infinity);
  const end = new Array<number>(n).fill(-Infinity);
  const touch = (v: VReg, at: number) => {
    if (at < start[v]) start[v] = at;
    if (at > end[v]) end[v] = at;
  };
  const calls: number[] = [];
  let position = 0;
  fn.params.forEach((p) => touch(p, 0));
  fn.blocks.forEach((block, i) => {
    const blockStart = position;
    for (const v of liveIn[i]) touch(v, blockStart);
    for (const inst of block.insts) {
      for (const u of uses(inst)) touch(u, position);
      if (inst.op === 'call') calls.push(position);
      for (const d of defs(inst)) touch(d, position + 1);
      position += 2;
    }
    for (const u of termUses(block.term)) touch(u, position);
    position += 2;
    for (const v of liveOut[i]) touch(v, position);
  });

  const intervals: Interval[] = [];
  for (let v = 0; v < n; v++) {
    if (start[v] === Infinity) continue;
    // A value crosses a call when it is live both before and after the call's position.
    const crossesCall = calls.some((c) => start[v] < c && end[v] > c + 1);
    intervals.push({ vreg: v, start: start[v], end: end[v], crossesCall });
  }
  intervals.sort((a, b) => a.start - b.start || a.vreg - b.vreg);

  const locations: Location[] = new Array(n).fill({ spill: -1 });
  const free = new Set<string>([...CALLER_SAVED, ...CALLEE_SAVED]);
  const active: { interval: Interval; reg: string }[] = [];
  const used = new Set<string>();
  let spillSlots = 0;
  for (const interval of intervals) {
    for (let i = active.length - 1; i >= 0; i--) {
      if (active[i].interval.end < interval.start) {
        free.add(active[i].reg);
        active.splice(i, 1);
      }
    }
    const candidates = interval.crossesCall ? CALLEE_SAVED : [...CALLER_SAVED, ...CALLEE_SAVED];
    const reg = candidates.find((r) => free.has(r));
    if (reg) {
      free.delete(reg);
      active.push({ interval, reg });
      locations[interval.vreg] = { reg };
      if ((CALLEE_SAVED as readonly string[]).includes(reg)) used.add(reg);
    } else {
      locations[interval.vreg] = { spill: spillSlots++ };
    }
  }
  return { locations, spillSlots, usedCalleeSaved: CALLEE_SAVED.filter((r) => used.has(r)) };
}
