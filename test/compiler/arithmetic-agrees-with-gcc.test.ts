// Integer semantics against an external oracle: random typed expressions are written once in
// our language and once in C, the C compiled by Debian's riscv64 gcc and run under
// qemu-riscv64. Every operator, width, signedness, cast, comparison and shift amount is
// covered, each evaluated three ways: at run time on our emulator, folded at compile time by
// our checker (the same expression over literals), and by gcc. The C spells out what the
// reference (grammar/README.md, "Types and semantics") defines and C leaves undefined: wrap-around
// through unsigned 64-bit arithmetic, shift amounts modulo the width, and RISC-V's results for
// division by zero and for the most negative value divided by -1.
import { describe, expect, it } from 'vitest';
import { compileC, runQemu } from '../emulator/helpers/cross-tools.js';
import { seededRandom } from '../grammar/random-input.js';
import { checkSource } from '../../compiler/check/index.js';
import { runSource } from './run-program.js';

interface IntType {
  name: string;
  bits: number;
  signed: boolean;
}

const TYPES: IntType[] = [8, 16, 32, 64].flatMap((bits) => [
  { name: `u${bits}`, bits, signed: false },
  { name: `i${bits}`, bits, signed: true },
]);
const cType = (t: IntType) => `${t.signed ? '' : 'u'}int${t.bits}_t`;

