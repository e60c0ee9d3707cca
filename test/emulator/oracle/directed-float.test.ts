// F and D (unprivileged spec ch. 11-12) against qemu-riscv64, one instruction class per
// group: result bits and fflags after every instruction must be identical. Operands are
// the special values of support/float-cases.ts (zeros, subnormals, extremes, infinities,
// quiet and signalling NaNs, rounding ties, improperly boxed singles).

import { directedSuite, type DirectedCase } from './support/directed-suite.js';
import { boxed, d, floatCases, s, SPECIAL_D, SPECIAL_S, type FloatStep } from './support/float-cases.js';

const RMS = ['rne', 'rtz', 'rdn', 'rup', 'rmm'] as const;

function group(name: string, steps: FloatStep[], frm = 0): DirectedCase[] {
  const cases = floatCases(steps, frm);
  return cases.map((c, k) => ({ ...c, name: `${name} (${k + 1}/${cases.length})` }));
}

/** Every pair drawn from `values` at a stride, so groups stay small but cover the classes. */
function pairs(values: readonly bigint[], stride: number): bigint[][] {
  const out: bigint[][] = [];
  for (let a = 0; a < values.length; a += 1) for (let b = a % stride; b < values.length; b += stride) out.push([values[a]!, values[b]!]);
  return out;
}

const arithmetic = (fmt: 's' | 'd', values: readonly bigint[]): FloatStep[] =>
  ['fadd', 'fsub', 'fmul', 'fdiv'].flatMap((op) => pairs(values, 7).map((sources, k) =>
    ({ insn: `${op}.${fmt} f4, f1, f2, ${RMS[k % 5]}`, sources })));

const roundingTies: FloatStep[] = RMS.flatMap((rm) => [
  { insn: `fadd.d f4, f1, f2, ${rm}`, sources: [d(1), d(2 ** -53)] },
  { insn: `fadd.d f4, f1, f2, ${rm}`, sources: [d(-1), d(-(2 ** -53))] },
  { insn: `fadd.d f4, f1, f2, ${rm}`, sources: [d(1 + 2 ** -52), d(2 ** -53)] },
  { insn: `fdiv.d f4, f1, f2, ${rm}`, sources: [d(1), d(3)] },
  { insn: `fdiv.d f4, f1, f2, ${rm}`, sources: [d(-2), d(3)] },
  { insn: `fmul.d f4, f1, f2, ${rm}`, sources: [d(1e308), d(10)] },
  { insn: `fmul.d f4, f1, f2, ${rm}`, sources: [d(-1e308), d(10)] },
  { insn: `fmul.d f4, f1, f2, ${rm}`, sources: [d(2 ** -1022), d(0.5 + 2 ** -53)] },
  { insn: `fmul.d f4, f1, f2, ${rm}`, sources: [d(2 ** -1022 + 2 ** -1074), d(1 - 2 ** -53)] },
  { insn: `fsub.d f4, f1, f2, ${rm}`, sources: [d(1), d(1)] },
  // Just below the smallest normal: tiny before rounding, not after (UF depends on which).
  { insn: `fmul.d f4, f1, f2, ${rm}`, sources: [d(1 + 2 ** -52), 0x000fffffffffffffn] },
  { insn: `fmul.s f4, f1, f2, ${rm}`, sources: [s(1 + 2 ** -23), boxed(0x007fffffn)] },
  { insn: `fadd.s f4, f1, f2, ${rm}`, sources: [s(1), s(2 ** -24)] },
  { insn: `fmul.s f4, f1, f2, ${rm}`, sources: [s(3e38), s(2)] },
]);

const sqrtSteps: FloatStep[] = [...SPECIAL_D.map((v, k) => ({ insn: `fsqrt.d f4, f1, ${RMS[k % 5]}`, sources: [v] })),
  ...SPECIAL_S.map((v, k) => ({ insn: `fsqrt.s f4, f1, ${RMS[k % 5]}`, sources: [v] }))];

