// Generated extremes for the front end fuzz target: the shapes machine-written programs take
// (one long expression, one long function, deep nesting, huge tokens), each at a size drawn
// log-uniformly up to about ten times what used to overflow the stack, so small and large
// sizes are both common and a run stays affordable.
import { pick } from '../../test/grammar/random-input.js';

export interface Extreme {
  name: string;
  make(random: () => number): string;
}

/** A size between 1 and `max`, log-uniform. */
const size = (random: () => number, max: number) => Math.max(1, Math.floor(Math.exp(random() * Math.log(max))));

const enclave = (body: string, members = '') =>
  `enclave A { ${members} fn main() -> i64 { ${body} } }\nhost { let a = create A; print("A returned ", run a); }\n`;

const repeat = (n: number, make: (i: number) => string, separator = ' ') => Array.from({ length: n }, (_, i) => make(i)).join(separator);

const BINARY = ['+', '-', '*', '/', '%', '&', '|', '^', '<<', '>>', '==', '!=', '<', '<=', '>', '>=', '&&', '||'];
const STATEMENTS = [
  (i: number) => `x = x + ${i % 10};`,
  (i: number) => `print("line ", x, " ", ${i});`,
  () => 'peek64(0x1000);',
  (i: number) => `let _v${i} = x * 3;`,
  () => 'if x > 3 { x = x - 1; } else { x = x + 2; }',
  () => 'while x > 100 { x = x / 2; }',
  () => 'for i in 0..2 { x += i; }',
  () => '{ }',
];

export const EXTREMES: readonly Extreme[] = [
  { name: 'deep-parentheses', make: (r) => { const n = size(r, 5_000); return enclave(`return ${'('.repeat(n)}1${')'.repeat(n)};`); } },
  { name: 'deep-blocks', make: (r) => { const n = size(r, 5_000); return enclave(`${'{ '.repeat(n)}${'} '.repeat(n)} return 0;`); } },
  { name: 'deep-prefix', make: (r) => enclave(`let x: i64 = 1; return ${`${pick(r, ['-', '~', '!'])} `.repeat(size(r, 5_000))}x;`) },
  { name: 'long-chain', make: (r) => {
    const op = r() < 0.5 ? pick(r, BINARY) : undefined;
    return enclave(`let x: i64 = 3; let b = x == 3; return ${repeat(size(r, 20_000), (i) => (i === 0 ? 'x' : `${op ?? pick(r, BINARY)} ${r() < 0.2 ? 'b' : 'x'}`))};`);
  } },
  { name: 'long-logic', make: (r) => enclave(`let x: i64 = 3; if ${repeat(size(r, 20_000), (i) => `x ${pick(r, ['==', '<', '!='])} ${i}`, pick(r, [' && ', ' || ']))} { return 1; } return 0;`) },
  { name: 'long-else-if', make: (r) => enclave(`let x: i64 = 3; ${repeat(size(r, 20_000), (i) => `if x == ${i} { return ${i}; }`, ' else ')} return 0;`) },
  { name: 'many-statements', make: (r) => { const s = pick(r, STATEMENTS); return enclave(`var x: u64 = 7; ${repeat(size(r, 60_000), s)} return x as i64;`); } },
  { name: 'mixed-statements', make: (r) => enclave(`var x: u64 = 7; ${repeat(size(r, 30_000), (i) => pick(r, STATEMENTS)(i))} return x as i64;`) },
  { name: 'postfix-chain', make: (r) => {
    const n = size(r, 20_000);
    return pick(r, [
      () => enclave(`var a: u8[4]; return a${'[0]'.repeat(n)} as i64;`),
      () => `struct P { x: i64, p: i64 }\n${enclave(`var p: P; return p${'.x'.repeat(n)};`)}`,
      () => enclave(`let x: i64 = 300; return x${pick(r, [' as u8', ' as i64', ' as u16 as i32'])}`.concat(' as i64'.repeat(n), ';')),
      () => enclave(`return main${'()'.repeat(n)};`),
    ])();
  } },
  { name: 'nested-array-type', make: (r) => enclave(`var a: u8${'[1]'.repeat(size(r, 20_000))}; return 0;`) },
  { name: 'nested-structs', make: (r) => {
    const n = size(r, 10_000);
    return `${repeat(n, (i) => `struct S${i} { f: ${i + 1 < n ? `S${i + 1}` : 'u8'} }`, '\n')}\n${enclave('var s: S0; return 0;')}`;
  } },
  { name: 'huge-literal', make: (r) => {
    const n = size(r, 100_000);
    return enclave(`return ${pick(r, [() => '9'.repeat(n), () => `0x${'f'.repeat(n)}`, () => `0b${'1'.repeat(n)}`, () => `1${'_0'.repeat(n)}`])()};`);
  } },
  { name: 'long-identifier', make: (r) => { const name = `v${'x'.repeat(size(r, 100_000))}`; return enclave(`let ${name}: i64 = 1; return ${name};`); } },
  { name: 'long-string', make: (r) => enclave(`print("${pick(r, ['a', '\\n', '\\"', '\u00e9', '\\x41'])}`.concat('b'.repeat(size(r, 100_000)), '"); return 0;')) },
  { name: 'many-functions', make: (r) => enclave('return f0();', repeat(size(r, 10_000), (i) => `fn f${i}() -> i64 { return ${i}; }`)) },
  { name: 'many-parameters', make: (r) => {
    const n = size(r, 5_000);
    return enclave(`return f(${repeat(n, (i) => `${i}`, ', ')});`, `fn f(${repeat(n, (i) => `p${i}: i64`, ', ')}) -> i64 { return p0; }`);
  } },
  { name: 'many-arguments', make: (r) => enclave(`print(${repeat(size(r, 20_000), (i) => (i % 2 ? `${i}` : '"s"'), ', ')}); return 0;`) },
  { name: 'many-sections', make: (r) => {
    const n = size(r, 2_000);
    return `${repeat(n, (i) => `enclave E${i} { fn main() -> i64 { return ${i}; } }`, '\n')}\nhost { ${repeat(Math.min(n, 50), (i) => `let e${i} = create E${i}; print(run e${i});`)} }\n`;
  } },
  { name: 'many-errors', make: (r) => enclave(`${pick(r, ['@', 'let;', '}{', ')', 'x = ;', '"open\n', '/* '])}`.repeat(size(r, 50_000)) + ' return 0;') },
  { name: 'unterminated', make: (r) => enclave(`print("x"); ${pick(r, ['/*', '"', "'", '/// doc\n', '('])}${'a '.repeat(size(r, 50_000))}`).slice(0, -3) },
];
