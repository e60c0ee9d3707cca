// JUnit XML as GitHub Classroom, GitHub Actions reporters and CI servers read it (the Ant
// JUnit report shape): one <testsuite> per test file, one <testcase> per test with a
// <failure> (a check did not hold), <error> (the test could not finish) or <skipped> (not
// built), and the test's output in <system-out>. Written with xmlbuilder2, never by hand.
import { create } from 'xmlbuilder2';
import type { TestReport, TestResult } from '../report.js';
import { failureText } from './failure-text.js';

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** XML 1.0 cannot carry most control characters, even escaped: they become U+FFFD. */
const xmlText = (text: string) => text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd');

export function junitReport(report: TestReport): string {
  const s = report.summary;
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites', {
    name: 'penglaic test',
    tests: s.total,
    failures: s.failed,
    errors: s.errors + s.notRun,
    skipped: 0,
    time: seconds(report.tests.reduce((t, r) => t + r.durationMs, 0)),
  });
  const byFile = new Map<string, TestResult[]>();
  for (const test of report.tests) byFile.set(test.file, [...(byFile.get(test.file) ?? []), test]);
  for (const [file, tests] of byFile) {
    const suite = root.ele('testsuite', {
      name: file,
      tests: tests.length,
      failures: tests.filter((t) => t.status === 'failed').length,
      errors: tests.filter((t) => t.status === 'error' || t.status === 'not-run').length,
      skipped: 0,
      time: seconds(tests.reduce((t, r) => t + r.durationMs, 0)),
    });
    for (const test of tests) {
      const testcase = suite.ele('testcase', { name: xmlText(test.name), classname: xmlText(test.part ?? file), time: seconds(test.durationMs) });
      const properties = testcase.ele('properties');
      properties.ele('property', { name: 'points', value: test.points.earned });
      properties.ele('property', { name: 'max_points', value: test.points.possible });
      properties.ele('property', { name: 'visibility', value: test.visibility });
      if (test.status === 'failed') testcase.ele('failure', { message: xmlText(test.failure?.message ?? 'failed'), type: 'failure' }).txt(xmlText(failureText(test)));
      else if (test.status === 'error') testcase.ele('error', { message: xmlText(test.failure?.message ?? 'error'), type: 'error' }).txt(xmlText(failureText(test)));
      else if (test.status === 'not-run') testcase.ele('error', { message: 'the program did not build', type: 'not-built' }).txt(xmlText(report.buildOutput));
      if (test.output.length > 0) testcase.ele('system-out').txt(xmlText(test.output));
    }
  }
  return root.end({ prettyPrint: true }) + '\n';
}
