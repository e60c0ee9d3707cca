// Random differential testing of F and D against qemu-riscv64: seeded steps, each one
// float instruction (every F/D operation, static and dynamic rounding) on operands drawn
// from special values and from values built to sit at rounding boundaries (ties, one ulp
// either side of a power of two or of a half-integer, the subnormal/normal edge, the
// integer-range edges of the conversions). A batch of cases becomes one ELF; each case compares every result's
// bits and the fflags after it. `longFloatRun` is the long run behind
// `node scripts/emu-fuzz.mjs --float`.

import { Rng } from './random-program.js';
import { buildStateProgram, parseDump, splitDumps, ABI_NAMES } from './state-program.js';
import { buildLinuxElf, runOurs, runQemu, workDir } from './toolchain.js';
import { boxed, floatCase, hex, RESULTS_PER_CASE, RESULT_REGS, SPECIAL_D, SPECIAL_S, type FloatStep } from './float-cases.js';

const RMS = ['rne', 'rtz', 'rdn', 'rup', 'rmm', 'dyn'];

interface Format {
  readonly name: 's' | 'd';
  readonly p: number;
  readonly ebits: number;
  readonly special: readonly bigint[];
}
const S: Format = { name: 's', p: 24, ebits: 8, special: SPECIAL_S };
const D: Format = { name: 'd', p: 53, ebits: 11, special: SPECIAL_D };

function random64(rng: Rng): bigint {
  return (BigInt(rng.next32()) << 32n) | BigInt(rng.next32());
}

/** A value of format f as its register pattern (singles NaN-boxed, now and then not). */
function operand(rng: Rng, f: Format): bigint {
  const width = f.p + f.ebits;
  const mantBits = BigInt(f.p - 1);
  const bias = (1 << (f.ebits - 1)) - 1;
  let bits: bigint;
  const pick = rng.below(11);
  if (pick === 10) return halfIntegerNeighbour(rng, f);
  if (pick < 3) return rng.pick(f.special);
  if (pick < 5) {
    // A random exponent near 1, near the extremes or in the subnormal range, random mantissa.
    const exp = rng.pick([bias + rng.range(-4, 4), rng.range(0, 3), (1 << f.ebits) - 2 - rng.below(3), rng.range(1, (1 << f.ebits) - 2)]);
    bits = (BigInt(exp) << mantBits) | (random64(rng) & ((1n << mantBits) - 1n));
  } else if (pick < 7) {
    // Mantissas with long runs of zeros or ones: sums and products land on ties.
    const low = rng.chance(0.5) ? BigInt(rng.below(8)) : (1n << mantBits) - 1n - BigInt(rng.below(8));
    const exp = bias + rng.range(-30, 30);
    bits = (BigInt(exp) << mantBits) | (rng.chance(0.5) ? low : low << BigInt(rng.below(f.p - 4)) & ((1n << mantBits) - 1n));
  } else if (pick < 8) {
    // Integers and half-integers near the conversion limits 2^31, 2^32, 2^63, 2^64.
    const view = new DataView(new ArrayBuffer(8));
    const limit = 2 ** rng.pick([31, 32, 63, 64]);
    const x = limit + rng.pick([-1, -0.5, 0, 0.5, 1]) * rng.range(0, 3) * (limit >= 2 ** 53 ? 2048 : 1);
    if (f === D) {
      view.setFloat64(0, x);
      bits = view.getBigUint64(0);
    } else {
      view.setFloat32(0, x);
      bits = BigInt(view.getUint32(0));
    }
  } else {
    bits = random64(rng);
  }
  if (rng.chance(0.5)) bits |= 1n << BigInt(width - 1);
  bits &= (1n << BigInt(width)) - 1n;
  if (f === S) return rng.chance(0.03) ? random64(rng) : boxed(bits);
  return bits;
}

/** k + 1/2 for a small k, or one ulp either side of it: where rounding to an integer decides. */
function halfIntegerNeighbour(rng: Rng, f: Format): bigint {
  const view = new DataView(new ArrayBuffer(8));
  const x = (rng.range(0, 6) + 0.5) * (rng.chance(0.5) ? -1 : 1);
  let bits: bigint;
  if (f === D) {
    view.setFloat64(0, x);
    bits = view.getBigUint64(0);
  } else {
    view.setFloat32(0, x);
    bits = BigInt(view.getUint32(0));
  }
  bits += BigInt(rng.range(-1, 1));
  return f === S ? boxed(bits) : bits;
}

