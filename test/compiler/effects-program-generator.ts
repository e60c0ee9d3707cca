// Random enclave programs full of effects whose results are unused (peeks as statements,
// bound to unused `let`s, inside dead arithmetic; pokes; prints; asserts), and a reference
// interpreter of the same programs written straight from the language reference: u64
// wrap-around, RISC-V division, shift amounts modulo 64, which addresses an enclave maps.
// The interpreter never sees the compiler's IR, so an optimisation that drops, moves or
// folds an effect shows up as a difference in what the program prints or where it faults.
import { pick, seededRandom } from '../grammar/random-input.js';

const MASK = (1n << 64n) - 1n;
const VARIABLES = 4;

/** Addresses an enclave maps (its first code page) and ones it does not (the host's text). */
const MAPPED = [0x1000n, 0x1008n];
const UNMAPPED = [0x10000n, 0x20000n];

type Expr =
  | { k: 'const'; value: bigint }
  | { k: 'var'; index: number }
  | { k: 'bin'; op: BinOp; a: Expr; b: Expr }
  | { k: 'byte'; a: Expr };
type BinOp = '+' | '-' | '*' | '/' | '%' | '&' | '|' | '^' | '<<' | '>>';
type CmpOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
type Peek = { size: 64 | 8; address: bigint; computed: boolean };

type Stmt = { line?: number; column?: number } & (
  | { k: 'assign'; index: number; e: Expr }
  | { k: 'print'; tag: number; e: Expr }
  | { k: 'peek'; peek: Peek; form: 'statement' | 'let' | 'dead-arithmetic' | 'cast' }
  | { k: 'peek-condition'; peek: Peek; then: Stmt[]; else: Stmt[] }
  | { k: 'poke'; size: 64 | 8; address: bigint; e: Expr }
  | { k: 'assert'; a: Expr; op: CmpOp; b: Expr }
  | { k: 'assert_eq'; a: Expr; b: Expr }
  | { k: 'if'; a: Expr; op: CmpOp; b: Expr; then: Stmt[]; else: Stmt[] }
  | { k: 'for'; count: number; body: Stmt[] }
);

export interface GeneratedProgram {
  source: string;
  /** What the enclave prints and how its run ends, as the host reports it. */
  expectedStdout: string;
  /** The monitor's fault report, `<cause> at 0x<address>`, if the run faults. */
  expectedFaults: string[];
}

export function generateEffectsProgram(seed: number): GeneratedProgram {
  const random = seededRandom(seed);
  const int = (n: number) => Math.floor(random() * n);
  const constant = (): bigint => pick(random, [0n, 1n, 2n, 3n, 7n, 63n, 64n, 255n, 256n, 0x8000_0000n, MASK, MASK - 1n, BigInt(int(1000))]);
  // Every operation has a variable under it, so the checker folds no subexpression: a
  // constant division by zero would be a compile-time error, not a run-time result.
  const expr = (depth: number, needsVariable = true): Expr => {
    const r = int(10);
    if (depth <= 0 || r < 3) return !needsVariable && r % 2 === 0 ? { k: 'const', value: constant() } : { k: 'var', index: int(VARIABLES) };
    if (r === 3) return { k: 'byte', a: expr(depth - 1) };
    const op = pick(random, ['+', '-', '*', '/', '%', '&', '|', '^', '<<', '>>'] as const);
    // A literal shifted by a variable would be an i64 shift: shift only variables.
    const left = op === '<<' || op === '>>' || random() < 0.5;
    return { k: 'bin', op, a: expr(depth - 1, left), b: expr(depth - 1, !left) };
  };
  const cmp = (): CmpOp => pick(random, ['==', '!=', '<', '<=', '>', '>='] as const);
  // Mostly mapped addresses, so that a program usually runs on past its peeks.
  const peek = (): Peek => ({ size: pick(random, [64, 8] as const), address: random() < 0.75 ? pick(random, MAPPED) : pick(random, UNMAPPED), computed: random() < 0.4 });
  const block = (depth: number, length: number): Stmt[] => Array.from({ length }, () => statement(depth));
  const statement = (depth: number): Stmt => {
    const r = int(100);
    if (r < 22) return { k: 'assign', index: int(VARIABLES), e: expr(3) };
    if (r < 40) return { k: 'print', tag: int(100), e: expr(2) };
    if (r < 65) return { k: 'peek', peek: peek(), form: pick(random, ['statement', 'let', 'dead-arithmetic', 'cast'] as const) };
    if (r < 70 && depth > 0) return { k: 'peek-condition', peek: peek(), then: block(depth - 1, 1 + int(2)), else: block(depth - 1, int(2)) };
    if (r < 72) return { k: 'poke', size: pick(random, [64, 8] as const), address: pick(random, UNMAPPED), e: expr(1) };
    if (r < 77) return { k: 'assert', a: expr(2), op: cmp(), b: expr(2) };
    if (r < 80) return { k: 'assert_eq', a: expr(2), b: expr(2) };
    if (r < 92 && depth > 0) return { k: 'if', a: expr(2), op: cmp(), b: expr(2), then: block(depth - 1, 1 + int(3)), else: block(depth - 1, int(3)) };
    if (depth > 0) return { k: 'for', count: int(4), body: block(depth - 1, 1 + int(3)) };
    return { k: 'print', tag: int(100), e: expr(2) };
  };
  const initial = Array.from({ length: VARIABLES }, constant);
  const body = block(2, 4 + int(10));
  const result = expr(2);
  const source = render(initial, body, result);
  const expected = interpret(initial, body, result);
  return { source, ...expected };
}

