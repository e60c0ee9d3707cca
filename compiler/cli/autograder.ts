// `penglaic autograder ASSIGNMENT --out autograder.zip` writes a Gradescope autograder;
// `--github` writes a GitHub Classroom workflow (and what it runs) into a repository folder.
import { Command } from 'commander';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classroomFiles, gradescopeZip, WORKFLOW_FILE } from '../grader/autograder.js';
import { displayPath, err, out, UsageError } from './common.js';
import { entryScript } from './entry-script.js';
import { openAssignment } from './grade.js';

const STANDALONE = 'penglaic-standalone.js';

/** The single-file bundle of penglaic (scripts/build.mjs writes it next to dist/penglaic.js). */
function standaloneBundle(): Uint8Array {
  const entry = fileURLToPath(entryScript());
  const path = basename(entry) === STANDALONE ? entry : join(dirname(entry), STANDALONE);
  if (!existsSync(path)) throw new UsageError(`${displayPath(path)} is missing: run \`node scripts/build.mjs\` (it bundles penglaic into one file for autograders)`);
  return new Uint8Array(readFileSync(path));
}

function autograder(assignmentPath: string, options: { out?: string; github?: boolean }): number {
  const opened = openAssignment(assignmentPath);
  if (typeof opened === 'number') return opened;
  const { assignment, plan } = opened;
  const bundle = standaloneBundle();
  if (options.github) {
    const repo = resolve(options.out ?? '.');
    const { files, leftOut } = classroomFiles(assignment, plan, bundle);
    const steps = plan.filter((t) => !leftOut.includes(t.suite)).length;
    if (steps === 0) throw new UsageError(`${assignment.name} has no visible test suite: a GitHub Classroom workflow runs in the student's own repository, so it can only carry visible tests`);
    for (const [path, bytes] of Object.entries(files)) {
      mkdirSync(dirname(join(repo, path)), { recursive: true });
      writeFileSync(join(repo, path), bytes);
    }
    for (const suite of leftOut) err(`penglaic: left out the hidden suite ${suite}: a student can read everything in their repository; grade hidden tests with \`penglaic grade\` or on Gradescope\n`);
    out(`wrote ${displayPath(join(repo, WORKFLOW_FILE))} with ${steps} test step${steps === 1 ? '' : 's'}, and ${displayPath(join(repo, '.github/penglaic'))}/\n`);
    return 0;
  }
  if (options.out === undefined) throw new UsageError('say where the zip goes: --out autograder.zip (or --github for a GitHub Classroom workflow)');
  const zip = gradescopeZip(assignment, bundle);
  const target = resolve(options.out);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, zip);
  out(`wrote ${displayPath(target)} (${Math.round(zip.length / 1024)} KiB): setup.sh, run_autograder, penglaic.js and the assignment with ${plan.length} tests\n`);
  return 0;
}

export function autograderCommand(setStatus: (status: number) => void): Command {
  return new Command('autograder')
    .description('write a Gradescope autograder zip for an assignment, or with --github a GitHub Classroom workflow')
    .argument('<assignment>', 'the assignment folder (it holds assignment.json)')
    .option('--out <path>', 'the zip to write; with --github, the repository folder to write into (default .)')
    .option('--github', 'write .github/workflows/classroom.yml and .github/penglaic/ (visible suites only)')
    .action((assignment, options) => setStatus(autograder(assignment, options)));
}
