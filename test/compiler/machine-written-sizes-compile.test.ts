import { describe, expect, it } from 'vitest';
import { checkSource } from '../../compiler/check/index.js';
import { runSource } from './run-program.js';

// Issue 11: machine-written input overflowed the stack (a 60,000-statement function in
// `build`, an 1,800-term `+` chain in `check`). Each path that went once per statement or per
// operand is now a loop; these sizes are ten times the ones that failed.
const program = (body: string) => `enclave A { fn main() -> i64 { ${body} } }\nhost { let a = create A; print("A returned ", run a); }\n`;
const errorsOf = (source: string) => checkSource(source, 'test.pen').diagnostics.filter((d) => d.severity === 'error');

describe('machine-written programs of ten times the sizes that used to crash', () => {
  it('a function of 60,000 statements builds and runs', () => {
    const body = `var x: u64 = 0; ${Array.from({ length: 60_000 }, (_, i) => `x = x + ${i % 7};`).join(' ')} return x as i64;`;
    const expected = Array.from({ length: 60_000 }, (_, i) => i % 7).reduce((a, b) => a + b, 0);
    expect(runSource(program(body)).stdout).toBe(`A returned ${expected}\n`);
  }, 60_000);

  it('a function of 600,000 statements checks clean', () => {
    expect(errorsOf(program(`var x: u64 = 0; ${'x = x + 1; '.repeat(600_000)} return x as i64;`))).toEqual([]);
  }, 60_000);

  it('an 18,000-term `+` chain checks, builds and runs', () => {
    expect(runSource(program(`let x: i64 = 1; return ${Array(18_000).fill('x').join(' + ')};`)).stdout).toBe('A returned 18000\n');
  }, 30_000);

  it('an 18,000-term chain of literals folds at compile time', () => {
    expect(runSource(program(`return ${Array(18_000).fill('1').join(' - ')};`)).stdout).toBe('A returned -17998\n');
  }, 30_000);

  it('18,000 `&&` operands, `as` casts and `else if`s build and run', () => {
    const conditions = `let x: i64 = 1; if ${Array(18_000).fill('x == 1').join(' && ')} { print("all true"); }`;
    const casts = `let y: i64 = 300${' as u8 as i64'.repeat(9_000)};`;
    const chain = `${Array.from({ length: 18_000 }, (_, i) => `if x == ${i + 2} { return ${i + 2}; }`).join(' else ')} else if y == 44 { return 44; }`;
    expect(runSource(program(`${conditions} ${casts} ${chain} return 0;`)).stdout).toBe('all true\nA returned 44\n');
  }, 60_000);

  it('30,000 `if` statements in one function build (register allocation is linear in blocks) and run', () => {
    const body = `var x: u64 = 100000; ${'if x > 5 { x = x - 1; } '.repeat(30_000)} return x as i64;`;
    expect(runSource(program(body)).stdout).toBe('A returned 70000\n');
  }, 60_000);
});
