// Test blocks for grading (grammar/README.md, "Tests and grading"): options parse and are
// checked; test names are unique across files; a grading file's declarations live in a
// namespace of their own, so they never clash with the student's and the student's code
// cannot reach them.
import { describe, expect, it } from 'vitest';
import { checkProgram } from '../../compiler/check/index.js';
import { buildChecked } from '../../compiler/build.js';
import { describe1, diagnosticsOf, memoryHost } from './check-harness.js';

const tests = (source: string) => checkProgram('main.pen', memoryHost({ 'main.pen': source })).tests.map(({ name, points, part, visibility, timeoutMs, maxSteps }) => ({ name, points, part, visibility, timeoutMs, maxSteps }));

describe('test options', () => {
  it('a test without options keeps today\'s meaning: 1 point, visible, no part, default limits', () => {
    expect(tests('host { } test "plain" { }')).toEqual([{ name: 'plain', points: 1, part: undefined, visibility: 'visible', timeoutMs: undefined, maxSteps: undefined }]);
  });

  it('reads points, part, visibility, timeout_ms and max_steps, with a trailing comma', () => {
    expect(tests('host { } test "t" (points: 5, part: "attack", visibility: after_due_date, timeout_ms: 2000, max_steps: 100000,) { }')).toEqual([
      { name: 't', points: 5, part: 'attack', visibility: 'after_due_date', timeoutMs: 2000, maxSteps: 100000 },
    ]);
    expect(tests('host { } test "zero" (points: 0, visibility: hidden) { }')[0]).toMatchObject({ points: 0, visibility: 'hidden' });
  });

  it('refuses unknown options, repeated options and values an option does not take', () => {
    expect(diagnosticsOf('host { } test "t" (points: 2, points: 3, max_steps: 0, part: "", timeout_ms: "x", weight: 1) { }')).toEqual([
      'E0602 1:31-1:40 the option `points` is given twice',
      'E0602 1:53-1:54 `max_steps` takes a positive number of instructions',
      'E0602 1:62-1:64 `part` takes a non-empty string naming the part',
      'E0602 1:78-1:81 `timeout_ms` takes a positive number of milliseconds',
      'E0601 1:83-1:89 a test has no option `weight`',
    ]);
  });

  it('a malformed option list is a parse error at the bad token', () => {
    expect(diagnosticsOf('host { } test "t" (points 5) { }').map((d) => d.slice(0, 5))).toEqual(['E0001']);
  });
});

describe('test names and test-only builtins', () => {
  it('two tests with one name are an error even in different files', () => {
    const checked = checkProgram('main.pen', memoryHost({ 'main.pen': 'import "more.pen";\nhost { }\ntest "same" { }\n', 'more.pen': 'test "same" { }\n' }));
    expect(checked.diagnostics.map(describe1)).toEqual(['E0603 1:6-1:12 two tests are named "same"']);
    expect(checked.diagnostics[0].span.file).toBe('more.pen');
  });

  it('expect_fault takes run of a handle or a handle, a fault kind, and an address or host_memory', () => {
    const enclave = 'enclave E { fn main() -> i64 { return 0; } } host { } ';
    expect(diagnosticsOf(`${enclave}test "t" { let e = create E; expect_fault(run e, load_page_fault); expect_fault(e, any_fault, host_memory); expect_fault(e, step_limit, 0x10000); }`)).toEqual([]);
    expect(diagnosticsOf(`${enclave}test "t" { let e = create E; expect_fault(run e, load_page_flt); expect_fault(e); expect_fault(run create E, breakpoint); }`)).toEqual([
      'E0604 1:104-1:117 `load_page_flt` is not a fault kind',
      'E0302 1:120-1:135 `expect_fault` takes 2 or 3 arguments but 1 was given',
      'E0604 1:150-1:162 `expect_fault` needs `run h` or a handle `h`, found an `enclave<E>`',
    ]);
  });

  it('an expected text that could overflow the print buffer is refused', () => {
    expect(diagnosticsOf(`host { } test "t" { expect_output("${'x'.repeat(4090)}", 1); }`)).toEqual(['E0604 1:21-1:4131 the text of `expect_output` can be at most 4096 bytes']);
  });

  it('the expectations are allowed only in test blocks', () => {
    expect(diagnosticsOf('enclave E { fn main() -> i64 { expect_output("x"); return 0; } } host { expect_no_output(1); }')).toEqual([
      'E0407 1:32-1:45 `expect_output` is only allowed in `test` blocks',
      'E0407 1:73-1:89 `expect_no_output` is only allowed in `test` blocks',
    ]);
  });
});

