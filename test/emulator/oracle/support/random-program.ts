// A seeded generator of random RV64IMAC instruction sequences for differential testing.
// A case is a list of units: each unit is one or a few lines that only make sense together
// (a base-register setup and its access, an LR with its SC, a forward branch with the
// instructions it may skip and its label), so a failing case can be shrunk unit by unit.
// Memory is only ever addressed inside the scratch buffer that sp points at.

import { SCRATCH_BYTES, type StateCase } from './state-program.js';

/** xorshift128+ over BigInt-free 32-bit halves: deterministic for a given seed on every host. */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    // splitmix32 expands the seed so nearby seeds give unrelated streams.
    let z = seed >>> 0;
    const mix = (): number => {
      z = (z + 0x9e3779b9) >>> 0;
      let t = z;
      t = Math.imul(t ^ (t >>> 16), 0x21f0aaad);
      t = Math.imul(t ^ (t >>> 15), 0x735a2d97);
      return (t ^ (t >>> 15)) >>> 0;
    };
    this.s0 = mix() | 1;
    this.s1 = mix();
    this.s2 = mix();
    this.s3 = mix();
  }

  /** xoshiro128** step. */
  next32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  below(n: number): number {
    return Math.floor((this.next32() / 4294967296) * n);
  }

  range(lo: number, hi: number): number {
    return lo + this.below(hi - lo + 1);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }

  chance(p: number): boolean {
    return this.next32() / 4294967296 < p;
  }

  u64(): bigint {
    return (BigInt(this.next32()) << 32n) | BigInt(this.next32());
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

const INTERESTING = [0n, 1n, 2n, 0xffffffffffffffffn, 0x8000000000000000n, 0x7fffffffffffffffn, 0x80000000n, 0x7fffffffn,
  0xffffffffn, 0xffffffff80000000n, 0x100000000n, 0xfffffffffffffffen, 31n, 32n, 63n, 64n];

/** Register values that hit the edge cases of the ISA far more often than uniform values. */
export function interestingValue(rng: Rng): bigint {
  const roll = rng.below(10);
  if (roll < 4) return rng.pick(INTERESTING);
  if (roll < 6) return BigInt.asUintN(64, BigInt(rng.range(-300, 300)));
  if (roll < 7) return BigInt.asUintN(64, BigInt.asIntN(32, rng.u64()));
  return rng.u64();
}

export interface RandomCase extends StateCase {
  units: string[];
}

const R_OPS = ['add', 'sub', 'sll', 'slt', 'sltu', 'xor', 'srl', 'sra', 'or', 'and', 'addw', 'subw', 'sllw', 'srlw', 'sraw',
  'mul', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu', 'mulw', 'divw', 'divuw', 'remw', 'remuw'];
const I_OPS = ['addi', 'slti', 'sltiu', 'xori', 'ori', 'andi', 'addiw'];
const SHIFT_IMM = [['slli', 63], ['srli', 63], ['srai', 63], ['slliw', 31], ['srliw', 31], ['sraiw', 31]] as const;
const LOADS = [['lb', 1], ['lbu', 1], ['lh', 2], ['lhu', 2], ['lw', 4], ['lwu', 4], ['ld', 8]] as const;
const STORES = [['sb', 1], ['sh', 2], ['sw', 4], ['sd', 8]] as const;
const AMOS = ['amoswap', 'amoadd', 'amoxor', 'amoand', 'amoor', 'amomin', 'amomax', 'amominu', 'amomaxu'];
const ORDER = ['', '', '', '.aq', '.rl', '.aqrl'];
const BRANCHES = ['beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu'];
const C_ARITH = ['c.sub', 'c.xor', 'c.or', 'c.and', 'c.subw', 'c.addw'];

class CaseBuilder {
  private labels = 0;

  /** hot: some loops run 150-300 times, enough to reach the wasm region tier (not only JS blocks). */
  constructor(private readonly rng: Rng, private readonly prefix: string, private readonly hot = false) {}

  /** Any writable register but sp, which must keep pointing at the scratch buffer. */
  private rd(): string {
    const r = this.rng.range(1, 30);
    return `x${r >= 2 ? r + 1 : r}`;
  }

  /** A destination that is sometimes x0: the write must vanish, side effects must not. */
  private rdz(): string {
    return this.rng.chance(0.05) ? 'x0' : this.rd();
  }

  private rs(): string {
    return `x${this.rng.range(0, 31)}`;
  }

  /** x8..x15, the registers RVC's three-bit fields name. */
  private rc(): string {
    return `x${this.rng.range(8, 15)}`;
  }

  private label(): string {
    this.labels += 1;
    return `.L${this.prefix}_${this.labels}`;
  }

  private offset(width: number, aligned: boolean): number {
    const slots = SCRATCH_BYTES - width;
    return aligned ? this.rng.below(slots / width + 1) * width : this.rng.range(0, slots);
  }

  /** One unit of straight-line code. */
  straight(): string {
    const g = this.rng;
    switch (g.below(16)) {
      case 0: case 1: case 2: return `${g.pick(R_OPS)} ${this.rdz()}, ${this.rs()}, ${this.rs()}`;
      case 3: return `${g.pick(I_OPS)} ${this.rdz()}, ${this.rs()}, ${g.range(-2048, 2047)}`;
      case 4: { const [op, max] = g.pick(SHIFT_IMM); return `${op} ${this.rdz()}, ${this.rs()}, ${g.range(0, max)}`; }
      case 5: return g.chance(0.5) ? `lui ${this.rd()}, ${g.range(0, 0xfffff)}` : `auipc ${this.rd()}, ${g.range(0, 0xfffff)}`;
      case 6: { const [op, w] = g.pick(LOADS); return `${op} ${this.rdz()}, ${this.offset(w, g.chance(0.8))}(sp)`; }
      case 7: { const [op, w] = g.pick(STORES); return `${op} ${this.rs()}, ${this.offset(w, g.chance(0.8))}(sp)`; }
      case 8: return this.baseAccess();
      case 9: return this.amo();
      case 10: return this.lrsc();
      case 11: case 12: case 13: return this.compressed();
      case 14: return this.compressedMemory();
      default: return `li ${this.rd()}, 0x${interestingValue(g).toString(16)}`;
    }
  }

  /** A load or store through a register other than sp, with a negative or positive offset. */
  private baseAccess(): string {
    const g = this.rng;
    const base = this.rd();
    const [op, w] = g.chance(0.5) ? g.pick(LOADS) : g.pick(STORES);
    const target = this.offset(w, g.chance(0.8));
    const disp = g.range(-200, 200);
    const reg = op.startsWith('s') ? this.rs() : this.rd();
    return `addi ${base}, sp, ${target - disp}\n${op} ${reg}, ${disp}(${base})`;
  }

  private amo(): string {
    const g = this.rng;
    const base = this.rd();
    const size = g.pick(['w', 'd']);
    return `addi ${base}, sp, ${this.offset(size === 'w' ? 4 : 8, true)}\n${g.pick(AMOS)}.${size}${g.pick(ORDER)} ${this.rdz()}, ${this.rs()}, (${base})`;
  }

  /** LR then SC: to the same address (must succeed) or to one 128 bytes away (must fail). */
  private lrsc(): string {
    const g = this.rng;
    const size = g.pick(['w', 'd']);
    const width = size === 'w' ? 4 : 8;
    const base = this.rd();
    let dest = this.rd();
    while (dest === base) dest = this.rd();
    const off = this.offset(width, true) % 128;
    const lines = [`addi ${base}, sp, ${off}`, `lr.${size}${g.pick(ORDER)} ${dest}, (${base})`];
    if (g.chance(0.3)) {
      lines.push(`addi ${base}, sp, ${off + 128}`);
    }
    // A failed SC may skip its memory access (qemu does), so the base must stay valid.
    const status = (): string => { let r = this.rd(); while (r === base) r = this.rd(); return r; };
    lines.push(`sc.${size}${g.pick(ORDER)} ${status()}, ${this.rs()}, (${base})`);
    if (g.chance(0.3)) lines.push(`sc.${size} ${status()}, ${this.rs()}, (${base})`);
    return lines.join('\n');
  }

  private compressed(): string {
    const g = this.rng;
    const nonzero = (lo: number, hi: number): number => { let v = 0; while (v === 0) v = g.range(lo, hi); return v; };
    switch (g.below(11)) {
      case 0: return `c.addi ${this.rd()}, ${nonzero(-32, 31)}`;
      case 1: return `c.addiw ${this.rd()}, ${g.range(-32, 31)}`;
      case 2: return `c.li ${this.rd()}, ${g.range(-32, 31)}`;
      case 3: { const rd = this.rd(); return rd === 'x0' ? 'c.nop' : `c.lui ${rd}, ${g.chance(0.5) ? g.range(1, 31) : g.range(0xfffe0, 0xfffff)}`; }
      case 4: return `c.slli ${this.rd()}, ${g.range(1, 63)}`;
      case 5: return `${g.pick(['c.srli', 'c.srai'])} ${this.rc()}, ${g.range(1, 63)}`;
      case 6: return `c.andi ${this.rc()}, ${g.range(-32, 31)}`;
      case 7: return `${g.pick(C_ARITH)} ${this.rc()}, ${this.rc()}`;
      case 8: return `${g.pick(['c.mv', 'c.add'])} ${this.rd()}, x${g.range(1, 31)}`;
      case 9: return `c.addi4spn ${this.rc()}, sp, ${g.range(1, 255) * 4}`;
      default: { const k = g.range(1, 31) * 16; return `c.addi16sp sp, ${-k}\nc.addi16sp sp, ${k}`; }
    }
  }

  private compressedMemory(): string {
    const g = this.rng;
    const size = g.pick([4, 8]);
    const l = size === 4 ? 'w' : 'd';
    if (g.chance(0.5)) {
      const off = this.offset(size, true);
      return g.chance(0.5) ? `c.l${l}sp ${this.rd()}, ${off}(sp)` : `c.s${l}sp ${this.rs()}, ${off}(sp)`;
    }
    const base = this.rc();
    const disp = g.below(Math.min(32, SCRATCH_BYTES / size)) * size;
    const at = this.offset(size, true);
    const start = Math.max(0, at - disp);
    const reg = this.rc();
    return `addi ${base}, sp, ${start}\n${g.chance(0.5) ? `c.l${l}` : `c.s${l}`} ${reg}, ${at - start}(${base})`;
  }

  /**
   * A backward loop over a few units, run often enough that the machine translates it as a
   * hot block. The trip count lives in the unused x0 slot of the register save area
   * (-256(sp)), which no generated access can reach, so any register may be clobbered.
   */
  private loop(): string {
    const g = this.rng;
    const top = this.label();
    const t = this.rd();
    const inner = Array.from({ length: g.range(1, 6) }, () => this.unit(0, false));
    const u = this.rd();
    const trips = this.hot && g.chance(0.5) ? g.range(150, 300) : g.range(17, 40);
    return [`li ${t}, ${trips}`, `sd ${t}, -256(sp)`, `${top}:`, ...inner,
      `ld ${u}, -256(sp)`, `addi ${u}, ${u}, -1`, `sd ${u}, -256(sp)`, `bnez ${u}, ${top}`].join('\n');
  }

  /** A forward transfer over a few straight units, a hot loop, or a straight unit. */
  unit(depth = 0, loops = true): string {
    const g = this.rng;
    if (loops && depth === 0 && g.chance(0.06)) return this.loop();
    if (depth > 0 || !g.chance(0.2)) return this.straight();
    const target = this.label();
    const skipped = Array.from({ length: g.range(1, 3) }, () => this.unit(depth + 1));
    let head: string;
    switch (g.below(6)) {
      case 0: case 1: head = `${g.pick(BRANCHES)} ${this.rs()}, ${this.rs()}, ${target}`; break;
      case 2: head = `${g.pick(['c.beqz', 'c.bnez'])} ${this.rc()}, ${target}`; break;
      case 3: head = g.chance(0.5) ? `jal ${this.rd()}, ${target}` : `c.j ${target}`; break;
      case 4: { const t = this.rd(); head = `la ${t}, ${target}\njalr ${this.rd()}, 0(${t})`; break; }
      default: { const t = this.rd(); head = `la ${t}, ${target}\n${g.pick(['c.jr', 'c.jalr'])} ${t}`; break; }
    }
    return [head, ...skipped, `${target}:`].join('\n');
  }
}

/** One random case: seeded registers and scratch, then `length` units. */
export function randomCase(rng: Rng, caseId: number, length: number, hot = false): RandomCase {
  const regs = Array.from({ length: 32 }, () => interestingValue(rng));
  const scratch = Array.from({ length: SCRATCH_BYTES / 8 }, () => interestingValue(rng));
  const builder = new CaseBuilder(rng, `r${caseId}`, hot);
  const units = Array.from({ length }, () => builder.unit());
  return { regs, scratch, units, body: units.join('\n') };
}

/** The cases of batch `batch` of a run: reproducible from (seed, batch) alone. */
export function randomBatch(seed: number, batch: number, size: number, length: number, hot = false): RandomCase[] {
  const rng = new Rng((seed * 0x9e3779b1 + batch * 0x85ebca6b) >>> 0);
  return Array.from({ length: size }, (_, k) => randomCase(rng, batch * size + k, length, hot));
}
