// Register allocation by linear scan (Poletto and Sarkar) over live intervals built from
// block-level liveness. Values live across a call get callee-saved registers (s1-s11);
// others may also use the caller-saved t3-t6. What does not fit is spilled to the frame.
// t0-t2 stay free as scratch for instruction selection.
import { forEachDef, forEachTermUse, forEachUse, successors, type IrFunction, type VReg } from '../ir/ir.js';
import { firstAbove } from '../sorted-search.js';

export const CALLEE_SAVED = ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11'] as const;
const CALLER_SAVED = ['t3', 't4', 't5', 't6'] as const;

export type Location = { reg: string } | { spill: number };

export interface Allocation {
  locations: Location[];
  /** Each vreg's live interval over the numbering below (Infinity/-Infinity: never live), for debug info. */
  start: Float64Array;
  end: Float64Array;
  spillSlots: number;
  usedCalleeSaved: string[];
}

/** Registers in the order the allocator tries them: caller-saved first, unless the value crosses a call. */
const REGISTERS: readonly string[] = [...CALLER_SAVED, ...CALLEE_SAVED];
const FIRST_CALLEE_SAVED = CALLER_SAVED.length;
const LOCATIONS: readonly Location[] = REGISTERS.map((reg) => ({ reg }));

/**
 * Sets of virtual registers as bit vectors, one row of `words` 32-bit words per block:
 * liveness runs over whole words instead of element by element.
 */
class BlockSets {
  readonly bits: Int32Array;
  constructor(blocks: number, readonly words: number) {
    this.bits = new Int32Array(blocks * words);
  }
  has(block: number, v: VReg): boolean {
    return (this.bits[block * this.words + (v >>> 5)]! & (1 << (v & 31))) !== 0;
  }
  add(block: number, v: VReg): void {
    this.bits[block * this.words + (v >>> 5)]! |= 1 << (v & 31);
  }
  /** Calls `visit` with every member of block's set. */
  forEach(block: number, visit: (v: VReg) => void): void {
    const base = block * this.words;
    for (let w = 0; w < this.words; w++) {
      for (let word = this.bits[base + w]!; word !== 0; word &= word - 1) visit(w * 32 + (31 - Math.clz32(word & -word)));
    }
  }
}

/**
 * `unallocated`: registers that need no location (constants used only as immediates).
 * `rematerializable`: registers instruction selection can compute again wherever they are
 * read (constants, addresses of symbols and frame slots): when registers run out they are
 * the first to go, and they take no spill slot.
 */
