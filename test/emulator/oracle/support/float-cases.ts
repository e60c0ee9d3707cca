// Building blocks for float cases of the state-program suites: operands go into f
// registers through integer registers (fmv.d.x / fmv.w.x, so every bit pattern, NaN
// payloads and bad boxes included, reaches the instruction unchanged), each result comes
// back with fmv.x.d into an integer register, and fflags after each instruction into
// another, cleared again before the next one. The dumps then show result bits and flags.

import type { StateCase } from './state-program.js';

const U64 = (1n << 64n) - 1n;
export const hex = (v: bigint): string => `0x${(v & U64).toString(16)}`;

/** The bits of a double, or of a single NaN-boxed in a 64-bit register. */
export function d(x: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return view.getBigUint64(0);
}
export function s(x: number): bigint {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, x);
  return boxed(BigInt(view.getUint32(0)));
}
export const boxed = (bits32: bigint): bigint => 0xffffffff00000000n | (bits32 & 0xffffffffn);

/** Interesting doubles: zeros, subnormals, normals at the edges, infinities, NaNs. */
export const SPECIAL_D: readonly bigint[] = [
  0n, 1n << 63n, 1n, 0x000fffffffffffffn, 0x8000000000000001n, 0x0010000000000000n, 0x7fefffffffffffffn,
  0xffefffffffffffffn, 0x7ff0000000000000n, 0xfff0000000000000n, 0x7ff8000000000000n, 0x7ff4000000000001n,
  0xfff8000000000123n, d(1), d(-1), d(0.5), d(1.5), d(2.5), d(-2.5), d(3), d(1 / 3), d(2 ** 31), d(-(2 ** 31)),
  d(2 ** 31 - 0.5), d(2 ** 32), d(2 ** 63), d(-(2 ** 63)), d(2 ** 64), d(1e300), d(1e-300), d(Math.PI), d(-0.7),
  d(1 + 2 ** -52), d(1 - 2 ** -53), d(2 ** -1022 - 2 ** -1074), d(2 ** 53 + 2),
];
/** Interesting singles, boxed; the last two are improperly boxed and read as the canonical NaN. */
export const SPECIAL_S: readonly bigint[] = [
  boxed(0n), boxed(0x80000000n), boxed(1n), boxed(0x007fffffn), boxed(0x80000001n), boxed(0x00800000n), boxed(0x7f7fffffn),
  boxed(0xff7fffffn), boxed(0x7f800000n), boxed(0xff800000n), boxed(0x7fc00000n), boxed(0x7fa00001n), boxed(0xffc00123n),
  s(1), s(-1), s(0.5), s(1.5), s(2.5), s(-2.5), s(3), s(1 / 3), s(2 ** 31), s(-(2 ** 31)), s(2 ** 32), s(2 ** 63), s(1e30),
  s(1e-30), s(Math.PI), s(-0.7), s(1 + 2 ** -23), s(16777217), 0x000000003f800000n, 0x7fffffff3f800000n,
];

/** Integer registers a case may fill with results, in pairs (value, flags). */
export const RESULT_REGS: readonly string[] = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11',
  't0', 't1', 't2', 't3', 't4', 't5'];
export const RESULTS_PER_CASE = RESULT_REGS.length / 2;

export interface FloatStep {
  /** The instruction, operands written as f1, f2, f3 (sources), f4 (float result) or RD (integer result). */
  insn: string;
  /** Source values for f1, f2, f3 (64-bit register patterns). */
  sources: readonly bigint[];
}

/** One state case from up to RESULTS_PER_CASE steps; `frm` sets the dynamic rounding mode first. */
export function floatCase(steps: readonly FloatStep[], frm = 0): StateCase {
  if (steps.length > RESULTS_PER_CASE) throw new Error(`a float case holds at most ${RESULTS_PER_CASE} steps`);
  const lines = [`fsrmi ${frm}`, 'fsflags zero'];
  steps.forEach((step, k) => {
    const value = RESULT_REGS[2 * k]!;
    const flags = RESULT_REGS[2 * k + 1]!;
    step.sources.forEach((bits, n) => lines.push(`li t6, ${hex(bits)}`, `fmv.d.x f${n + 1}, t6`));
    lines.push('fmv.d.x f4, zero');
    const writesInteger = step.insn.includes('RD');
    lines.push(step.insn.replace('RD', value));
    if (!writesInteger) lines.push(`fmv.x.d ${value}, f4`);
    lines.push(`frflags ${flags}`, 'fsflags zero');
  });
  lines.push('fsrmi 0');
  return { body: lines.join('\n') };
}

/** Splits steps into cases of RESULTS_PER_CASE. */
export function floatCases(steps: readonly FloatStep[], frm = 0): StateCase[] {
  const cases: StateCase[] = [];
  for (let k = 0; k < steps.length; k += RESULTS_PER_CASE) cases.push(floatCase(steps.slice(k, k + RESULTS_PER_CASE), frm));
  return cases;
}