/** Fused multiply-add: cases where rounding the product first would give another answer. */
const fusedSteps: FloatStep[] = ['fmadd', 'fmsub', 'fnmsub', 'fnmadd'].flatMap((op) => [
  { insn: `${op}.d f4, f1, f2, f3`, sources: [d(1 + 2 ** -52), d(1 - 2 ** -52), d(-1)] },
  { insn: `${op}.d f4, f1, f2, f3, rtz`, sources: [d(1 + 2 ** -30), d(1 + 2 ** -30), d(-1)] },
  { insn: `${op}.d f4, f1, f2, f3, rdn`, sources: [d(1), d(1), d(-1)] },
  { insn: `${op}.d f4, f1, f2, f3`, sources: [0x7ff0000000000000n, 0n, 0x7ff8000000000000n] },
  { insn: `${op}.d f4, f1, f2, f3`, sources: [0x7ff0000000000000n, d(1), 0xfff0000000000000n] },
  { insn: `${op}.d f4, f1, f2, f3`, sources: [d(1e308), d(10), d(-1e308)] },
  { insn: `${op}.d f4, f1, f2, f3, rup`, sources: [d(2 ** -600), d(2 ** -600), d(1)] },
  { insn: `${op}.d f4, f1, f2, f3`, sources: [0n, d(5), 1n << 63n] },
  { insn: `${op}.s f4, f1, f2, f3`, sources: [s(1 + 2 ** -23), s(1 - 2 ** -23), s(-1)] },
  { insn: `${op}.s f4, f1, f2, f3, rmm`, sources: [s(3), s(1 / 3), s(-1)] },
  { insn: `${op}.s f4, f1, f2, f3`, sources: [boxed(0x7fa00000n), s(1), s(1)] },
  { insn: `${op}.s f4, f1, f2, f3`, sources: [s(2 ** -70), s(2 ** -70), s(-0)] },
]);

const signAndMinMax = (fmt: 's' | 'd', values: readonly bigint[]): FloatStep[] =>
  ['fsgnj', 'fsgnjn', 'fsgnjx', 'fmin', 'fmax'].flatMap((op) => pairs(values, 9).map((sources) => ({ insn: `${op}.${fmt} f4, f1, f2`, sources })));

const comparisons = (fmt: 's' | 'd', values: readonly bigint[]): FloatStep[] =>
  ['feq', 'flt', 'fle'].flatMap((op) => pairs(values, 8).map((sources) => ({ insn: `${op}.${fmt} RD, f1, f2`, sources })));

const classify: FloatStep[] = [...SPECIAL_D.map((v) => ({ insn: 'fclass.d RD, f1', sources: [v] })),
  ...SPECIAL_S.map((v) => ({ insn: 'fclass.s RD, f1', sources: [v] }))];

const toInteger: FloatStep[] = [...(['d', 's'] as const).flatMap((fmt) => ['w', 'wu', 'l', 'lu'].flatMap((int) =>
  (fmt === 'd' ? SPECIAL_D : SPECIAL_S).map((v, k) => ({ insn: `fcvt.${int}.${fmt} RD, f1, ${RMS[k % 5]}`, sources: [v] })))),
  // Just below one half: x + 0.5 rounds up to 1 in doubles, but the value rounds to 0 in every mode but RUP/RDN.
  ...RMS.flatMap((rm) => [0x3fdfffffffffffffn, 0xbfdfffffffffffffn, d(0.5), d(-1.5), d(2 ** 52 - 0.5)].map((v) => ({ insn: `fcvt.l.d RD, f1, ${rm}`, sources: [v] }))),
  ...RMS.map((rm) => ({ insn: `fcvt.w.s RD, f1, ${rm}`, sources: [boxed(0x3effffffn)] })),
];

const INTEGERS = [0n, 1n, -1n, 7n, 0x7fffffffn, -0x80000000n, 0xffffffffn, 0x123456789abcdefn, 0x7fffffffffffffffn,
  -0x8000000000000000n, 0x20000000000001n, 0xfffffffffffff801n, 16777217n, -16777217n];

const fromInteger: FloatStep[] = (['d', 's'] as const).flatMap((fmt) => ['w', 'wu', 'l', 'lu'].flatMap((int) =>
  // GNU as takes no rounding mode where the result is always exact (fcvt.d.w, fcvt.d.wu).
  INTEGERS.map((v, k) => ({ insn: `li t6, ${v}\nfcvt.${fmt}.${int} f4, t6${fmt === 'd' && int.startsWith('w') ? '' : `, ${RMS[k % 5]}`}`, sources: [] }))));

const betweenFormats: FloatStep[] = [
  ...SPECIAL_D.map((v, k) => ({ insn: `fcvt.s.d f4, f1, ${RMS[k % 5]}`, sources: [v] })),
  ...SPECIAL_S.map((v) => ({ insn: 'fcvt.d.s f4, f1', sources: [v] })),
];

