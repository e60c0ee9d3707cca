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

  it('18,000 `&&` operands and 18,000 `else if`s build and run', () => {
    const conditions = `let x: i64 = 1; if ${Array(18_000).fill('x == 1').join(' && ')} { print("all true"); }`;
    const y = `let y: i64 = (x + 299)${' as u8 as i64'.repeat(60)};`; // 300 as u8 is 44
    const chain = `${Array.from({ length: 18_000 }, (_, i) => `if x == ${i + 2} { return ${i + 2}; }`).join(' else ')} else if y == 44 { return 44; }`;
    expect(runSource(program(`${conditions} ${y} ${chain} return 0;`)).stdout).toBe('all true\nA returned 44\n');
  }, 60_000);

  it('30,000 `if` statements in one function build (register allocation is linear in blocks) and run', () => {
    const body = `var x: u64 = 100000; ${'if x > 5 { x = x - 1; } '.repeat(30_000)} return x as i64;`;
    expect(runSource(program(body)).stdout).toBe('A returned 70000\n');
  }, 60_000);

  it('a chain of 10,000 structs, each holding the next, is laid out', () => {
    const structs = Array.from({ length: 10_000 }, (_, i) => `struct S${i} { f: ${i < 9_999 ? `S${i + 1}` : 'u64'}, g: u8 }`).join('\n');
    const enclave = 'enclave A { var s: S0; fn main() -> i64 { s.f.f.g = 3; return s.f.f.g as i64; } }';
    expect(runSource(`${structs}\n${enclave}\nhost { let a = create A; print("A returned ", run a); }\n`).stdout).toBe('A returned 3\n');
  }, 60_000);
});

describe('what nests is cut at 128 levels with one located E0010', () => {
  const nesting = (source: string) => errorsOf(source).filter((d) => d.code === 'E0010').map((d) => `${d.code} ${d.span.startLine}:${d.span.startCol} ${d.message}`);
  // Inside a function body two braces are open already: 126 links fit, the 127th is cut.

  it('a postfix chain of 20,000 `[0]`, `.x` or `as` in a function body is cut at its 127th link', () => {
    const at = (prefix: string) => `1:${'enclave A { fn main() -> i64 { '.length + prefix.length + 1}`;
    const index = `var a: u8[4]; return a${'[0]'.repeat(126)}`;
    expect(nesting(program(`${index}${'[0]'.repeat(20_000 - 126)} as i64;`))[0]).toBe(`E0010 ${at(index)} nesting is deeper than 128 levels`);
    const field = 'var a: u8[4]; return a' + '.x'.repeat(126);
    expect(nesting(program(`${field}${'.x'.repeat(20_000 - 126)};`))[0]).toBe(`E0010 ${at(field)} nesting is deeper than 128 levels`);
    const cast = `let x: i64 = 1; return x${' as i64'.repeat(126)}`;
    expect(nesting(program(`${cast}${' as i64'.repeat(20_000 - 126)};`))[0]).toBe(`E0010 ${at(cast + ' ')} nesting is deeper than 128 levels`);
  });

  it('an array type of 20,000 dimensions is cut the same way', () => {
    const type = `var a: u8${'[1]'.repeat(126)}`;
    expect(nesting(program(`${type}${'[1]'.repeat(20_000 - 126)}; return 0;`))[0]).toBe(`E0010 1:${'enclave A { fn main() -> i64 { '.length + type.length + 1} nesting is deeper than 128 levels`);
  });

  it('126 links in a function body are still one chain', () => {
    expect(errorsOf(program(`let x: i64 = 1; return x${' as i64'.repeat(126)};`))).toEqual([]);
  });
});