describe('grading files', () => {
  const student = 'enclave Probe { fn main() -> i64 { return 1; } }\nserver Keeper "keeper" { fn get() -> u64 { return 7; } }\nconst LIMIT: u64 = 3;\nhost { }\n';
  const grader = 'import "main.pen";\nenclave Probe { fn main() -> i64 { return 2; } }\nserver Spy "keeper" { fn peek() -> u64 { return 9; } }\nconst LIMIT: u64 = 4;\ntest "grader sees its own names" { let p = create Probe; assert_eq(run p, 2); assert_eq(LIMIT, 4); }\n';
  const host = memoryHost({ 'main.pen': student, 'hidden.pen': grader });

  it('declare names the student uses without a clash, and see their own first', () => {
    const checked = checkProgram('hidden.pen', host, { testFiles: ['hidden.pen'] });
    expect(checked.diagnostics.map(describe1)).toEqual([]);
    const sections = checked.sections.filter((s) => s.kind !== 'host').map((s) => [s.name, s.registeredName ?? null, s.grader ?? false]);
    expect(sections).toEqual([
      ['Probe', null, true],
      ['Spy', '~keeper', true],
      ['Probe', null, false],
      ['Keeper', 'keeper', false],
    ]);
    const built = buildChecked(checked, [...checked.diagnostics], 'hidden.pen');
    expect(built.images.map((i) => i.source.fileName).sort()).toEqual(['Keeper.elf', 'Probe.elf', 'grader-Probe.elf', 'grader-Spy.elf', 'host.elf']);
  });

  it('without being named as test files the same files clash as before', () => {
    const checked = checkProgram('hidden.pen', host);
    expect(checked.diagnostics.map(describe1)).toEqual([
      'E0106 1:9-1:14 the name `Probe` is already used',
      'E0404 2:15-2:23 the name "keeper" is already registered by another server',
      'E0112 3:7-3:12 `LIMIT` is already declared in this program',
    ]);
    expect(checked.diagnostics.map((d) => d.span.file)).toEqual(['main.pen', 'main.pen', 'main.pen']);
  });

  it("may name a test as the student's own test is named (only the grader's runs)", () => {
    const files = memoryHost({ 'main.pen': 'host { }\ntest "same" { }\n', 'hidden.pen': 'import "main.pen";\ntest "same" { }\n' });
    expect(checkProgram('hidden.pen', files, { testFiles: ['hidden.pen'] }).diagnostics.map(describe1)).toEqual([]);
    expect(checkProgram('hidden.pen', files).diagnostics.map(describe1)).toEqual(['E0603 2:6-2:12 two tests are named "same"']);
  });

  it("are out of the student's reach, and the student cannot take a grader's registered name", () => {
    const reaching = memoryHost({ 'main.pen': 'host { }\nenclave E { fn main() -> i64 { let s = acquire Spy; return s.peek() as i64; } }\n', 'hidden.pen': 'import "main.pen";\nserver Spy "spy" { fn peek() -> u64 { return 9; } }\n' });
    expect(checkProgram('hidden.pen', reaching, { testFiles: ['hidden.pen'] }).diagnostics.map(describe1)).toEqual(['E0104 2:48-2:51 cannot find a server or enclave named `Spy`']);
    expect(diagnosticsOf('server S "~spy" { } host { }')).toEqual(['E0403 1:10-1:16 registered names starting with `~` belong to grading files']);
  });
});
