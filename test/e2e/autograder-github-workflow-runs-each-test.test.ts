// `penglaic autograder ASSIGNMENT --github` writes a GitHub Classroom workflow: one
// autograding-command-grader step per visible test, with its points, then the grading
// reporter. The YAML is parsed here, and each step's command is run in a repository laid out
// as a student's is (the handout, with the student's main.pen).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { penglaic, scratchDir } from './cli.js';
import { COURSE, FIXTURES, teacherAssignment } from './course.js';

const LAB = '02-server-call';
const root = scratchDir();
const assignment = teacherAssignment(LAB, root);

/** A student's repository: the handout with their main.pen, plus the generated workflow. */
function repository(mainPen: string): { dir: string; stdout: string; stderr: string } {
  const dir = join(scratchDir(), 'repo');
  cpSync(join(COURSE, LAB), dir, { recursive: true });
  cpSync(mainPen, join(dir, 'main.pen'));
  const made = penglaic(['autograder', assignment, '--github', '--out', dir], root);
  expect(made.status).toBe(0);
  return { dir, stdout: made.stdout, stderr: made.stderr };
}

interface Step {
  name: string;
  id?: string;
  uses: string;
  with?: Record<string, string | number>;
  env?: Record<string, string>;
}

function stepsOf(dir: string): Step[] {
  const workflow = parse(readFileSync(join(dir, '.github/workflows/classroom.yml'), 'utf8'));
  expect(workflow.on).toEqual(['push', 'repository_dispatch']);
  expect(workflow.permissions).toEqual({ checks: 'write', actions: 'read', contents: 'read' });
  return workflow.jobs['run-autograding-tests'].steps;
}

/** Runs a step's command the way the command grader does: through a shell, in the repository. */
function runStep(dir: string, step: Step) {
  return spawnSync('sh', ['-c', String(step.with!.command)], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME } });
}

describe('the GitHub Classroom workflow', () => {
  it('has one step per visible test with its points, and a reporter over all of them', () => {
    const { dir, stdout, stderr } = repository(join(FIXTURES, LAB, 'solution/main.pen'));
    expect(stdout).toBe(`wrote ${join(dir, '.github/workflows/classroom.yml')} with 3 test steps, and ${join(dir, '.github/penglaic')}/\n`);
    expect(stderr).toBe(
      'penglaic: left out the hidden suite tests/hidden.pen: a student can read everything in their repository; grade hidden tests with `penglaic grade` or on Gradescope\n',
    );
    const steps = stepsOf(dir);
    expect(steps.map((s) => s.uses)).toEqual([
      'actions/checkout@v4',
      'actions/setup-node@v4',
      'classroom-resources/autograding-command-grader@v1',
      'classroom-resources/autograding-command-grader@v1',
      'classroom-resources/autograding-command-grader@v1',
      'classroom-resources/autograding-grading-reporter@v1',
    ]);
    expect(steps[1].with).toEqual({ 'node-version': '20' });
    const tests = steps.slice(2, 5);
    expect(tests.map((s) => [s.id, s.with!['test-name'], s.with!['max-score']])).toEqual([
      ['test-1-client-returns-the-sum-of-its-numbers', 'Client returns the sum of its numbers', 2],
      ['test-2-client-prints-the-summary', 'Client prints the summary', 1],
      ['test-3-client-without-a-server-fails-to-acquire', 'Client without a server fails to acquire it', 1],
    ]);
    expect(tests[0].with!.command).toBe(
      "node .github/penglaic/penglaic.js grade .github/penglaic/assignment . --single --jobs 1 --test 'Client returns the sum of its numbers' --out /tmp/penglaic-classroom/test-1-client-returns-the-sum-of-its-numbers",
    );
    const reporter = steps[5];
    expect(reporter.with).toEqual({ runners: tests.map((s) => s.id).join(',') });
    expect(reporter.env).toEqual(Object.fromEntries(tests.map((s) => [`${s.id!.toUpperCase()}_RESULTS`, `\${{steps.${s.id}.outputs.result}}`])));
    expect(existsSync(join(dir, '.github/penglaic/assignment/tests/public.pen'))).toBe(true);
    expect(existsSync(join(dir, '.github/penglaic/assignment/tests/hidden.pen'))).toBe(false);
  });

  it("each step passes or fails with its own test, on the solution and on the starter", () => {
    const solution = repository(join(FIXTURES, LAB, 'solution/main.pen'));
    const starter = repository(join(COURSE, LAB, 'starter/main.pen'));
    const status = (repo: string) => stepsOf(repo).filter((s) => s.uses.includes('command-grader')).map((s) => runStep(repo, s).status);
    expect(status(solution.dir)).toEqual([0, 0, 0]);
    expect(status(starter.dir)).toEqual([0, 1, 0]);
    const failing = runStep(starter.dir, stepsOf(starter.dir)[3]);
    expect(failing.stdout).toMatch(/^repo: 0 \/ 1; \/tmp\/penglaic-classroom\/test-2-client-prints-the-summary\/results\.json\n$/);
  });
});