// ---- rendering ----------------------------------------------------------------------------

function renderExpr(e: Expr): string {
  switch (e.k) {
    case 'const':
      return `${e.value}`;
    case 'var':
      return `x${e.index}`;
    case 'byte':
      return `((${renderExpr(e.a)}) as u8 as u64)`;
    case 'bin':
      return `(${renderExpr(e.a)} ${e.op} ${renderExpr(e.b)})`;
  }
}

function renderPeek(p: Peek): string {
  // A computed address the optimiser cannot see through: x0 & 0 is 0 only at run time.
  const address = p.computed ? `((x0 & 0) | 0x${p.address.toString(16)})` : `0x${p.address.toString(16)}`;
  return `peek${p.size}(${address})`;
}

function render(initial: bigint[], body: Stmt[], result: Expr): string {
  const lines = ['enclave A {', '  fn main() -> i64 {'];
  initial.forEach((value, i) => lines.push(`    var x${i}: u64 = ${value};`));
  let lets = 0;
  const emit = (statements: Stmt[], indent: string, depth: number) => {
    for (const s of statements) {
      s.line = lines.length + 1;
      s.column = indent.length + 1;
      switch (s.k) {
        case 'assign':
          lines.push(`${indent}x${s.index} = ${renderExpr(s.e)};`);
          break;
        case 'print':
          lines.push(`${indent}print("p${s.tag} ", ${renderExpr(s.e)});`);
          break;
        case 'peek': {
          const call = renderPeek(s.peek);
          const line = {
            statement: `${call};`,
            let: `let _unused${lets++} = ${call};`,
            'dead-arithmetic': `${call} * 0;`,
            cast: `let _unused${lets++} = (${call} as u64 & 0) as u8;`,
          }[s.form];
          lines.push(indent + line);
          break;
        }
        case 'peek-condition':
          lines.push(`${indent}if ${renderPeek(s.peek)} == ${renderPeek(s.peek)} {`);
          emit(s.then, indent + '  ', depth);
          lines.push(`${indent}} else {`);
          emit(s.else, indent + '  ', depth);
          lines.push(`${indent}}`);
          break;
        case 'poke':
          lines.push(`${indent}poke${s.size}(0x${s.address.toString(16)}, ${s.size === 8 ? `(${renderExpr(s.e)}) as u8` : renderExpr(s.e)});`);
          break;
        case 'assert':
          lines.push(`${indent}assert(${renderExpr(s.a)} ${s.op} ${renderExpr(s.b)});`);
          break;
        case 'assert_eq':
          lines.push(`${indent}assert_eq(${renderExpr(s.a)}, ${renderExpr(s.b)});`);
          break;
        case 'if':
          lines.push(`${indent}if ${renderExpr(s.a)} ${s.op} ${renderExpr(s.b)} {`);
          emit(s.then, indent + '  ', depth);
          lines.push(`${indent}} else {`);
          emit(s.else, indent + '  ', depth);
          lines.push(`${indent}}`);
          break;
        case 'for':
          lines.push(`${indent}for i${depth} in 0..${s.count} {`);
          emit(s.body, indent + '  ', depth + 1);
          lines.push(`${indent}}`);
          break;
      }
    }
  };
  emit(body, '    ', 0);
  lines.push(`    return (${renderExpr(result)}) as i64;`, '  }', '}', 'host { let a = create A; print("A returned ", run a); }', '');
  return lines.join('\n');
}

