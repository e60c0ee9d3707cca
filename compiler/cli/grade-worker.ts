// A worker thread of `penglaic grade`: grades the submissions the pool hands it, one at a
// time, with the tests run on the emulator (this file is in cli/, the one layer that may join
// the grader and the machine).
import type { Assignment } from '../grader/assignment.js';
import { gradeSubmission, type GradeJob, type SuiteRunner } from '../grader/grade-submission.js';
import type { SubmissionGrade } from '../grader/submission-grade.js';
import type { PlannedTest } from '../grader/suite-tests.js';
import { serveJobs, type WorkerStart } from '../grader/worker-pool.js';
import { deviceSeed } from './device-secret.js';
import { runTestsOnEmulator } from './test-platform.js';

export interface GradeContext {
  assignment: Assignment;
  plan: PlannedTest[];
  /** A folder of the main thread's, for the submissions' private copies. */
  scratch: string;
}

// Durations are the one thing in a report that depends on the machine's load: a fixed clock
// keeps every grade the same whatever else runs.
const runSuite: SuiteRunner = ({ files, hidden, sources, maxSteps }) =>
  runTestsOnEmulator({ files, sources, maxSteps, hiddenFiles: hidden, clock: () => 0, deviceSeed: deviceSeed({}) });

export function serveGrading(start: WorkerStart<GradeContext>): void {
  serveJobs<GradeContext, GradeJob, SubmissionGrade>(start, (job, { assignment, plan, scratch }) => gradeSubmission(assignment, plan, job, runSuite, scratch));
}