const INTEGER_EDGES = [0n, 1n, -1n, 0x7fffffffn, -0x80000000n, 0xffffffffn, 0x7fffffffffffffffn, -0x8000000000000000n,
  0x20000000000001n, 0x1000001n, 0x7fffffbfn];

function integerOperand(rng: Rng): bigint {
  if (rng.chance(0.3)) return rng.pick(INTEGER_EDGES);
  if (rng.chance(0.5)) return BigInt.asIntN(64, random64(rng) >> BigInt(rng.below(64)));
  return BigInt.asIntN(64, random64(rng));
}

type Generator = (rng: Rng, f: Format, rm: string) => FloatStep;
const withRm = (rm: string) => (rm === 'dyn' ? '' : `, ${rm}`);

const GENERATORS: Generator[] = [
  ...['fadd', 'fsub', 'fmul', 'fdiv'].map((op): Generator => (rng, f, rm) =>
    ({ insn: `${op}.${f.name} f4, f1, f2${withRm(rm)}`, sources: [operand(rng, f), operand(rng, f)] })),
  (rng, f, rm) => ({ insn: `fsqrt.${f.name} f4, f1${withRm(rm)}`, sources: [operand(rng, f)] }),
  ...['fmadd', 'fmsub', 'fnmsub', 'fnmadd'].map((op): Generator => (rng, f, rm) => {
    // Often c ≈ -a·b, so the exact sum cancels and only an unrounded product gets it right.
    const a = operand(rng, f);
    const b = operand(rng, f);
    const c = rng.chance(0.5) ? operand(rng, f) : product(a, b, f, rng);
    return { insn: `${op}.${f.name} f4, f1, f2, f3${withRm(rm)}`, sources: [a, b, c] };
  }),
  ...['fsgnj', 'fsgnjn', 'fsgnjx', 'fmin', 'fmax'].map((op): Generator => (rng, f) =>
    ({ insn: `${op}.${f.name} f4, f1, f2`, sources: [operand(rng, f), operand(rng, f)] })),
  ...['feq', 'flt', 'fle'].map((op): Generator => (rng, f) => {
    const a = operand(rng, f);
    return { insn: `${op}.${f.name} RD, f1, f2`, sources: [a, rng.chance(0.3) ? a : operand(rng, f)] };
  }),
  (rng, f) => ({ insn: `fclass.${f.name} RD, f1`, sources: [operand(rng, f)] }),
  ...['w', 'wu', 'l', 'lu'].map((int): Generator => (rng, f, rm) =>
    ({ insn: `fcvt.${int}.${f.name} RD, f1${withRm(rm)}`, sources: [operand(rng, f)] })),
  ...['w', 'wu', 'l', 'lu'].map((int): Generator => (rng, f, rm) => {
    const exact = f === D && int.startsWith('w');
    return { insn: `li t6, ${integerOperand(rng)}\nfcvt.${f.name}.${int} f4, t6${exact ? '' : withRm(rm)}`, sources: [] };
  }),
  (rng, f, rm) => (f === D
    ? { insn: `fcvt.s.d f4, f1${withRm(rm)}`, sources: [operand(rng, D)] }
    : { insn: 'fcvt.d.s f4, f1', sources: [operand(rng, S)] }),
  (rng, f) => ({ insn: `fmv.x.${f === D ? 'd' : 'w'} RD, f1`, sources: [operand(rng, f)] }),
];

/** A rough -a·b as an addend (double arithmetic in JS, rounded to the format; NaNs pass through). */
function product(a: bigint, b: bigint, f: Format, rng: Rng): bigint {
  const view = new DataView(new ArrayBuffer(8));
  const toNumber = (bits: bigint): number => {
    if (f === D) {
      view.setBigUint64(0, bits);
      return view.getFloat64(0);
    }
    view.setUint32(0, Number(bits & 0xffffffffn));
    return view.getFloat32(0);
  };
  const p = -toNumber(a) * toNumber(b) * (rng.chance(0.5) ? 1 : 1 + 2 ** -rng.range(20, 60));
  if (f === D) {
    view.setFloat64(0, p);
    return view.getBigUint64(0);
  }
  view.setFloat32(0, p);
  return boxed(BigInt(view.getUint32(0)));
}

