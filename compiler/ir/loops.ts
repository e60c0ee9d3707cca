// Loop optimisations over natural loops (cfg.ts):
// - loop-invariant code motion: a pure instruction (constants, addresses of globals and
//   frame slots, arithmetic) whose result has one definition and whose operands are all
//   defined outside the loop moves to the loop's preheader. Loads, stores, calls and
//   source positions never move, so effects keep their order.
// - loop rotation: a loop whose header is one block of pure instructions ending in the
//   exit test gets a copy of that test at the end of each latch, so every iteration but the
//   first branches back from the bottom (one taken branch) instead of jumping to the top
//   and testing there (two).
import { definitionCounts, forEachDef, forEachTermUse, forEachUse, type Block, type Inst, type IrFunction, type VReg } from './ir.js';
import { buildCfg, dominators, findLoops, type Loop } from './cfg.js';

/** Past this many (loop × block) pairs loops are left alone (the caller notes it). */
export const LOOP_BUDGET = 4_000_000;

const MOVABLE = new Set<Inst['op']>(['const', 'symbol', 'slot', 'bin', 'un', 'ext']);

/** Moves invariant instructions out of loops, innermost first. Returns how many moved, or
 *  undefined when the function is over the budget. */
export function hoistInvariants(fn: IrFunction): number | undefined {
  let cfg = buildCfg(fn);
  let loops = findLoops(cfg, dominators(cfg));
  if (loops.length * fn.blocks.length > LOOP_BUDGET) return undefined;
  const counts = definitionCounts(fn);
  let moved = 0;
  for (let n = 0; n < loops.length; n++) {
    const loop = loops[n];
    const header = cfg.blocks[loop.header];
    const preheader = ensurePreheader(fn, cfg.preds[loop.header].filter((p) => !loop.body.has(p)).map((p) => cfg.blocks[p]), header);
    if (!preheader) continue;
    // Where each register is defined inside the loop (it must be nowhere, or hoisted).
    const inLoop = new Uint8Array(fn.vregCount);
    for (const b of loop.body) for (const inst of cfg.blocks[b].insts) forEachDef(inst, (d) => (inLoop[d] = 1));
    const hoisted: Inst[] = [];
    for (let changed = true; changed; ) {
      changed = false;
      for (const b of loop.body) {
        const block = cfg.blocks[b];
        block.insts = block.insts.filter((inst) => {
          if (!MOVABLE.has(inst.op)) return true;
          const dst = (inst as { dst: VReg }).dst; // every movable instruction has one result
          if (counts[dst] !== 1) return true;
          let invariant = true;
          forEachUse(inst, (u) => (invariant &&= !inLoop[u]));
          if (!invariant) return true;
          hoisted.push(inst);
          inLoop[dst] = 0;
          changed = true;
          return false;
        });
      }
    }
    for (const inst of hoisted) preheader.insts.push(inst);
    moved += hoisted.length;
    if (preheader.label.endsWith('_pre')) {
      // A new block: the graph changed, so loops further out are found again.
      cfg = buildCfg(fn);
      loops = findLoops(cfg, dominators(cfg));
      n = loops.findIndex((l) => l.header === cfg.index.get(header.label)) ;
    }
  }
  return moved;
}

/** The one block outside the loop that enters it, ending in a jump to the header; made
 *  when the loop is entered from several places or by a branch. */
function ensurePreheader(fn: IrFunction, outside: Block[], header: Block): Block | undefined {
  if (outside.length === 1 && outside[0].term.op === 'jump') return outside[0];
  if (outside.length === 0 || header === fn.blocks[0]) return undefined;
  const label = `${header.label}_pre`;
  if (fn.blocks.some((b) => b.label === label)) return undefined;
  const preheader: Block = { label, insts: [], term: { op: 'jump', target: header.label } };
  for (const b of outside) {
    if (b.term.op === 'jump') b.term = { op: 'jump', target: label };
    else if (b.term.op === 'branch') b.term = { ...b.term, ifTrue: b.term.ifTrue === header.label ? label : b.term.ifTrue, ifFalse: b.term.ifFalse === header.label ? label : b.term.ifFalse };
  }
  fn.blocks.splice(fn.blocks.indexOf(header), 0, preheader);
  return preheader;
}

/** Rotates loops (see the top of the file). Returns the number of latches given the test. */
export function rotateLoops(fn: IrFunction): number | undefined {
  const cfg = buildCfg(fn);
  const loops = findLoops(cfg, dominators(cfg));
  if (loops.length * fn.blocks.length > LOOP_BUDGET) return undefined;
  let rotated = 0;
  for (const loop of loops) rotated += rotate(fn, cfg.blocks, cfg.preds, loop);
  return rotated;
}

function rotate(fn: IrFunction, blocks: Block[], preds: number[][], loop: Loop): number {
  const header = blocks[loop.header];
  const term = header.term;
  if (term.op !== 'branch' || header.insts.length > 8) return 0;
  if (header.insts.some((inst) => !MOVABLE.has(inst.op) && inst.op !== 'copy')) return 0;
  // The header's results must not be read outside it (its copies get fresh registers).
  const defined = new Set<VReg>();
  for (const inst of header.insts) forEachDef(inst, (d) => defined.add(d));
  for (const block of blocks) {
    if (block === header) continue;
    let leaks = false;
    for (const inst of block.insts) forEachUse(inst, (u) => (leaks ||= defined.has(u)));
    forEachTermUse(block.term, (u) => (leaks ||= defined.has(u)));
    if (leaks) return 0;
  }
  let count = 0;
  for (const p of preds[loop.header]) {
    const latch = blocks[p];
    if (!loop.body.has(p) || latch.term.op !== 'jump' || latch === header) continue;
    const fresh = new Map<VReg, VReg>();
    const rename = (v: VReg) => fresh.get(v) ?? v;
    for (const inst of header.insts) {
      const copy = renamed(inst, rename);
      forEachDef(inst, (d) => fresh.set(d, fn.vregCount++));
      latch.insts.push(withDst(copy, rename));
    }
    latch.term = { op: 'branch', cond: rename(term.cond), ifTrue: term.ifTrue, ifFalse: term.ifFalse };
    count++;
  }
  return count;
}

/** `inst` reading renamed registers. */
function renamed(inst: Inst, rename: (v: VReg) => VReg): Inst {
  switch (inst.op) {
    case 'copy':
      return { ...inst, src: rename(inst.src) };
    case 'bin':
      return { ...inst, a: rename(inst.a), b: rename(inst.b) };
    case 'un':
    case 'ext':
      return { ...inst, a: rename(inst.a) };
    default:
      return { ...inst };
  }
}

function withDst(inst: Inst, rename: (v: VReg) => VReg): Inst {
  return 'dst' in inst && inst.dst !== undefined ? ({ ...inst, dst: rename(inst.dst) } as Inst) : inst;
}
