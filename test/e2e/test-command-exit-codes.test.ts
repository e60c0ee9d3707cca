// `penglaic test` as a user runs it: exit 0 when every test passed, 1 when one failed, 2 when
// the program did not build; --reporter json and --output FILE write a report that the
// schema accepts (checked with ajv).
import { Ajv } from 'ajv';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { penglaic, repoRoot, scratchDir } from './cli.js';

const validReport = new Ajv({ strict: true }).compile(JSON.parse(readFileSync(join(repoRoot, 'compiler/grader/schema/test-report.schema.json'), 'utf8')));

function project(source: string): string {
  const dir = scratchDir();
  writeFileSync(join(dir, 'main.pen'), source);
  return dir;
}

const ENCLAVE = 'enclave E { fn main() -> i64 { return 7; } }\nhost { }\n';

describe('penglaic test exit codes', () => {
  it('0 when every test passed', () => {
    const run = penglaic(['test'], project(`${ENCLAVE}test "seven" { let e = create E; assert_eq(run e, 7); }\n`));
    expect(run.stdout).toBe('test "seven" ... ok\n\n1 passed, 0 failed\nscore: 1/1 point\n');
    expect(run.status).toBe(0);
  });

  it('1 when a test failed, and the JSON report written with --output says which', () => {
    const dir = project(`${ENCLAVE}test "seven" (points: 2) { let e = create E; assert_eq(run e, 7); }\ntest "eight" (points: 3) { let e = create E; assert_eq(run e, 8); }\n`);
    const run = penglaic(['test', '--reporter', 'json', '--output', 'report.json'], dir);
    expect(run.stdout).toBe('');
    expect(run.status).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(validReport(report)).toBe(true);
    expect(report.tests.map((t: { name: string; status: string }) => [t.name, t.status])).toEqual([['seven', 'passed'], ['eight', 'failed']]);
    expect(report.score).toEqual({ earned: 2, possible: 5 });
    expect(report.tests[1].failure).toEqual({ message: 'assert_eq failed: left 7, right 8', location: { file: 'main.pen', line: 4, column: 46 } });
  });

  it('2 when the program did not build: every test not-run, with the diagnostics', () => {
    const run = penglaic(['test', '--reporter', 'json'], project('host { }\ntest "a" { let _x: u8 = 256; }\ntest "b" { }\n'));
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(validReport(report)).toBe(true);
    expect(report.tests.map((t: { name: string; status: string; points: unknown }) => [t.name, t.status, t.points])).toEqual([
      ['a', 'not-run', { earned: 0, possible: 1 }],
      ['b', 'not-run', { earned: 0, possible: 1 }],
    ]);
    expect(report.buildOutput).toBe(['error[E0203]: literal `256` does not fit in `u8`', ' --> main.pen:2:25', '  |', '2 | test "a" { let _x: u8 = 256; }', '  |                         ^^^ `u8` holds 0..=255', ''].join('\n'));
    expect(report.diagnostics).toEqual([{ code: 'E0203', severity: 'error', message: 'literal `256` does not fit in `u8`', location: { file: 'main.pen', line: 2, column: 25 } }]);
  });

  it('a wall-clock limit stops an endless test with an error', () => {
    const dir = project('enclave Spin { fn main() -> i64 { var i: u64 = 1; while i != 0 { i += 2; } return 0; } }\nhost { }\ntest "spins" (timeout_ms: 50) { let s = create Spin; run s; }\n');
    const run = penglaic(['test', '--reporter', 'json', '--max-steps', '1000000000'], dir);
    expect(run.status).toBe(1);
    const [test] = JSON.parse(run.stdout).tests;
    expect([test.status, test.failure.message]).toEqual(['error', 'the program did not finish within 50 ms of wall-clock time (timeout_ms 50)']);
  });

  it('documents the exit codes in --help', () => {
    const help = penglaic(['test', '--help'], scratchDir()).stdout;
    expect(help).toContain('  0  every test passed\n');
    expect(help).toContain('  1  a test failed');
    expect(help).toContain('  2  the program or its tests did not build');
    expect(help).toContain('--reporter <format>');
  });
});
