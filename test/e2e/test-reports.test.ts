// `penglaic test`'s reports, rendered from one run of a small lab whose tests pass, fail,
// fault, run out of budget and leak a secret; checked against real oracles (ajv for the JSON
// Schemas, fast-xml-parser for JUnit) and, with a fixed clock, byte for byte.
import { Ajv } from 'ajv';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTestsOnEmulator } from '../../compiler/cli/test-platform.js';
import { INSECURE_FIXED_DEVICE_SEED } from '../../emulator/index.js';
import { diskHost } from '../../compiler/check/index.js';
import { renderReport } from '../../compiler/grader/reporters/index.js';
import { repoRoot } from './cli.js';

const dir = join(repoRoot, 'test/e2e/grading');
const schema = (name: string) => JSON.parse(readFileSync(join(repoRoot, 'compiler/grader/schema', name), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: true });
const validReport = ajv.compile(schema('test-report.schema.json'));
const validGradescope = ajv.compile(schema('gradescope-results.schema.json'));

const run = (files: string[]) => runTestsOnEmulator({ files: files.map((f) => join(dir, f)), sources: diskHost, clock: () => 0, deviceSeed: INSECURE_FIXED_DEVICE_SEED });
const lab = run(['lab.pen']);
const hidden = run(['hidden.pen']);
const broken = run(['broken-hidden.pen']);
const graderNames = run(['grader-names.pen']);
const relative = (text: string) => text.split(`${dir}/`).join('');

