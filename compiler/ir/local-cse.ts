// Common subexpressions within a block and along extended blocks (a block entered from one
// predecessor only continues its table: superlocal value numbering), as copies.
// An operation computed again from the same registers, with neither the registers nor the
// earlier result written in between, becomes a copy of the earlier result. Loads count too
// (`a[j] = a[j - 1]`, `p.x += p.vx`), but only between two effects: any store, call or
// effect load forgets every load, so memory order never changes. Effect loads themselves
// are never merged.
import { definitionCounts, forEachDef, uses, type Inst, type IrFunction, type VReg } from './ir.js';
import { buildCfg } from './cfg.js';

const COMMUTATIVE = new Set(['add', 'mul', 'and', 'or', 'xor', 'eq', 'ne']);

function keyOf(inst: Inst): string | undefined {
  switch (inst.op) {
    case 'bin': {
      const [a, b] = COMMUTATIVE.has(inst.fn) && inst.b < inst.a ? [inst.b, inst.a] : [inst.a, inst.b];
      return `${inst.fn} ${a} ${b}`;
    }
    case 'un':
      return `${inst.fn} ${inst.a}`;
    case 'ext':
      return `ext${inst.bits}${inst.signed ? 's' : 'u'} ${inst.a}`;
    case 'const':
      return `const ${BigInt.asUintN(64, inst.value)}`;
    case 'symbol':
      return `symbol ${inst.name}`;
    case 'slot':
      return `slot ${inst.slot}`;
    case 'load':
      return inst.effect ? undefined : `load${inst.size}${inst.signed ? 's' : 'u'} ${inst.addr} ${inst.offset}`;
  }
  return undefined;
}

export function localCse(fn: IrFunction): number {
  let replaced = 0;
  // A constant's value is shared only from a register nothing else writes (not a variable's).
  const defs = definitionCounts(fn);
  // Extended blocks: a block entered only from one other starts with what that one ended
  // with (nothing runs between them), unless the table has grown large.
  const cfg = buildCfg(fn);
  const exits = new Map<number, Table>();
  for (const b of cfg.order) {
    const block = fn.blocks[b];
    const pred = cfg.preds[b].length === 1 && cfg.preds[b][0] !== b && block.term.op !== 'unreachable' ? exits.get(cfg.preds[b][0]) : undefined;
    const inherited = pred && pred.available.size < INHERIT_LIMIT && pred.mentions.size < INHERIT_LIMIT ? pred : undefined;
    const available = new Map<string, VReg>(inherited?.available);
    /** For each register, the keys that name it (as an operand or as the value). */
    const mentions = new Map<VReg, string[]>();
    for (const [v, keys] of inherited?.mentions ?? []) mentions.set(v, [...keys]);
    const loads: string[] = [...(inherited?.loads ?? [])];
    const forget = (v: VReg) => {
      const keys = mentions.get(v);
      if (!keys) return;
      for (const key of keys) available.delete(key);
      mentions.delete(v);
    };
    const mention = (v: VReg, key: string) => {
      const keys = mentions.get(v);
      if (!keys) mentions.set(v, [key]);
      else if (keys.length < MENTION_LIMIT) keys.push(key);
      else {
        // A register named by very many keys: drop them all rather than keep a long list.
        for (const k of keys) available.delete(k);
        available.delete(key);
        mentions.set(v, []);
      }
    };
    block.insts = block.insts.map((inst): Inst => {
      if (inst.op === 'store' || inst.op === 'call' || (inst.op === 'load' && inst.effect)) {
        for (const key of loads) available.delete(key);
        loads.length = 0;
      }
      const key = keyOf(inst);
      // Every instruction with a key has one result.
      const dst = key === undefined ? undefined : (inst as { dst: VReg }).dst;
      let result = inst;
      if (key !== undefined && dst !== undefined) {
        const earlier = available.get(key);
        if (earlier !== undefined && earlier !== dst && (inst.op !== 'const' || defs[dst] === 1)) {
          result = { op: 'copy', dst, src: earlier };
          replaced++;
        }
      }
      forEachDef(inst, forget);
      if (key !== undefined && dst !== undefined && result === inst && !uses(inst).includes(dst) && (inst.op !== 'const' || defs[dst] === 1)) {
        available.set(key, dst);
        mention(dst, key);
        for (const v of uses(inst)) mention(v, key);
        if (inst.op === 'load') loads.push(key);
      }
      return result;
    });
    if (cfg.succs[b].some((s) => cfg.preds[s].length === 1) && available.size < INHERIT_LIMIT) exits.set(b, { available, mentions, loads });
    // A table is read only by the successors that have this block as their one predecessor,
    // which come later in reverse postorder than it; the predecessor's is no longer needed
    // once every such successor of it has run.
    if (pred && cfg.succs[cfg.preds[b][0]].every((s) => cfg.rank[s] <= cfg.rank[b])) exits.delete(cfg.preds[b][0]);
  }
  return replaced;
}

interface Table {
  available: Map<string, VReg>;
  mentions: Map<VReg, string[]>;
  loads: string[];
}

/** Tables larger than this are not passed on (copying them would cost more than it saves). */
const INHERIT_LIMIT = 64;
/** At most this many keys name one register. */
const MENTION_LIMIT = 64;
