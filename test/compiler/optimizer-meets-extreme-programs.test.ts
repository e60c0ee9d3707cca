// Machine-written extremes reach the optimiser too: loops nested as deep as the parser
// allows, a function of tens of thousands of statements, and one with so many loops that
// the loop passes would cost more than linear time, which skips them and says so in a note
// (what `penglaic build --verbose` prints). Each builds optimised and runs correctly.
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../compiler/check/index.js';
import { buildChecked } from '../../compiler/build.js';
import { runSource } from './run-program.js';

const program = (body: string, globals = '') => `enclave E {\n${globals}\n  fn main() -> i64 {\n    var total: u64 = 0;\n${body}\n    print("total ", total);\n    return 0;\n  }\n}\nhost { let e = create E; print("returned ", run e); }\n`;

function nestedLoops(depth: number): string {
  const open = Array.from({ length: depth }, (_, i) => `for n${i} in (0 as u64)..2 { if n${i} == 1 { total += 1; }`).join('\n');
  return `${open}\ntotal += 1;\n${'}\n'.repeat(depth)}`;
}

function notesOf(source: string): string[] {
  const notes: string[] = [];
  const checked = checkSource(source, 'test.pen');
  const built = buildChecked(checked, [...checked.diagnostics], 'test.pen', undefined, undefined, { notes });
  expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return notes;
}

describe('the optimiser meets extreme programs', () => {
  it('loops nested 120 deep build optimised and run', () => {
    // 2^120 iterations would never end: the deep nest is built, a shallow one is run.
    const run = runSource(program(nestedLoops(6)));
    expect(run.stdout).toBe('total 127\nreturned 0\n');
    expect(notesOf(program(nestedLoops(120)))).toEqual([]);
  });

  it('loops nested 200 deep are refused by the parser with a diagnostic, not a crash', () => {
    const checked = checkSource(program(nestedLoops(200)), 'test.pen');
    expect(checked.diagnostics.some((d) => d.code === 'E0010')).toBe(true);
  });

  it('a function of 20,000 statements builds optimised and runs as at -O0', () => {
    const body = Array.from({ length: 20_000 }, (_, i) => (i % 3 === 0 ? `total += a[total % 16] as u64;` : i % 3 === 1 ? `a[${i % 16}] = (total + ${i}) as u32;` : `total = total ^ ${i};`)).join('\n');
    const source = program(body, '  var a: u32[16];');
    const o0 = runSource(source, { build: { optimize: false } });
    expect(runSource(source).stdout).toBe(o0.stdout);
    expect(o0.stdout).toMatch(/^total \d+\nreturned 0\n$/);
  }, 120_000);

  it('a function with 1,500 loops skips the loop passes, with a note, and still runs the same', () => {
    const body = Array.from({ length: 1_500 }, (_, i) => `for j${i} in (0 as u64)..2 { a[j${i} + ${i % 14}] = a[j${i}] + ${i}; total += a[total % 16] as u64; }`).join('\n');
    const source = program(body, '  var a: u32[16];');
    expect(notesOf(source)).toContain('f_main: too many loops for loop optimisation; its loops are left as written');
    expect(runSource(source).stdout).toBe(runSource(source, { build: { optimize: false } }).stdout);
  }, 120_000);
});
