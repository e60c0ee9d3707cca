// `penglaic grade ASSIGNMENT SUBMISSIONS --out DIR`: grades a whole class, one submission
// per worker thread, into DIR/<student>/results.json (Gradescope), DIR/<student>/report.txt
// and DIR/grades.csv. A broken submission is a grade, never a stop; only a broken assignment
// (exit 2) or unusable arguments stop the command.
import { Command } from 'commander';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join, resolve, sep } from 'node:path';
import { formatManifestError, loadAssignment, type Assignment } from '../grader/assignment.js';
import { failedGrade, type GradeJob } from '../grader/grade-submission.js';
import { progressBar } from '../grader/progress.js';
import { formatPoints, gradescopeResults, gradesCsv, textReport, type SubmissionGrade } from '../grader/submission-grade.js';
import { planTests, type PlannedTest } from '../grader/suite-tests.js';
import { runPool } from '../grader/worker-pool.js';
import { displayPath, err, out, parseCount, UsageError } from './common.js';
import { entryScript, GRADE_WORKER_ROLE } from './entry-script.js';
import type { GradeContext } from './grade-worker.js';

const CLASS_FILE = 'grades.csv';

interface GradeOptions {
  out: string;
  jobs?: string;
  single?: boolean;
  test?: string[];
}

/** Loads and checks an assignment; a broken one is reported as one error and exit 2. */
export function openAssignment(path: string): { assignment: Assignment; plan: PlannedTest[] } | number {
  const assignment = loadAssignment(path, displayPath(resolve(path)));
  if ('code' in assignment) {
    err(`penglaic: ${formatManifestError(assignment)}\n`);
    return 2;
  }
  const plan = planTests(assignment, displayPath(resolve(path)));
  if ('code' in plan) {
    err(`penglaic: ${formatManifestError(plan)}\n`);
    return 2;
  }
  return { assignment, plan };
}

/** The students: one folder each, in name order; anything else in SUBMISSIONS is said and skipped. */
function listSubmissions(submissions: string, outDir: string): GradeJob[] {
  const root = realpathSync(submissions);
  const jobs: GradeJob[] = [];
  for (const name of readdirSync(root).sort()) {
    const dir = join(root, name);
    if (name.startsWith('.')) continue;
    if (name === CLASS_FILE) {
      err(`penglaic: skipped ${displayPath(dir)}: ${CLASS_FILE} is the name of the class's grade file\n`);
      continue;
    }
    const stat = lstatSync(dir);
    if (!stat.isDirectory()) {
      err(`penglaic: skipped ${displayPath(dir)}: ${stat.isSymbolicLink() ? 'a symbolic link' : 'not a folder'} (each student's submission is a folder)\n`);
      continue;
    }
    if (outDir === dir || outDir.startsWith(dir + sep)) {
      err(`penglaic: skipped ${displayPath(dir)}: it holds the --out folder\n`);
      continue;
    }
    jobs.push({ student: name, dir });
  }
  return jobs;
}

function writeGrade(dir: string, grade: SubmissionGrade): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'results.json'), JSON.stringify(gradescopeResults(grade), null, 2) + '\n');
  writeFileSync(join(dir, 'report.txt'), textReport(grade));
}

function grade(assignmentPath: string, submissionsPath: string, options: GradeOptions): number {
  const jobsWanted = options.jobs === undefined ? availableParallelism() : parseCount(options.jobs, '--jobs');
  const opened = openAssignment(assignmentPath);
  if (typeof opened === 'number') return opened;
  const { assignment } = opened;
  let plan = opened.plan;
  if (options.test) {
    const unknown = options.test.find((name) => !plan.some((t) => t.name === name));
    if (unknown !== undefined) throw new UsageError(`the assignment has no test named "${unknown}"`);
    plan = plan.filter((t) => options.test!.includes(t.name));
  }
  const submissions = resolve(submissionsPath);
  if (!existsSync(submissions) || !lstatSync(submissions).isDirectory()) throw new UsageError(`${submissionsPath} is not a folder`);
  const outDir = resolve(options.out);
  const jobs = options.single ? [{ student: basename(realpathSync(submissions)), dir: realpathSync(submissions) }] : listSubmissions(submissions, outDir);
  if (jobs.length === 0) throw new UsageError(`${submissionsPath} holds no submission folders`);

  const progress = progressBar(jobs.length, process.stderr);
  const scratch = mkdtempSync(join(tmpdir(), 'penglaic-grade-'));
  const context: GradeContext = { assignment, plan, scratch };
  let grades: SubmissionGrade[];
  try {
    grades = runPool<GradeContext, GradeJob, SubmissionGrade>({
      script: entryScript(),
      role: GRADE_WORKER_ROLE,
      context,
      inputs: jobs,
      jobs: jobsWanted,
      timeoutMs: assignment.limits.timeoutSeconds * 1000,
      failed: (job, why) => failedGrade(assignment, plan, job, why),
      onResult: () => progress.advance(),
      onTick: () => progress.tick(),
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  progress.end();

  mkdirSync(outDir, { recursive: true });
  if (options.single) {
    const [only] = grades;
    writeGrade(outDir, only);
    out(`${only.student}: ${formatPoints(only.score)} / ${formatPoints(only.maxScore)}; ${displayPath(join(outDir, 'results.json'))}\n`);
    return only.score === only.maxScore ? 0 : 1;
  }
  for (const g of grades) writeGrade(join(outDir, g.student), g);
  writeFileSync(join(outDir, CLASS_FILE), gradesCsv(grades, assignment.parts));
  const max = grades[0].maxScore;
  const mean = grades.reduce((s, g) => s + g.score, 0) / grades.length;
  const full = grades.filter((g) => g.score === g.maxScore).length;
  out(`graded ${grades.length} submission${grades.length === 1 ? '' : 's'} of ${assignment.name}: mean ${mean.toFixed(2)} / ${formatPoints(max)}, ${full} with full marks; ${displayPath(join(outDir, CLASS_FILE))}\n`);
  return 0;
}

export function gradeCommand(setStatus: (status: number) => void): Command {
  return new Command('grade')
    .description('grade every submission (one folder per student) of an assignment; writes DIR/<student>/results.json and report.txt, and DIR/grades.csv')
    .argument('<assignment>', 'the assignment folder (it holds assignment.json)')
    .argument('<submissions>', 'a folder with one folder per student (with --single: one submission folder)')
    .requiredOption('--out <dir>', 'where the results go')
    .option('--jobs <n>', 'worker threads grading at once (default: one per core); the results do not depend on it')
    .option('--single', 'SUBMISSIONS is one submission: write DIR/results.json and DIR/report.txt, exit 1 below full marks')
    .option('--test <name>', 'grade only the test with this exact name (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
    .action((assignment, submissions, options) => setStatus(grade(assignment, submissions, options)));
}