export function allocateRegisters(fn: IrFunction, unallocated?: Uint8Array, rematerializable?: Uint8Array): Allocation {
  const n = fn.vregCount;
  const blocks = fn.blocks;
  // Only a register read in some block before that block writes it (upward-exposed: a
  // "global name", Briggs, Cooper and Torczon) can be live across a block boundary, so
  // liveness runs over those alone. Block-local temporaries, most registers of a function,
  // never enter the sets: a function of 100,000 blocks stays linear instead of blocks × registers.
  const globalIndex = new Int32Array(n).fill(-1);
  const globals: VReg[] = [];
  const writtenIn = new Int32Array(n).fill(-1);
  blocks.forEach((block, i) => {
    const use = (u: VReg) => {
      if (writtenIn[u] !== i && globalIndex[u] < 0) globalIndex[u] = globals.push(u) - 1;
    };
    for (const inst of block.insts) {
      forEachUse(inst, use);
      forEachDef(inst, (d) => (writtenIn[d] = i));
    }
    forEachTermUse(block.term, use);
  });
  const words = (globals.length + 31) >>> 5;
  // Liveness: live-in = uses ∪ (live-out − defs), iterated to a fixed point.
  const index = new Map(blocks.map((b, i) => [b.label, i]));
  const useSets = new BlockSets(blocks.length, words);
  const defSets = new BlockSets(blocks.length, words);
  blocks.forEach((block, i) => {
    const use = (u: VReg) => {
      const g = globalIndex[u]!;
      if (g >= 0 && !defSets.has(i, g)) useSets.add(i, g);
    };
    for (const inst of block.insts) {
      forEachUse(inst, use);
      forEachDef(inst, (d) => {
        const g = globalIndex[d]!;
        if (g >= 0) defSets.add(i, g);
      });
    }
    forEachTermUse(block.term, use);
  });
  const successorIndices = blocks.map((block) => successors(block.term).map((s) => index.get(s)).filter((j): j is number => j !== undefined));
  const liveIn = new BlockSets(blocks.length, words);
  const liveOut = new BlockSets(blocks.length, words);
  const out = liveOut.bits;
  const inBits = liveIn.bits;
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = blocks.length - 1; i >= 0; i--) {
      const row = i * words;
      for (const j of successorIndices[i]!) {
        for (let w = 0; w < words; w++) {
          const merged = out[row + w]! | inBits[j * words + w]!;
          if (merged !== out[row + w]) (out[row + w] = merged), (changed = true);
        }
      }
      for (let w = 0; w < words; w++) {
        const merged = inBits[row + w]! | useSets.bits[row + w]! | (out[row + w]! & ~defSets.bits[row + w]!);
        if (merged !== inBits[row + w]) (inBits[row + w] = merged), (changed = true);
      }
    }
  }

  // Intervals over a linear numbering: each instruction takes two positions (read, write).
  const start = new Float64Array(n).fill(Infinity);
  const end = new Float64Array(n).fill(-Infinity);
  const touch = (v: VReg, at: number) => {
    if (at < start[v]!) start[v] = at;
    if (at > end[v]!) end[v] = at;
  };
  const shown = new Set((fn.debug?.variables ?? []).map((v) => v.vreg));
  const calls: number[] = [];
  const statements: number[] = [];
  let position = 0;
  fn.params.forEach((p) => touch(p, 0));
  const touchHere = (v: VReg) => touch(v, position);
  const touchAfter = (v: VReg) => touch(v, position + 1);
  const touchGlobalHere = (g: number) => touch(globals[g]!, position);
  blocks.forEach((block, i) => {
    liveIn.forEach(i, touchGlobalHere);
    for (const inst of block.insts) {
      forEachUse(inst, touchHere);
      if (inst.op === 'call') calls.push(position);
      if (inst.op === 'loc') statements.push(position);
      forEachDef(inst, touchAfter);
      position += 2;
    }
    forEachTermUse(block.term, touchHere);
    position += 2;
    liveOut.forEach(i, touchGlobalHere);
  });

  // A variable a debugger shows keeps its register to the end of the statement that last
  // reads it (its location list runs to the next statement), so nothing reuses the register
  // while gdb may still show it there.
  for (const v of shown) {
    if (v >= n || end[v] === -Infinity) continue;
    const next = firstAbove(statements, end[v]!);
    if (next !== undefined) end[v] = Math.max(end[v]!, next - 1);
  }
  const intervals: Interval[] = [];
  for (let v = 0; v < n; v++) {
    if (start[v] === Infinity || unallocated?.[v]) continue;
    // A value crosses a call when it is live both before and after the call's position:
    // some call position c with start < c < end - 1 (calls are in ascending order).
    const c = firstAbove(calls, start[v]!);
    intervals.push({ vreg: v, start: start[v]!, end: end[v]!, crossesCall: c !== undefined && c < end[v]! - 1 });
  }
  intervals.sort((a, b) => a.start - b.start || a.vreg - b.vreg);

  // Copy coalescing: `d = copy s` where s dies at the copy gives d the register of s when it
  // is free then (so selection emits no move). Not from a variable a debugger shows: its
  // location holds to the end of the statement that last reads it.
  const hints = new Int32Array(n).fill(-1);
  const reads = new Int32Array(n);
  const read = (v: VReg) => reads[v]++;
  for (const block of blocks) {
    for (const inst of block.insts) {
      if (inst.op === 'copy' && !shown.has(inst.src)) hints[inst.dst] = inst.src;
      forEachUse(inst, read);
    }
    forEachTermUse(block.term, read);
  }

  const locations: Location[] = new Array(n).fill({ spill: -1 });
  const free = REGISTERS.map(() => true);
  const active: { end: number; reg: number; vreg: VReg }[] = [];
  let usedCalleeSaved = 0;
  let spillSlots = 0;
  const spill = (v: VReg) => (locations[v] = rematerializable?.[v] ? { spill: -1 } : { spill: spillSlots++ });
  const registerIndex = new Map(REGISTERS.map((r, i) => [r, i]));
  for (const interval of intervals) {
    for (let i = active.length - 1; i >= 0; i--) {
      if (active[i]!.end < interval.start) {
        free[active[i]!.reg] = true;
        active.splice(i, 1);
      }
    }
    const lowest = interval.crossesCall ? FIRST_CALLEE_SAVED : 0;
    let reg = lowest;
    const hinted = hints[interval.vreg] >= 0 ? locations[hints[interval.vreg]] : undefined;
    const hintedIndex = hinted && 'reg' in hinted ? registerIndex.get(hinted.reg) : undefined;
    if (hintedIndex !== undefined && hintedIndex >= lowest && free[hintedIndex]) reg = hintedIndex;
    else while (reg < REGISTERS.length && !free[reg]) reg++;
    if (reg >= REGISTERS.length) {
      // No register free: take one from the active value that is cheapest to lose (one that
      // can be recomputed, else the one live longest), if that beats spilling this one.
      let victim = -1;
      // Cheapest to lose: long-lived and rarely read, and better still recomputable.
      const worth = (v: VReg, end: number) => ((end - start[v]!) / (reads[v]! + 1)) * (rematerializable?.[v] ? 4 : 1);
      for (let i = 0; i < active.length; i++) {
        if (active[i].reg < lowest) continue;
        if (victim < 0 || worth(active[i].vreg, active[i].end) > worth(active[victim].vreg, active[victim].end)) victim = i;
      }
      if (victim >= 0 && worth(active[victim].vreg, active[victim].end) > worth(interval.vreg, interval.end)) {
        reg = active[victim].reg;
        spill(active[victim].vreg);
        active.splice(victim, 1);
        free[reg] = true;
      }
    }
    if (reg < REGISTERS.length) {
      free[reg] = false;
      active.push({ end: interval.end, reg, vreg: interval.vreg });
      locations[interval.vreg] = LOCATIONS[reg]!;
      if (reg >= FIRST_CALLEE_SAVED) usedCalleeSaved |= 1 << (reg - FIRST_CALLEE_SAVED);
    } else spill(interval.vreg);
  }
  return { locations, start, end, spillSlots, usedCalleeSaved: CALLEE_SAVED.filter((_, i) => usedCalleeSaved & (1 << i)) };
}

interface Interval {
  vreg: VReg;
  start: number;
  end: number;
  crossesCall: boolean;
}