const moves: FloatStep[] = [
  ...SPECIAL_S.map((v) => ({ insn: 'fmv.x.w RD, f1', sources: [v] })),
  ...[0x80000000n, 0x7fa00001n, 0x123n].map((v) => ({ insn: `li t6, ${v}\nfmv.w.x f4, t6`, sources: [] })),
];

/** Dynamic rounding: the same instruction under each frm value. */
const dynamic: DirectedCase[] = RMS.flatMap((_, frm) => group(`frm = ${RMS[frm]} drives dyn-rounded instructions`, [
  { insn: 'fdiv.d f4, f1, f2', sources: [d(1), d(3)] },
  { insn: 'fdiv.d f4, f1, f2', sources: [d(-1), d(3)] },
  { insn: 'fadd.s f4, f1, f2', sources: [s(1), s(2 ** -24)] },
  { insn: 'fcvt.w.d RD, f1', sources: [d(-2.5)] },
  { insn: 'fcvt.l.s RD, f1', sources: [s(2.5)] },
  { insn: 'fcvt.s.d f4, f1', sources: [d(1 / 3)] },
  { insn: 'li t6, 0x123456789abcdef\nfcvt.s.l f4, t6', sources: [] },
  { insn: 'fmadd.d f4, f1, f2, f3', sources: [d(1 / 3), d(3), d(-1)] },
], frm));

const csrCases: DirectedCase[] = [
  { name: 'fcsr holds frm in bits 7:5 and fflags in 4:0; writes keep only those bits',
    body: 'li t6, -1\nfscsr a0, t6\nfrcsr a1\nfrflags a2\nfrrm a3\nfsrmi a4, 2\nfrcsr a5\nli t6, 0x3f\nfsflags a6, t6\nfrcsr a7\ncsrwi fcsr, 0\nfrcsr s2' },
  { name: 'flags accrue across instructions until cleared',
    body: `fsflags zero\nli t6, ${d(1)}\nfmv.d.x f1, t6\nfmv.d.x f2, zero\nfdiv.d f3, f1, f2\nli t6, ${d(3)}\nfmv.d.x f2, t6\nfdiv.d f3, f1, f2\nfrflags a0\nfeq.d a1, f3, f3\nfrflags a2\nfsflags zero` },
];

const compressed: DirectedCase[] = [
  { name: 'c.fld, c.fsd, c.fldsp and c.fsdsp move raw doubles through memory',
    body: 'mv s0, sp\nc.fld fa0, 8(s0)\nc.fld fa1, 248(s0)\nc.fsd fa0, 16(s0)\nc.fsd fa1, 0(s0)\nc.fldsp fs0, 24(sp)\nc.fldsp f0, 504(sp)\n' +
      'c.fsdsp fs0, 32(sp)\nc.fsdsp fa1, 40(sp)\nfmv.x.d a0, fa0\nfmv.x.d a1, fa1\nfmv.x.d a2, fs0' },
  { name: 'flw boxes, fsw stores the low word, fld/fsd keep NaN payloads',
    body: 'flw fa0, 4(sp)\nfmv.x.d a0, fa0\nfsw fa0, 12(sp)\nfld fa1, 16(sp)\nfsd fa1, 24(sp)\nfmv.x.d a1, fa1\nfadd.s fa2, fa1, fa1\nfmv.x.d a2, fa2\nfrflags a3\nfsflags zero',
    scratch: [0x7ff4000000000001n, 0x7fa00000ffa00001n, 0xfff0000000000123n] },
];

directedSuite('F and D instructions match qemu-riscv64', [
  ...group('single-precision add/sub/mul/div over special values', arithmetic('s', SPECIAL_S)),
  ...group('double-precision add/sub/mul/div over special values', arithmetic('d', SPECIAL_D)),
  ...group('ties, overflow and underflow in each static rounding mode', roundingTies),
  ...group('square roots of special values', sqrtSteps),
  ...group('fused multiply-adds round once', fusedSteps),
  ...group('sign injection and min/max of singles', signAndMinMax('s', SPECIAL_S)),
  ...group('sign injection and min/max of doubles', signAndMinMax('d', SPECIAL_D)),
  ...group('comparisons of singles', comparisons('s', SPECIAL_S)),
  ...group('comparisons of doubles', comparisons('d', SPECIAL_D)),
  ...group('fclass of every class', classify),
  ...group('conversions to integers saturate', toInteger),
  ...group('conversions from integers round', fromInteger),
  ...group('conversions between single and double', betweenFormats),
  ...group('fmv.x.w sign-extends, fmv.w.x boxes', moves),
  ...dynamic,
  ...csrCases,
  ...compressed,
]);
