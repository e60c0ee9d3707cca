// TAP version 13 (testanything.org/tap-version-13-specification.html): the plan, one
// `ok`/`not ok` line per test, and for each test that did not pass a YAML diagnostic block
// indented two spaces between `---` and `...`.
import { stringify } from 'yaml';
import type { TestReport } from '../report.js';

/** A description may not hold `#` (it would start a directive) or a line break. */
const description = (name: string) => name.replace(/\\/g, '\\\\').replace(/#/g, '\\#').replace(/[\r\n]+/g, ' ');

export function tapReport(report: TestReport): string {
  const lines = ['TAP version 13', `1..${report.tests.length}`];
  report.tests.forEach((test, i) => {
    const ok = test.status === 'passed';
    lines.push(`${ok ? 'ok' : 'not ok'} ${i + 1} - ${description(test.name)}`);
    if (ok) return;
    const block: Record<string, unknown> = {
      message: test.failure?.message ?? test.status,
      severity: test.status === 'failed' ? 'fail' : test.status === 'error' ? 'error' : 'not-run',
    };
    if (test.failure?.location) block.at = test.failure.location;
    block.points = { earned: test.points.earned, possible: test.points.possible };
    if (test.output.length > 0) block.output = test.output;
    lines.push('  ---');
    for (const line of stringify(block, { lineWidth: 0 }).trimEnd().split('\n')) lines.push(`  ${line}`);
    lines.push('  ...');
  });
  if (report.outcome === 'not-built') for (const line of report.buildOutput.trimEnd().split('\n')) lines.push(`# ${line}`.trimEnd());
  lines.push(`# score ${report.score.earned}/${report.score.possible}`);
  return lines.join('\n') + '\n';
}