/** An expression in both languages, of one type. */
interface Expr {
  pen: string;
  c: string;
  type: IntType;
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** A value of `t`, often an edge (0, 1, -1, the extremes). */
function randomValue(random: Random, t: IntType): bigint {
  const min = t.signed ? -(1n << BigInt(t.bits - 1)) : 0n;
  const max = t.signed ? (1n << BigInt(t.bits - 1)) - 1n : (1n << BigInt(t.bits)) - 1n;
  const edges = [0n, 1n, 2n, max, min, t.signed ? -1n : max - 1n, 7n, t.signed ? -7n : 200n];
  if (random() < 0.4) return wrap(pick(random, edges), t);
  let bits = 0n;
  for (let i = 0; i < t.bits; i += 16) bits = (bits << 16n) | BigInt(Math.floor(random() * 65536));
  return wrap(bits, t);
}

function wrap(value: bigint, t: IntType): bigint {
  return t.signed ? BigInt.asIntN(t.bits, value) : BigInt.asUintN(t.bits, value);
}

/** A literal of type `t` in both languages (C: the bit pattern converted, which gcc defines). */
function literal(value: bigint, t: IntType): Expr {
  const bits = BigInt.asUintN(64, value);
  return { pen: `(${value} as ${t.name})`, c: `((${cType(t)})0x${bits.toString(16)}ULL)`, type: t };
}

const ARITHMETIC = ['+', '-', '*', '&', '|', '^'] as const;
const COMPARISONS = ['==', '!=', '<', '<=', '>', '>='] as const;

/** A random expression of type `t` whose leaves `leaf` supplies. */
function expression(random: Random, t: IntType, depth: number, leaf: (t: IntType) => Expr): Expr {
  const choice = depth <= 0 ? 0 : Math.floor(random() * 9);
  const sub = (type: IntType) => expression(random, type, depth - 1, leaf);
  const u = `uint64_t`;
  switch (choice) {
    case 0:
    case 1:
      return leaf(t);
    case 2:
    case 3: {
      const op = pick(random, ARITHMETIC);
      const [a, b] = [sub(t), sub(t)];
      return { pen: `(${a.pen} ${op} ${b.pen})`, c: `((${cType(t)})((${u})${a.c} ${op} (${u})${b.c}))`, type: t };
    }
    case 4: {
      const op = pick(random, ['/', '%'] as const);
      const [a, b] = [sub(t), sub(t)];
      return { pen: `(${a.pen} ${op} ${b.pen})`, c: `${op === '/' ? 'div' : 'rem'}_${t.name}(${a.c}, ${b.c})`, type: t };
    }
    case 5: {
      const op = pick(random, ['<<', '>>'] as const);
      const a = sub(t);
      const n = sub(pick(random, TYPES));
      const amount = `((unsigned)((${u})${n.c} & ${t.bits - 1}))`;
      const c =
        op === '<<' || !t.signed
          ? `((${cType(t)})((${u})${a.c} ${op} ${amount}))`
          : `((${cType(t)})((int64_t)${a.c} >> ${amount}))`;
      return { pen: `(${a.pen} ${op} ${n.pen})`, c, type: t };
    }
    case 6: {
      const from = pick(random, TYPES);
      const a = sub(from);
      return { pen: `(${a.pen} as ${t.name})`, c: `((${cType(t)})${a.c})`, type: t };
    }
    case 7: {
      const op = pick(random, COMPARISONS);
      const of = pick(random, TYPES);
      const [a, b] = [sub(of), sub(of)];
      return { pen: `((${a.pen} ${op} ${b.pen}) as ${t.name})`, c: `((${cType(t)})(${a.c} ${op} ${b.c}))`, type: t };
    }
    default: {
      const a = sub(t);
      if (t.signed && random() < 0.5) return { pen: `(-${a.pen})`, c: `((${cType(t)})(0 - (${u})${a.c}))`, type: t };
      return { pen: `(~${a.pen})`, c: `((${cType(t)})~(${u})${a.c})`, type: t };
    }
  }
}

/** Division helpers: C's operators where C defines them, RISC-V's results where it does not. */
function cDivisionHelpers(): string {
  return TYPES.map((t) => {
    const ct = cType(t);
    const overflow = t.signed ? `if (b == -1) return (${ct})(0 - (uint64_t)a);` : '';
    const overflowRem = t.signed ? 'if (b == -1) return 0;' : '';
    return (
      `static ${ct} div_${t.name}(${ct} a, ${ct} b) { if (b == 0) return (${ct})-1; ${overflow} return a / b; }\n` +
      `static ${ct} rem_${t.name}(${ct} a, ${ct} b) { if (b == 0) return a; ${overflowRem} return a % b; }\n`
    );
  }).join('');
}

const C_PRELUDE = `
typedef signed char int8_t; typedef short int16_t; typedef int int32_t; typedef long int64_t;
typedef unsigned char uint8_t; typedef unsigned short uint16_t; typedef unsigned int uint32_t; typedef unsigned long uint64_t;
static char out[1 << 20];
static long used;
static void put_u(uint64_t v) { char t[24]; int n = 0; do { t[n++] = '0' + v % 10; v /= 10; } while (v); while (n) out[used++] = t[--n]; }
static void put_i(int64_t v) { if (v < 0) { out[used++] = '-'; put_u(0 - (uint64_t)v); } else put_u(v); }
static void line(void) { out[used++] = '\\n'; }
static long sys(long n, long a, long b, long c) {
  register long a7 __asm__("a7") = n; register long a0 __asm__("a0") = a; register long a1 __asm__("a1") = b; register long a2 __asm__("a2") = c;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2) : "memory");
  return a0;
}
`;

interface Case {
  pen: string;
  c: string;
}

/** One program pair: `functions` random functions, each called on `calls` random inputs,
 *  and the same expressions over those inputs as literals (folded by our checker). */
function generate(seed: number, functions: number, calls: number): Case {
  const random = seededRandom(seed);
  const penFns: string[] = [];
  const penBody: string[] = [];
  const cFns: string[] = [];
  const cBody: string[] = [];
  for (let f = 0; f < functions; f++) {
    // Inputs p0..p2 vary per call; each literal leaf is a parameter k0, k1, ... with the same
    // value at every call, so no part of a body is constant (a constant division by zero
    // would be an error) while the folded version below still sees every literal.
    const params: { name: string; type: IntType; value?: bigint }[] = Array.from({ length: 3 }, (_, i) => ({ name: `p${i}`, type: pick(random, TYPES) }));
    const inputs = params.length;
    const result = pick(random, TYPES);
    const depth = 1 + Math.floor(random() * 4);
    const variableLeaf = (t: IntType): Expr => {
      const choice = Math.floor(random() * (inputs + 1));
      const p = choice < inputs ? params[choice] : { name: `k${params.length - inputs}`, type: t, value: randomValue(random, t) };
      if (choice === inputs) params.push(p);
      if (p.type === t) return { pen: p.name, c: p.name, type: t };
      return { pen: `(${p.name} as ${t.name})`, c: `((${cType(t)})${p.name})`, type: t };
    };
    const body = expression(random, result, depth, variableLeaf);
    const name = `f${f}`;
    penFns.push(`  fn ${name}(${params.map((p) => `${p.name}: ${p.type.name}`).join(', ')}) -> ${result.name} {\n    return ${body.pen};\n  }`);
    cFns.push(`static __attribute__((noinline)) ${cType(result)} ${name}(${params.map((p) => `${cType(p.type)} ${p.name}`).join(', ')}) { return ${body.c}; }`);
    const put = result.signed ? 'put_i' : 'put_u';
    for (let k = 0; k < calls; k++) {
      const args = params.map((p) => p.value ?? randomValue(random, p.type));
      const cCall = `  ${put}(${name}(${args.map((a, i) => literal(a, params[i].type).c).join(', ')})); line();`;
      penBody.push(`  print(${name}(${args.map((a, i) => `${a} as ${params[i].type.name}`).join(', ')}));`);
      cBody.push(cCall);
      // The folded version: the same expression text with each parameter replaced by its value.
      let folded = body.pen;
      params.forEach((p, i) => {
        folded = folded.replace(new RegExp(`\\b${p.name}\\b`, 'g'), `(${args[i]} as ${p.type.name})`);
      });
      penBody.push(`  print(${folded});`);
      cBody.push(cCall);
    }
  }
  const pen = `host {\n${penFns.join('\n')}\n${penBody.join('\n')}\n}\n`;
  return { pen: withoutConstantDivisionByZero(pen), c: `${C_PRELUDE}${cDivisionHelpers()}${cFns.join('\n')}\nvoid _start(void) {\n${cBody.join('\n')}\n  sys(64, 1, (long)out, used);\n  sys(93, 0, 0, 0);\n}\n` };
}

/** A folded expression that divides by a constant zero is an error (E0204) by design; such a
 *  line prints the call on the same inputs instead (the line before it), so lines still pair. */
function withoutConstantDivisionByZero(pen: string): string {
  const lines = pen.split('\n');
  for (const d of checkSource(pen, 'test.pen').diagnostics) {
    if (d.code !== 'E0204' || !d.message.startsWith('division by zero')) continue;
    lines[d.span.startLine - 1] = lines[d.span.startLine - 2];
  }
  return lines.join('\n');
}

describe('integer semantics agree with gcc under qemu', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`random typed expressions (seed ${seed}): run time, compile-time folding and gcc give the same values`, () => {
      const { pen, c } = generate(seed, 40, 3);
      const oracle = runQemu(compileC({ 'expressions.c': c }, ['-w', '-mno-relax', '-Wl,--no-relax']).path);
      expect(oracle.exitCode).toBe(0);
      expect(oracle.stdout.split('\n')).toHaveLength(40 * 3 * 2 + 1);
      const ours = runSource(pen);
      expect(ours.exitCode).toBe(0);
      const expected = oracle.stdout.split('\n');
      const actual = ours.stdout.split('\n');
      // Compare line by line so a failure names the expression that disagrees.
      const lines = pen.split('\n').filter((l) => l.startsWith('  print('));
      const disagreements = expected.flatMap((value, i) => (actual[i] === value ? [] : [`${lines[i] ?? '(end)'} gave ${actual[i]}, gcc ${value}`]));
      expect(disagreements).toEqual([]);
      expect(ours.stdout).toBe(oracle.stdout);
    });
  }
});
