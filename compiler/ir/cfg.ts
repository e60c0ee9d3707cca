// The control-flow graph of an IR function: blocks by index, predecessors, a reverse
// postorder, dominators (Cooper, Harvey and Kennedy, "A Simple, Fast Dominance Algorithm")
// and natural loops (a back edge t → h where h dominates t). Every walk is iterative: a
// machine-written function has hundreds of thousands of blocks and loops nested deeper
// than the stack.
import { successors, type Block, type IrFunction } from './ir.js';

export interface Cfg {
  blocks: Block[];
  index: Map<string, number>;
  succs: number[][];
  preds: number[][];
  /** Blocks reachable from the entry, in reverse postorder. */
  order: number[];
  /** Each block's position in `order` (-1: unreachable). */
  rank: Int32Array;
}

export function buildCfg(fn: IrFunction): Cfg {
  const blocks = fn.blocks;
  const index = new Map(blocks.map((b, i) => [b.label, i]));
  const succs = blocks.map((b) => successors(b.term).map((s) => index.get(s)).filter((j): j is number => j !== undefined));
  const preds: number[][] = blocks.map(() => []);
  succs.forEach((ss, i) => {
    for (const s of ss) preds[s].push(i);
  });
  // Postorder by an explicit stack of (block, next successor to visit).
  const post: number[] = [];
  const seen = new Uint8Array(blocks.length);
  if (blocks.length > 0) {
    const stack: number[] = [0];
    const next: number[] = [0];
    seen[0] = 1;
    while (stack.length) {
      const top = stack.length - 1;
      const b = stack[top];
      const k = next[top]++;
      if (k < succs[b].length) {
        const s = succs[b][k];
        if (!seen[s]) {
          seen[s] = 1;
          stack.push(s);
          next.push(0);
        }
      } else {
        post.push(b);
        stack.pop();
        next.pop();
      }
    }
  }
  const order = post.reverse();
  const rank = new Int32Array(blocks.length).fill(-1);
  order.forEach((b, i) => (rank[b] = i));
  return { blocks, index, succs, preds, order, rank };
}

/** Immediate dominators by block index (the entry is its own; -1 for unreachable blocks). */
export function dominators(cfg: Cfg): Int32Array {
  const idom = new Int32Array(cfg.blocks.length).fill(-1);
  if (cfg.order.length === 0) return idom;
  idom[cfg.order[0]] = cfg.order[0];
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (cfg.rank[a] > cfg.rank[b]) a = idom[a];
      while (cfg.rank[b] > cfg.rank[a]) b = idom[b];
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 1; i < cfg.order.length; i++) {
      const b = cfg.order[i];
      let dom = -1;
      for (const p of cfg.preds[b]) {
        if (idom[p] < 0) continue;
        dom = dom < 0 ? p : intersect(p, dom);
      }
      if (dom !== idom[b]) {
        idom[b] = dom;
        changed = true;
      }
    }
  }
  return idom;
}

export function dominates(idom: Int32Array, a: number, b: number, rank: Int32Array): boolean {
  // Walk up from b; ranks decrease towards the entry, so stop once below a's.
  while (b !== a && rank[b] > rank[a]) b = idom[b];
  return a === b;
}

export interface Loop {
  header: number;
  /** The loop's blocks, the header included. */
  body: Set<number>;
}

/** Natural loops, one per header (back edges to one header share a loop), innermost first. */
export function findLoops(cfg: Cfg, idom: Int32Array): Loop[] {
  const byHeader = new Map<number, Set<number>>();
  for (const t of cfg.order) {
    for (const h of cfg.succs[t]) {
      if (cfg.rank[h] < 0 || !dominates(idom, h, t, cfg.rank)) continue;
      let body = byHeader.get(h);
      if (!body) byHeader.set(h, (body = new Set([h])));
      const work = [t];
      while (work.length) {
        const b = work.pop()!;
        if (body.has(b)) continue;
        body.add(b);
        for (const p of cfg.preds[b]) if (cfg.rank[p] >= 0) work.push(p);
      }
    }
  }
  // An inner loop's body is a strict subset of its outer loop's: smallest first is innermost first.
  return [...byHeader].map(([header, body]) => ({ header, body })).sort((a, b) => a.body.size - b.body.size);
}

/** Removes blocks no path from the entry reaches. */
export function removeUnreachableBlocks(fn: IrFunction): void {
  const cfg = buildCfg(fn);
  if (cfg.order.length === fn.blocks.length) return;
  fn.blocks = fn.blocks.filter((_, i) => cfg.rank[i] >= 0);
}

/**
 * Joins a block that ends with a jump to a block only it reaches (and that is not the
 * entry) into one block, and retargets jumps to empty blocks that only jump on. Bounds
 * checks the ranges proved split straight-line code into such chains.
 */
export function mergeBlocks(fn: IrFunction): void {
  const byLabel = new Map(fn.blocks.map((b) => [b.label, b]));
  // Empty forwarding blocks: follow chains (with a bound, in case of a cycle of empties).
  const forward = (label: string) => {
    for (let hops = 0; hops < 64; hops++) {
      const b = byLabel.get(label);
      if (!b || b.insts.length > 0 || b.term.op !== 'jump' || b.term.target === label || b === fn.blocks[0]) return label;
      label = b.term.target;
    }
    return label;
  };
  for (const b of fn.blocks) {
    if (b.term.op === 'jump') b.term = { op: 'jump', target: forward(b.term.target) };
    else if (b.term.op === 'branch') b.term = { ...b.term, ifTrue: forward(b.term.ifTrue), ifFalse: forward(b.term.ifFalse) };
  }
  removeUnreachableBlocks(fn);
  const cfg = buildCfg(fn);
  const absorbed = new Uint8Array(fn.blocks.length);
  for (const i of cfg.order) {
    if (absorbed[i]) continue;
    const block = fn.blocks[i];
    for (;;) {
      if (block.term.op !== 'jump') break;
      const j = cfg.index.get(block.term.target);
      if (j === undefined || j === 0 || j === i || cfg.preds[j].length !== 1 || absorbed[j]) break;
      const next = fn.blocks[j];
      for (const inst of next.insts) block.insts.push(inst);
      block.term = next.term;
      absorbed[j] = 1;
    }
  }
  fn.blocks = fn.blocks.filter((_, i) => !absorbed[i]);
}
