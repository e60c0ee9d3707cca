// Grading one submission: copy it into a private folder, build and run each test suite
// against it, and turn the test reports into one grade. A submission that does not build,
// loops, crashes or prints without end still gets a grade: each of those is a test result
// with feedback, never a stop. Runs inside a worker thread; everything it returns is data.
import { rmSync } from 'node:fs';
import type { SourceHost } from '../check/index.js';
import type { Assignment } from './assignment.js';
import type { TestReport, TestResult } from './report.js';
import { confinedSources, copySubmission } from './submission.js';
import { sumParts, type GradedTest, type SubmissionGrade } from './submission-grade.js';
import type { PlannedTest } from './suite-tests.js';

/** Builds `files` (paths relative to the copy) with their imports and runs their tests. */
export type SuiteRunner = (request: { files: string[]; hidden: string[]; sources: SourceHost; maxSteps: number }) => TestReport;

export interface GradeJob {
  student: string;
  /** The student's folder, absolute. */
  dir: string;
}

/** Output past the cap is cut, and the feedback says how much there was. */
export function capOutput(output: string, maxBytes: number): string {
  const bytes = Buffer.byteLength(output);
  if (bytes <= maxBytes) return output;
  let cut = Buffer.from(output).subarray(0, maxBytes).toString('utf8');
  // A multi-byte character split at the cap decodes as U+FFFD: drop it.
  cut = cut.replace(/\uFFFD$/, '');
  return `${cut}\n[output cut: the program printed ${bytes} bytes; only the first ${maxBytes} are kept]\n`;
}

/** What a student reads under one test: why it failed, how enclaves stopped, what was printed. */
function feedback(result: TestResult, maxOutputBytes: number): string {
  const lines: string[] = [];
  if (result.failure) {
    const at = result.failure.location?.line !== undefined ? ` (${result.failure.location.file}:${result.failure.location.line})` : '';
    lines.push(`${result.failure.message}${at}`);
  }
  for (const stop of result.stops) {
    if (stop.kind === 'step-limit') lines.push(`${stop.enclave} ran out of its instruction budget${stop.steps ? ` (${stop.steps} instructions)` : ''}: an endless loop, or far too much work`);
  }
  if (result.output !== '') lines.push('output:', capOutput(result.output, maxOutputBytes).trimEnd());
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}

function zeroFor(planned: PlannedTest, why: string): GradedTest {
  return { name: planned.name, suite: planned.suite, part: planned.part, maxScore: planned.points, score: 0, status: 'failed', visibility: planned.visibility, output: why };
}

/** A grade of zero on every planned test, for a submission the grader could not finish. */
export function failedGrade(assignment: Assignment, plan: readonly PlannedTest[], job: GradeJob, why: string): SubmissionGrade {
  const tests = plan.map((p) => zeroFor(p, `${why}\n`));
  const parts = sumParts({ tests }, assignment.parts);
  return { student: job.student, assignment: assignment.name, score: 0, maxScore: parts.reduce((s, p) => s + p.maxScore, 0), parts, tests, notes: [], buildFailures: [], graderError: why };
}

/** `scratch` holds the private copy while it is graded (the caller removes the folder at the end,
 *  so a copy left by a worker that was stopped goes too). */
export function gradeSubmission(assignment: Assignment, plan: readonly PlannedTest[], job: GradeJob, runSuite: SuiteRunner, scratch: string): SubmissionGrade {
  const copy = copySubmission(assignment, job.dir, scratch);
  try {
    const tests: GradedTest[] = [];
    const buildFailures: SubmissionGrade['buildFailures'] = [];
    const run = (suites: Assignment['suites']) =>
      runSuite({
        files: suites.map((s) => s.file),
        hidden: suites.filter((s) => s.hidden).map((s) => s.file),
        sources: confinedSources(copy.dir),
        maxSteps: assignment.limits.maxSteps,
      });
    // All suites in one build first: most submissions build, and then one build serves every
    // suite. When it does not, each suite is built on its own, so a submission that breaks
    // only the hidden suite (a changed interface) keeps the public suite's points.
    const together = assignment.suites.length > 1 ? run(assignment.suites) : undefined;
    for (const suite of assignment.suites) {
      const report = together && together.outcome !== 'not-built' ? together : run([suite]);
      if (report.outcome === 'not-built') buildFailures.push({ suite: suite.file, message: report.buildOutput });
      const byName = new Map(report.tests.map((t) => [t.name, t]));
      for (const planned of plan.filter((p) => p.suite === suite.file)) {
        const result = byName.get(planned.name);
        if (!result) {
          tests.push(zeroFor(planned, 'this test did not run\n'));
          continue;
        }
        const passed = result.status === 'passed';
        tests.push({
          name: planned.name,
          suite: suite.file,
          part: planned.part,
          maxScore: planned.points,
          score: passed ? planned.points : 0,
          status: passed ? 'passed' : 'failed',
          visibility: planned.visibility,
          // A passing test needs no explanation; its output would only bury the failures'.
          output: passed ? '' : feedback(result, assignment.limits.maxOutputBytes),
        });
      }
    }
    const parts = sumParts({ tests }, assignment.parts);
    return {
      student: job.student,
      assignment: assignment.name,
      score: Math.round(parts.reduce((s, p) => s + p.score, 0) * 1000) / 1000,
      maxScore: Math.round(parts.reduce((s, p) => s + p.maxScore, 0) * 1000) / 1000,
      parts,
      tests,
      notes: copy.notes,
      buildFailures,
    };
  } finally {
    rmSync(copy.dir, { recursive: true, force: true });
  }
}
