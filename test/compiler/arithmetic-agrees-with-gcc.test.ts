// Integer semantics and code generation against an external oracle: random typed functions
// are written once in our language and once in C, the C compiled by Debian's riscv64 gcc and
// run under qemu-riscv64. Every operator, width, signedness, cast, comparison and shift
// amount is covered: in expressions, in compound assignments inside loops with `continue`
// and `break`, and through arrays and structs of every width. Bodies call earlier functions
// (values live across calls, some calls take more than 8 arguments). Expressions are also
// folded at compile time by our checker (the same expression over literals). The C spells
// out what the reference (grammar/README.md, "Types and semantics") defines and C leaves
// undefined: wrap-around through unsigned 64-bit arithmetic, shift amounts modulo the
// width, and RISC-V's results for division by zero and for the most negative value divided
// by -1.
import { describe, expect, it } from 'vitest';
import { runC } from './c-oracle.js';
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
type Call = (t: IntType, argument: (t: IntType) => Expr) => Expr | undefined;
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

/** A random expression of type `t` whose leaves `leaf` supplies; `call`, when given, may
 *  supply a call of another function instead of a unary operator. */
function expression(random: Random, t: IntType, depth: number, leaf: (t: IntType) => Expr, call?: Call): Expr {
  const choice = depth <= 0 ? 0 : Math.floor(random() * 9);
  const sub = (type: IntType) => expression(random, type, depth - 1, leaf, call);
  if (choice === 8 && call && random() < 0.5) {
    const made = call(t, sub);
    if (made) return made;
  }
  switch (choice) {
    case 0:
    case 1:
      return leaf(t);
    case 2:
    case 3:
      return applyOperator(pick(random, ARITHMETIC), sub(t), sub(t));
    case 4:
      return applyOperator(pick(random, ['/', '%']), sub(t), sub(t));
    case 5:
      return applyOperator(pick(random, ['<<', '>>']), sub(t), sub(pick(random, TYPES)));
    case 6: {
      const a = sub(pick(random, TYPES));
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
      if (t.signed && random() < 0.5) return { pen: `(-${a.pen})`, c: `((${cType(t)})(0 - (uint64_t)${a.c}))`, type: t };
      return { pen: `(~${a.pen})`, c: `((${cType(t)})~(uint64_t)${a.c})`, type: t };
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


interface Case {
  pen: string;
  /** The C functions and the statements that print their values. */
  declarations: string;
  body: string;
}

/** The same binary operator applied in both languages (C: wrap-around, shift amounts modulo
 *  the width, RISC-V division), for an expression or a compound assignment's right side. */
function applyOperator(op: string, a: Expr, b: Expr): Expr {
  const t = a.type;
  const u = 'uint64_t';
  if (op === '/' || op === '%') return { pen: `(${a.pen} ${op} ${b.pen})`, c: `${op === '/' ? 'div' : 'rem'}_${t.name}(${a.c}, ${b.c})`, type: t };
  if (op === '<<' || op === '>>') {
    const amount = `((unsigned)((${u})${b.c} & ${t.bits - 1}))`;
    const c = op === '<<' || !t.signed ? `((${cType(t)})((${u})${a.c} ${op} ${amount}))` : `((${cType(t)})((int64_t)${a.c} >> ${amount}))`;
    return { pen: `(${a.pen} ${op} ${b.pen})`, c, type: t };
  }
  return { pen: `(${a.pen} ${op} ${b.pen})`, c: `((${cType(t)})((${u})${a.c} ${op} (${u})${b.c}))`, type: t };
}

interface Variable {
  name: string;
  /** Its C spelling, when it differs (an array element or a struct field). */
  c?: string;
  type: IntType;
  /** Set for the parameters that stand for literals: the same value at every call. */
  value?: bigint;
}

/** One program pair: `functions` random functions, each called on `calls` random inputs.
 *  `expressions`: each function returns one expression, and the same expression over the
 *  call's inputs as literals is printed too (folded by our checker). `loops`: each function
 *  folds a compound assignment over a `for` loop with `continue` and `break`. */
function generate(seed: number, mode: 'expressions' | 'loops' | 'memory', functions: number, calls: number): Case {
  const random = seededRandom(seed);
  const penStructs: string[] = [];
  const cStructs: string[] = [];
  const penFns: string[] = [];
  const penBody: string[] = [];
  const cFns: string[] = [];
  const cBody: string[] = [];
  // Bodies call earlier functions, so values live across calls (callee-saved registers,
  // spills) and some calls take more than 8 arguments. `cost` bounds the calls one call makes.
  const signatures: { name: string; params: IntType[]; result: IntType; cost: number }[] = [];
  for (let f = 0; f < functions; f++) {
    let cost = 1;
    const call: Call = (t, argument) => {
      const callee = pick(random, signatures.filter((s) => s.cost <= 20));
      if (!callee || cost > 60) return undefined;
      cost += callee.cost;
      const args = callee.params.map((type) => argument(type));
      return {
        pen: `(${callee.name}(${args.map((a) => a.pen).join(', ')}) as ${t.name})`,
        c: `((${cType(t)})${callee.name}(${args.map((a) => a.c).join(', ')}))`,
        type: t,
      };
    };
    // Inputs p0..p2 vary per call; each literal leaf is a parameter k0, k1, ... with the same
    // value at every call, so no part of a body is constant (a constant division by zero
    // would be an error) while the folded version still sees every literal.
    const params: Variable[] = Array.from({ length: 3 }, (_, i) => ({ name: `p${i}`, type: pick(random, TYPES) }));
    const inputs = params.length;
    const result = pick(random, TYPES);
    const locals: Variable[] = [];
    const leaf = (t: IntType): Expr => {
      const choice = Math.floor(random() * (inputs + locals.length + 1));
      let v: Variable;
      if (choice < inputs) v = params[choice];
      else if (choice < inputs + locals.length) v = locals[choice - inputs];
      else params.push((v = { name: `k${params.length - inputs}`, type: t, value: randomValue(random, t) }));
      const c = v.c ?? v.name;
      if (v.type === t) return { pen: v.name, c, type: t };
      return { pen: `(${v.name} as ${t.name})`, c: `((${cType(t)})${c})`, type: t };
    };
    const sub = (t: IntType) => expression(random, t, 1 + Math.floor(random() * 3), leaf, call);
    let penBodyText: string;
    let cBodyText: string;
    let folded: string | undefined;
    if (mode === 'expressions') {
      const body = sub(result);
      penBodyText = `    return ${body.pen};`;
      cBodyText = `return ${body.c};`;
      folded = body.pen;
    } else if (mode === 'memory') {
      // An array of one width filled in a loop, a struct of mixed widths, and a result read
      // back from both: loads and stores at every width, C struct layout, index arithmetic.
      const element = pick(random, TYPES);
      const length = 1 + Math.floor(random() * 8);
      locals.push({ name: 'i', type: TYPES[7] });
      const fill = sub(element);
      locals.pop();
      const fields = ['a', 'b', 'c'].map((field) => ({ field, type: pick(random, TYPES) }));
      const values = fields.map(({ type }) => sub(type));
      const struct = `M${f}`;
      penStructs.push(`struct ${struct} { ${fields.map(({ field, type }) => `${field}: ${type.name}`).join(', ')} }`);
      cStructs.push(`struct ${struct} { ${fields.map(({ field, type }) => `${cType(type)} ${field};`).join(' ')} };`);
      for (const { field, type } of fields) locals.push({ name: `m.${field}`, type });
      for (let k = 0; k < 3; k++) {
        const index = pick(random, params.slice(0, inputs));
        locals.push({ name: `buf[(${index.name} as u64) % ${length}]`, c: `buf[(uint64_t)${index.name} % ${length}]`, type: element });
      }
      const body = sub(result);
      penBodyText = [
        `    var buf: ${element.name}[${length}];`,
        `    for i in 0..${length} { buf[i] = ${fill.pen}; }`,
        `    var m: ${struct};`,
        ...fields.map(({ field }, k) => `    m.${field} = ${values[k].pen};`),
        `    return ${body.pen};`,
      ].join('\n');
      cBodyText =
        `${cType(element)} buf[${length}]; for (int64_t i = 0; i < ${length}; i++) { buf[i] = ${fill.c}; } struct ${struct} m; ` +
        fields.map(({ field }, k) => `m.${field} = ${values[k].c}; `).join('') +
        `return ${body.c};`;
    } else {
      const rounds = 1 + Math.floor(random() * 12);
      const start = sub(result);
      locals.push({ name: 'acc', type: result }, { name: 'i', type: TYPES[7] });
      const op = pick(random, [...ARITHMETIC, '/', '%', '<<', '>>']);
      const acc = { pen: 'acc', c: 'acc', type: result };
      const step = applyOperator(op, acc, sub(op === '<<' || op === '>>' ? pick(random, TYPES) : result));
      const of = pick(random, TYPES);
      const [ca, cb] = [sub(of), sub(of)];
      const reset = sub(result);
      const [ba, bb] = [sub(of), sub(of)];
      const [c1, c2] = [pick(random, COMPARISONS), pick(random, COMPARISONS)];
      penBodyText = [
        `    var acc: ${result.name} = ${start.pen};`,
        `    for i in 0..${rounds} {`,
        `      acc ${op}= ${step.pen.slice(`(acc ${op} `.length, -1)};`,
        `      if ${ca.pen} ${c1} ${cb.pen} { acc = ${reset.pen}; continue; }`,
        `      if ${ba.pen} ${c2} ${bb.pen} { break; }`,
        '    }',
        '    return acc;',
      ].join('\n');
      cBodyText =
        `${cType(result)} acc = ${start.c}; for (int64_t i = 0; i < ${rounds}; i++) { acc = ${step.c}; ` +
        `if (${ca.c} ${c1} ${cb.c}) { acc = ${reset.c}; continue; } if (${ba.c} ${c2} ${bb.c}) break; } return acc;`;
    }
    const name = `f${f}`;
    signatures.push({ name, params: params.map((p) => p.type), result, cost: mode === 'loops' ? cost * 12 : mode === 'memory' ? cost * 8 : cost });
    penFns.push(`  fn ${name}(${params.map((p) => `${p.name}: ${p.type.name}`).join(', ')}) -> ${result.name} {\n${penBodyText}\n  }`);
    cFns.push(`static __attribute__((noinline)) ${cType(result)} ${name}(${params.map((p) => `${cType(p.type)} ${p.name}`).join(', ')}) { ${cBodyText} }`);
    const put = result.signed ? 'put_i' : 'put_u';
    for (let k = 0; k < calls; k++) {
      const args = params.map((p) => p.value ?? randomValue(random, p.type));
      const cCall = `  ${put}(${name}(${args.map((a, i) => literal(a, params[i].type).c).join(', ')})); line();`;
      penBody.push(`  print(${name}(${args.map((a, i) => `${a} as ${params[i].type.name}`).join(', ')}));`);
      cBody.push(cCall);
      if (folded === undefined) continue;
      // The folded version: the same expression text with each parameter replaced by its value.
      let text = folded;
      params.forEach((p, i) => {
        text = text.replace(new RegExp(`\\b${p.name}\\b`, 'g'), `(${args[i]} as ${p.type.name})`);
      });
      penBody.push(`  print(${text});`);
      cBody.push(cCall);
    }
  }
  const pen = `${penStructs.map((line) => `${line}\n`).join('')}host {\n${penFns.join('\n')}\n${penBody.join('\n')}\n}\n`;
  return { pen: withoutConstantDivisionByZero(pen), declarations: `${cStructs.join('\n')}\n${cDivisionHelpers()}${cFns.join('\n')}`, body: cBody.join('\n') };
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

function expectAgreement({ pen, declarations, body }: Case, lineCount: number): void {
  const oracle = runC(declarations, body);
  expect(oracle.split('\n')).toHaveLength(lineCount + 1);
  const ours = runSource(pen);
  expect(ours.exitCode).toBe(0);
  const expected = oracle.split('\n');
  const actual = ours.stdout.split('\n');
  // Compare line by line so a failure names the call or expression that disagrees.
  const lines = pen.split('\n').filter((l) => l.startsWith('  print('));
  const disagreements = expected.flatMap((value, i) => (actual[i] === value ? [] : [`${lines[i] ?? '(end)'} gave ${actual[i]}, gcc ${value}`]));
  expect(disagreements).toEqual([]);
  expect(ours.stdout).toBe(oracle);
}

describe('integer semantics agree with gcc under qemu', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`random typed expressions (seed ${seed}): run time, compile-time folding and gcc give the same values`, () => {
      expectAgreement(generate(seed, 'expressions', 40, 3), 40 * 3 * 2);
    });
  }
  for (const seed of [1, 2, 3, 4]) {
    it(`random arrays and structs of every width, written and read back (seed ${seed}) give gcc's values`, () => {
      expectAgreement(generate(seed, 'memory', 40, 3), 40 * 3);
    });
  }
  for (const seed of [1, 2, 3, 4]) {
    it(`random compound assignments in loops with continue and break (seed ${seed}) give gcc's values`, () => {
      expectAgreement(generate(seed, 'loops', 40, 3), 40 * 3);
    });
  }
});
