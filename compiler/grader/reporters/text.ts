// The default report, for a person at a terminal: one line per test, what a failing test
// printed and why it failed, then the totals.
import type { TestReport, TestResult } from '../report.js';
import { failureText, locationText, pointsText } from './failure-text.js';

const VERDICT: Record<TestResult['status'], string> = { passed: 'ok', failed: 'FAILED', error: 'ERROR', 'not-run': 'NOT RUN' };

export function textReport(report: TestReport): string {
  const lines: string[] = [];
  if (report.outcome === 'not-built') {
    lines.push(report.buildOutput.trimEnd(), '');
    lines.push(`error: the program did not build, so ${report.tests.length} test${report.tests.length === 1 ? '' : 's'} did not run`);
  } else if (report.tests.length === 0) {
    return 'no tests: add `test "name" { ... }` blocks to the program\n';
  } else {
    for (const test of report.tests) {
      lines.push(`test "${test.name}" ... ${VERDICT[test.status]}`);
      if (test.status === 'passed') continue;
      // The runtime already printed `error: ... at FILE:LINE:COL` for a failed assertion.
      const location = test.failure?.location && locationText(test.failure.location);
      const printed = location !== undefined && test.output.includes(` at ${location}`);
      const body = [test.output.trimEnd(), printed ? '' : failureText(test)].filter((p) => p.length > 0).join('\n');
      for (const line of body.split('\n')) lines.push(`    ${line}`);
    }
  }
  const s = report.summary;
  lines.push('');
  lines.push(`${s.passed} passed, ${s.failed} failed${s.errors ? `, ${s.errors} error${s.errors === 1 ? '' : 's'}` : ''}${s.notRun ? `, ${s.notRun} not run` : ''}`);
  lines.push(`score: ${pointsText(report.score.earned, report.score.possible)}`);
  for (const part of report.parts) lines.push(`  ${part.name}: ${pointsText(part.earned, part.possible)} (${part.passed} of ${part.total} passed)`);
  return lines.join('\n') + '\n';
}