describe('penglaic test reports', () => {
  it('json: valid against the schema, with status, points, failure and stops of each test', () => {
    for (const report of [lab, hidden, broken]) expect(validReport(report), ajv.errorsText(validReport.errors)).toBe(true);
    expect(lab.outcome).toBe('failed');
    expect(lab.exitCode).toBe(1);
    expect(lab.score).toEqual({ earned: 4, possible: 8 });
    expect(lab.parts).toEqual([{ name: 'Attack', earned: 3, possible: 5, passed: 1, total: 2 }]);
    expect(lab.tests.map((t) => [t.name, t.status, t.points.earned, t.points.possible, t.failure?.message ?? null])).toEqual([
      ['snoop faults in host memory', 'passed', 3, 3, null],
      ['cheat does not pass', 'failed', 0, 2, 'expect_fault failed: Cheat returned -19, expected a load page fault'],
      ['spin is stopped', 'passed', 1, 1, null],
      ['secret leaks', 'failed', 0, 1, 'expect_no_output failed: the output contains "4242"'],
      ['two is three', 'failed', 0, 1, 'assert_eq failed: left 2, right 3'],
    ]);
    const [snoop] = lab.tests[0].stops;
    expect({ ...snoop, location: { ...snoop.location, file: relative(snoop.location!.file) } }).toEqual({
      enclave: 'Snoop',
      kind: 'fault',
      faultKind: 'load_page_fault',
      cause: 'load page fault',
      causeCode: 13,
      pc: snoop.pc,
      address: '0x10000',
      location: { file: 'lab.pen', line: 4, column: 5 },
      detail: 'the address is not mapped in this enclave',
      budgetExhausted: false,
    });
    // As `penglaic run` prints it: the fault's source position comes from the image's line table.
    expect(relative(lab.tests[0].output)).toBe(
      `snoop: reading\nenclave Snoop faulted: load page fault at pc ${snoop.pc} (lab.pen:4:5), address 0x10000\n  the address is not mapped in this enclave; the monitor destroyed it\n`,
    );
    expect(lab.tests[2].stops.map((s) => [s.enclave, s.kind, s.faultKind, s.budgetExhausted, s.steps])).toEqual([['Spin', 'step-limit', 'step_limit', true, 100000]]);
    expect(lab.tests[4].failure!.location).toEqual({ file: join(dir, 'lab.pen'), line: 34, column: 23 });
    expect(lab.tests.every((t) => t.instructions > 0)).toBe(true);
  });

  it("a grading file's enclaves and servers share names with the student's without a clash", () => {
    expect([graderNames.outcome, graderNames.score, graderNames.diagnostics]).toEqual(['passed', { earned: 2, possible: 2 }, []]);
  });

  it('a test that prints more than the output limit ends as an error, since its expectations cannot be judged', () => {
    const capped = runTestsOnEmulator({ files: [join(dir, 'lab.pen')], sources: diskHost, clock: () => 0, filter: 'secret', maxOutputBytes: 8, deviceSeed: INSECURE_FIXED_DEVICE_SEED });
    expect(capped.tests.map((t) => [t.status, t.output, t.failure?.message])).toEqual([['error', '', 'the test printed 19 bytes, more than the 8 kept']]);
  });

  it('runs only the tests of the files named, never those of the files they import', () => {
    expect(hidden.tests.map((t) => t.name)).toEqual(['hidden: snoop reads the host']);
  });

  it('a hidden test file is <hidden test> in every student-facing field, with no line and no source', () => {
    const [t] = hidden.tests;
    expect(t.file).toBe('<hidden test>');
    expect(t.failure).toEqual({
      message: 'expect_fault failed: Snoop faulted with a load page fault at address 0x10000, expected a store page fault',
      location: { file: '<hidden test>' },
    });
    const everything = JSON.stringify(hidden) + renderReport(hidden, 'gradescope') + renderReport(hidden, 'junit') + renderReport(hidden, 'tap') + renderReport(hidden, 'text');
    expect(everything).not.toContain('hidden.pen');
    expect(everything).not.toContain('store_page_fault');
  });

  it('not built: every test not-run with 0 points, the diagnostics as feedback without the hidden source', () => {
    expect(broken.outcome).toBe('not-built');
    expect(broken.exitCode).toBe(2);
    expect(broken.tests.map((t) => [t.name, t.status, t.points])).toEqual([['hidden: does not build', 'not-run', { earned: 0, possible: 1 }]]);
    expect(broken.diagnostics).toEqual([{ code: 'E0104', severity: 'error', message: 'cannot find a server or enclave named `Nobody`', location: { file: '<hidden test>' } }]);
    expect(broken.buildOutput).not.toContain('create Nobody');
    expect(broken.buildOutput).toBe('error[E0104]: cannot find a server or enclave named `Nobody`\n --> <hidden test>\n');
  });

  it('gradescope: results.json after the autograder specification', () => {
    const results = JSON.parse(renderReport(lab, 'gradescope'));
    expect(validGradescope(results), ajv.errorsText(validGradescope.errors)).toBe(true);
    expect(results.score).toBe(4);
    expect(results.tests.map((t: { name: string; score: number; max_score: number; status: string; visibility: string }) => [t.name, t.score, t.max_score, t.status, t.visibility])).toEqual([
      ['Attack: snoop faults in host memory', 3, 3, 'passed', 'visible'],
      ['Attack: cheat does not pass', 0, 2, 'failed', 'visible'],
      ['spin is stopped', 1, 1, 'passed', 'visible'],
      ['secret leaks', 0, 1, 'failed', 'visible'],
      ['two is three', 0, 1, 'failed', 'visible'],
    ]);
    const notBuilt = JSON.parse(renderReport(broken, 'gradescope'));
    expect(validGradescope(notBuilt)).toBe(true);
    expect(notBuilt.score).toBe(0);
    expect(notBuilt.output).toContain('The program did not build, so no test ran.');
  });

  it('junit: well-formed XML with a testcase per test and its failure', () => {
    const xml = renderReport(lab, 'junit');
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const suites = parsed.testsuites;
    expect([suites.tests, suites.failures, suites.errors]).toEqual(['5', '3', '0']);
    const cases = suites.testsuite.testcase;
    expect(cases.map((c: { name: string; failure?: { message: string } }) => [c.name, c.failure?.message ?? null])).toEqual([
      ['snoop faults in host memory', null],
      ['cheat does not pass', 'expect_fault failed: Cheat returned -19, expected a load page fault'],
      ['spin is stopped', null],
      ['secret leaks', 'expect_no_output failed: the output contains "4242"'],
      ['two is three', 'assert_eq failed: left 2, right 3'],
    ]);
    const notBuilt = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(renderReport(broken, 'junit'));
    expect(notBuilt.testsuites.testsuite.testcase.error.type).toBe('not-built');
  });

  it('tap: TAP version 13 with a plan, a line per test and YAML diagnostics', () => {
    const tap = relative(renderReport(lab, 'tap')).split('\n');
    expect(tap.slice(0, 3)).toEqual(['TAP version 13', '1..5', 'ok 1 - snoop faults in host memory']);
    expect(tap.filter((l) => /^(not )?ok \d/.test(l))).toEqual([
      'ok 1 - snoop faults in host memory',
      'not ok 2 - cheat does not pass',
      'ok 3 - spin is stopped',
      'not ok 4 - secret leaks',
      'not ok 5 - two is three',
    ]);
    const i = tap.indexOf('not ok 5 - two is three');
    expect(tap.slice(i, i + 13)).toEqual([
      'not ok 5 - two is three',
      '  ---',
      '  message: "assert_eq failed: left 2, right 3"',
      '  severity: fail',
      '  at:',
      '    file: lab.pen',
      '    line: 34',
      '    column: 23',
      '  points:',
      '    earned: 0',
      '    possible: 1',
      '  output: |',
      '    error: assert_eq failed at lab.pen:34:23: left 2, right 3',
    ]);
    expect(tap.at(-2)).toBe('# score 4/8');
  });

  it('text: a line per test, what failed and why, then the score per part', () => {
    expect(relative(renderReport(lab, 'text'))).toBe(
      [
        'test "snoop faults in host memory" ... ok',
        'test "cheat does not pass" ... FAILED',
        '    error: expect_fault failed at lab.pen:24:3: Cheat returned -19, expected a load page fault',
        'test "spin is stopped" ... ok',
        'test "secret leaks" ... FAILED',
        '    the secret is 4242',
        '    expect_no_output failed: the output contains "4242" (at lab.pen:32:3)',
        'test "two is three" ... FAILED',
        '    error: assert_eq failed at lab.pen:34:23: left 2, right 3',
        '',
        '2 passed, 3 failed',
        'score: 4/8 points',
        '  Attack: 3/5 points (1 of 2 passed)',
        '',
      ].join('\n'),
    );
  });
});