// ---- the reference interpreter --------------------------------------------------------------

class Stop {
  constructor(readonly how: { fault: string } | { abort: string }) {}
}

function evaluate(e: Expr, x: bigint[]): bigint {
  switch (e.k) {
    case 'const':
      return e.value;
    case 'var':
      return x[e.index];
    case 'byte':
      return evaluate(e.a, x) & 0xffn;
    case 'bin': {
      const a = evaluate(e.a, x);
      const b = evaluate(e.b, x);
      switch (e.op) {
        case '+': return (a + b) & MASK;
        case '-': return (a - b) & MASK;
        case '*': return (a * b) & MASK;
        case '/': return b === 0n ? MASK : a / b; // RISC-V divu: x / 0 is all ones
        case '%': return b === 0n ? a : a % b; // remu: x % 0 is x
        case '&': return a & b;
        case '|': return a | b;
        case '^': return a ^ b;
        case '<<': return (a << (b & 63n)) & MASK;
        case '>>': return a >> (b & 63n);
      }
    }
  }
}

function compare(a: bigint, op: CmpOp, b: bigint): boolean {
  switch (op) {
    case '==': return a === b;
    case '!=': return a !== b;
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
  }
}

function load(p: Peek): void {
  if (!MAPPED.includes(p.address)) throw new Stop({ fault: `load page fault at 0x${p.address.toString(16)}` });
}

function interpret(initial: bigint[], body: Stmt[], result: Expr): Omit<GeneratedProgram, 'source'> {
  const x = [...initial];
  const out: string[] = [];
  const where = (s: Stmt) => `test.pen:${s.line}:${s.column}`;
  const run = (statements: Stmt[]) => {
    for (const s of statements) {
      switch (s.k) {
        case 'assign':
          x[s.index] = evaluate(s.e, x);
          break;
        case 'print':
          out.push(`p${s.tag} ${evaluate(s.e, x)}`);
          break;
        case 'peek':
          load(s.peek);
          break;
        case 'peek-condition':
          load(s.peek); // both sides read the same mapped word, so they are equal
          load(s.peek);
          run(s.then);
          break;
        case 'poke':
          evaluate(s.e, x);
          throw new Stop({ fault: `store page fault at 0x${s.address.toString(16)}` });
        case 'assert':
          if (!compare(evaluate(s.a, x), s.op, evaluate(s.b, x))) throw new Stop({ abort: `error: assertion failed at ${where(s)}` });
          break;
        case 'assert_eq': {
          const a = evaluate(s.a, x);
          const b = evaluate(s.b, x);
          if (a !== b) throw new Stop({ abort: `error: assert_eq failed at ${where(s)}: left ${a}, right ${b}` });
          break;
        }
        case 'if':
          run(compare(evaluate(s.a, x), s.op, evaluate(s.b, x)) ? s.then : s.else);
          break;
        case 'for':
          for (let i = 0; i < s.count; i++) run(s.body);
          break;
      }
    }
  };
  try {
    run(body);
  } catch (stop) {
    if (!(stop instanceof Stop)) throw stop;
    if ('fault' in stop.how) return { expectedStdout: [...out, 'A returned -19', ''].join('\n'), expectedFaults: [stop.how.fault] };
    return { expectedStdout: [...out, stop.how.abort, 'A returned -1', ''].join('\n'), expectedFaults: [] };
  }
  return { expectedStdout: [...out, `A returned ${BigInt.asIntN(64, evaluate(result, x))}`, ''].join('\n'), expectedFaults: [] };
}
