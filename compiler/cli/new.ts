// `penglaic new NAME`: a project to start from, outside this repository: a program with an
// enclave, a host and a test, a README and a .gitignore. `--assignment` makes a teacher's
// skeleton instead: assignment.json (compiler/grader/schema/assignment.schema.json), a
// starter, a reference solution, public tests and hidden tests.
import { Command } from 'commander';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { displayPath, out, UsageError } from './common.js';
import { assignmentFiles, projectFiles } from './new-templates.js';

/** As assignment.json's `name`: lower-case letters, digits and dashes. */
const NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

function create(target: string, options: { assignment?: boolean }): number {
  const dir = resolve(target);
  const name = basename(dir);
  if (!NAME.test(name)) throw new UsageError(`"${name}" is not a project name: use lower-case letters, digits and dashes, starting with a letter or digit`);
  if (existsSync(dir)) throw new UsageError(`${displayPath(dir)} already exists; choose a new name`);
  const files = options.assignment ? assignmentFiles(name) : projectFiles(name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const shown = displayPath(dir);
  out(
    options.assignment
      ? `created assignment ${shown}\n  cd ${shown} && cp solution/main.pen main.pen && penglaic test tests/public.pen tests/hidden.pen\n`
      : `created ${shown}\n  cd ${shown} && penglaic build && penglaic run && penglaic test\n`,
  );
  return 0;
}

export function newCommand(setStatus: (status: number) => void): Command {
  return new Command('new')
    .description('create a new project (main.pen with a test, README, .gitignore), or with --assignment an assignment skeleton')
    .argument('<name>', 'the directory to create; its last part is the project name (lower-case letters, digits, dashes)')
    .option('--assignment', 'make an assignment: assignment.json, starter/, solution/, tests/public.pen and tests/hidden.pen')
    .action((name, options) => setStatus(create(name, options)));
}
