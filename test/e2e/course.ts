// The course in samples/course/ as a teacher grades it: the handed-out assignment folder with
// the teacher's manifest and hidden tests (test/fixtures/course/<lab>/) laid over it, and a
// class of submissions: the reference solution, the starter and every broken submission.
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, scratchDir } from './cli.js';

export const COURSE = join(repoRoot, 'samples/course');
export const FIXTURES = join(repoRoot, 'test/fixtures/course');

export const LABS = readdirSync(COURSE, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(COURSE, e.name, 'assignment.json')))
  .map((e) => e.name)
  .sort();

/** The teacher's copy of a lab: the handout plus the fixture's assignment.json and tests/. */
export function teacherAssignment(lab: string, into = scratchDir()): string {
  const dir = join(into, lab);
  cpSync(join(COURSE, lab), dir, { recursive: true, filter: (source) => !/[\\/]build$/.test(source) });
  cpSync(join(FIXTURES, lab, 'assignment.json'), join(dir, 'assignment.json'));
  cpSync(join(FIXTURES, lab, 'tests'), join(dir, 'tests'), { recursive: true });
  return dir;
}

/** The broken submissions of a lab, by case name. */
export function brokenCases(lab: string): string[] {
  const dir = join(FIXTURES, lab, 'broken');
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/** A class for one lab: `solution`, `starter` and `broken-<case>`, each a folder with main.pen. */
export function classOf(lab: string, into = scratchDir()): string {
  const dir = join(into, `${lab}-class`);
  mkdirSync(dir, { recursive: true });
  cpSync(join(FIXTURES, lab, 'solution'), join(dir, 'solution'), { recursive: true });
  cpSync(join(COURSE, lab, 'starter'), join(dir, 'starter'), { recursive: true });
  for (const name of brokenCases(lab)) cpSync(join(FIXTURES, lab, 'broken', name), join(dir, `broken-${name}`), { recursive: true });
  return dir;
}
