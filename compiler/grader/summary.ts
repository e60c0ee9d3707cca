// A report's totals: the score, the count of each status, the points of each part, and the
// outcome and exit status that follow from them.
import { exitCodeOf, type PartTotal, type TestReport, type TestResult } from './report.js';

export function summarise(input: Pick<TestReport, 'version' | 'files' | 'tests' | 'diagnostics' | 'buildOutput'> & { built: boolean }): TestReport {
  const { tests } = input;
  const count = (status: TestResult['status']) => tests.filter((t) => t.status === status).length;
  const parts = new Map<string, PartTotal>();
  for (const test of tests) {
    if (test.part === null) continue;
    const part = parts.get(test.part) ?? { name: test.part, earned: 0, possible: 0, passed: 0, total: 0 };
    part.earned += test.points.earned;
    part.possible += test.points.possible;
    part.total += 1;
    if (test.status === 'passed') part.passed += 1;
    parts.set(test.part, part);
  }
  const outcome: TestReport['outcome'] = !input.built ? 'not-built' : tests.every((t) => t.status === 'passed') ? 'passed' : 'failed';
  return {
    version: input.version,
    files: input.files,
    outcome,
    exitCode: exitCodeOf({ outcome }),
    score: { earned: sum(tests.map((t) => t.points.earned)), possible: sum(tests.map((t) => t.points.possible)) },
    summary: { total: tests.length, passed: count('passed'), failed: count('failed'), errors: count('error'), notRun: count('not-run') },
    parts: [...parts.values()],
    tests,
    diagnostics: input.diagnostics,
    buildOutput: input.buildOutput,
  };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