export interface RandomFloatCase {
  steps: FloatStep[];
  frm: number;
}

/** Batch `batch` of seed `seed`: reproducible from those two numbers alone. */
export function randomFloatBatch(seed: number, batch: number, size: number): RandomFloatCase[] {
  const rng = new Rng((seed * 0x9e3779b1 + batch * 0x85ebca6b) >>> 0);
  return Array.from({ length: size }, () => ({
    frm: rng.below(5),
    steps: Array.from({ length: RESULTS_PER_CASE }, () => rng.pick(GENERATORS)(rng, rng.chance(0.5) ? S : D, rng.pick(RMS))),
  }));
}

export interface FloatBatchOutcome {
  agreed: number;
  /** The first disagreeing step, described, or undefined. */
  disagreement?: string;
}

/** Runs one batch under both machines and compares every step's result and flags. */
export function runFloatBatch(cases: RandomFloatCase[], dir = workDir()): FloatBatchOutcome {
  const elf = buildLinuxElf(buildStateProgram(cases.map((c) => floatCase(c.steps, c.frm))), dir);
  const qemu = splitDumps(runQemu(elf.path).stdout).map(parseDump);
  const ours = splitDumps(runOurs(elf.bytes).stdout).map(parseDump);
  for (let k = 0; k < cases.length; k += 1) {
    const q = qemu[k];
    const o = ours[k];
    if (!q) return { agreed: k, disagreement: `qemu printed no dump for case ${k}` };
    for (let j = 0; j < cases[k]!.steps.length; j += 1) {
      const regs = [RESULT_REGS[2 * j]!, RESULT_REGS[2 * j + 1]!].map((name) => ABI_NAMES.indexOf(name));
      const [qv, qf] = regs.map((r) => q.regs[r]);
      const [ov, of] = regs.map((r) => o?.regs[r]);
      if (qv !== ov || qf !== of) {
        const step = cases[k]!.steps[j]!;
        return {
          agreed: k,
          disagreement: `case ${k} step ${j} (frm ${cases[k]!.frm}): ${step.insn.replace(/\n/g, '; ')} on [${step.sources.map(hex).join(', ')}]\n` +
            `  qemu: result ${hex(qv ?? 0n)} flags ${hex(qf ?? 0n)}\n  ours: result ${ov === undefined ? 'none' : hex(ov)} flags ${of === undefined ? 'none' : hex(of)}`,
        };
      }
    }
  }
  return { agreed: cases.length };
}

export interface FloatRunOptions {
  seed: number;
  count: number;
  batchSize: number;
  startBatch: number;
  log: (line: string) => void;
}

/** The long run: returns 0 when every case agreed, 1 at the first disagreement. */
export function longFloatRun(o: FloatRunOptions): number {
  const dir = workDir();
  const batches = Math.ceil(o.count / o.batchSize);
  const started = Date.now();
  let agreed = 0;
  for (let b = o.startBatch; b < o.startBatch + batches; b += 1) {
    const outcome = runFloatBatch(randomFloatBatch(o.seed, b, o.batchSize), dir);
    agreed += outcome.agreed;
    if (outcome.disagreement) {
      o.log(`DISAGREEMENT at seed ${o.seed} batch ${b} after ${agreed} agreeing cases (${agreed * RESULTS_PER_CASE} instructions)`);
      o.log(outcome.disagreement);
      return 1;
    }
    if ((b - o.startBatch + 1) % 10 === 0 || b === o.startBatch + batches - 1) {
      const secs = (Date.now() - started) / 1000;
      o.log(`seed ${o.seed}: ${agreed} cases (${agreed * RESULTS_PER_CASE} float instructions) agree (batch ${b}, ${(agreed * RESULTS_PER_CASE / secs).toFixed(0)} instructions/s)`);
    }
  }
  o.log(`all ${agreed} cases (${agreed * RESULTS_PER_CASE} float instructions, results and fflags) agree with qemu-riscv64`);
  return 0;
}
