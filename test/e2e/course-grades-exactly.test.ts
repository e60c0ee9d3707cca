// The course in samples/course/ grades as its teacher expects: every reference solution gets
// full marks, every starter builds and gets partial marks, every broken submission (a syntax
// error, an endless loop, a crash, a changed interface, and lab 6's faked attack result) gets
// exactly its score, part by part; and the whole course grades byte for byte the same with
// --jobs 1 and --jobs 2.
import { cpSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { penglaic, scratchDir } from './cli.js';
import { classOf, COURSE, FIXTURES, LABS, teacherAssignment } from './course.js';

/** grades.csv of each lab's class: solution, starter and broken-<case>. */
const EXPECTED: Record<string, string> = {
  '01-first-enclave': `student,total,greeter,summer,host
broken-changed-interface,5,3,2,0
broken-crash,4,1,3,0
broken-huge-output,4,1,3,0
broken-infinite-loop,4,4,0,0
broken-missing-host,0,0,0,0
broken-syntax-error,0,0,0,0
solution,10,4,3,3
starter,1,1,0,0
`,
  '02-server-call': `student,total,client,server
broken-changed-interface,4,4,0
broken-crash,3,1,2
broken-infinite-loop,6,2,4
broken-syntax-error,0,0,0
solution,10,4,6
starter,4,3,1
`,
  '03-vault': `student,total,store,pin,lock
broken-changed-interface,0,0,0,0
broken-crash,8,3,2,3
broken-infinite-loop,5,5,0,0
broken-syntax-error,0,0,0,0
solution,10,5,2,3
starter,3,3,0,0
`,
  '04-leaky-caller': `student,total,function,print,log
broken-changed-interface,0,0,0,0
broken-crash,6,0,2,4
broken-infinite-loop,5,0,2,3
broken-syntax-error,0,0,0,0
solution,8,2,2,4
starter,3,2,0,1
`,
  '05-chained-kv': `student,total,chain,cache
broken-changed-interface,0,0,0
broken-crash,9,5,4
broken-infinite-loop,11,5,6
broken-syntax-error,0,0,0
solution,15,7,8
starter,9,7,2
`,
  '06-isolation-lab': `student,total,read,write,survive
broken-changed-interface,0,0,0,0
broken-crash,7,1,4,2
broken-fake-fault,4,1,1,2
broken-infinite-loop,7,1,4,2
broken-syntax-error,0,0,0,0
solution,10,4,4,2
starter,3,1,0,2
`,
};

/** Every file under `dir`, relative, with its contents. */
function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const visit = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) visit(path);
      else files[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  visit(dir);
  return files;
}

const root = scratchDir();
const graded = new Map<string, { jobs1: string; jobs2: string }>();

function grade(lab: string): { jobs1: string; jobs2: string } {
  const done = graded.get(lab);
  if (done) return done;
  const assignment = teacherAssignment(lab, root);
  const students = classOf(lab, root);
  const outs = { jobs1: join(root, `${lab}-out-1`), jobs2: join(root, `${lab}-out-2`) };
  for (const [jobs, out] of [['1', outs.jobs1], ['2', outs.jobs2]]) {
    const result = penglaic(['grade', assignment, students, '--out', out, '--jobs', jobs], root);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  }
  graded.set(lab, outs);
  return outs;
}

describe('the course grades exactly', () => {
  it('has at least six labs, each with a README, a starter, public tests and an assignment.json', () => {
    expect(LABS.length).toBeGreaterThanOrEqual(6);
    expect(Object.keys(EXPECTED)).toEqual(LABS);
    for (const lab of LABS) {
      for (const file of ['README.md', 'assignment.json', 'starter/main.pen', 'tests/public.pen']) expect(existsSync(join(COURSE, lab, file)), `${lab}/${file}`).toBe(true);
      // What students must not see stays out of samples/.
      for (const file of ['solution', 'tests/hidden.pen']) expect(existsSync(join(COURSE, lab, file)), `${lab}/${file}`).toBe(false);
      for (const file of ['solution/main.pen', 'tests/hidden.pen', 'assignment.json']) expect(existsSync(join(FIXTURES, lab, file)), `fixtures ${lab}/${file}`).toBe(true);
    }
  });

  it("every suite and starter checks without a warning (students see the public tests' diagnostics)", () => {
    for (const lab of LABS) {
      const dir = teacherAssignment(lab, scratchDir());
      cpSync(join(FIXTURES, lab, 'solution/main.pen'), join(dir, 'main.pen'));
      for (const suite of ['tests/public.pen', 'tests/hidden.pen']) expect(penglaic(['check', suite], dir), `${lab}/${suite}`).toMatchObject({ status: 0, stderr: '' });
      cpSync(join(COURSE, lab, 'starter/main.pen'), join(dir, 'main.pen'));
      expect(penglaic(['check', 'main.pen'], dir), `${lab} starter`).toMatchObject({ status: 0, stderr: '' });
    }
  }, 240_000);

  for (const lab of LABS) {
    it(`${lab}: solution full marks, starter partial, broken submissions exactly their scores, the same at --jobs 1 and 2`, () => {
      const { jobs1, jobs2 } = grade(lab);
      expect(readFileSync(join(jobs2, 'grades.csv'), 'utf8')).toBe(EXPECTED[lab]);
      expect(tree(jobs1)).toEqual(tree(jobs2));
      const results = JSON.parse(readFileSync(join(jobs2, 'starter/results.json'), 'utf8'));
      const max = results.tests.reduce((s: number, t: { max_score: number }) => s + t.max_score, 0);
      expect(results.score).toBeGreaterThan(0);
      expect(results.score).toBeLessThan(max);
    }, 240_000);
  }

  it("lab 6's fake (returns -19 without faulting) scores 0 on the attack tests, with the reason", () => {
    const { jobs2 } = grade('06-isolation-lab');
    const results = JSON.parse(readFileSync(join(jobs2, 'broken-fake-fault/results.json'), 'utf8'));
    const read = results.tests.find((t: { name: string }) => t.name === "ReadHost is stopped reading the host's memory");
    expect(read).toMatchObject({ score: 0, max_score: 3, status: 'failed', visibility: 'visible' });
    expect(read.output).toMatch(/^expect_fault failed: ReadHost returned -19, expected a load page fault at an address in the host's memory \(tests\/public\.pen:6\)\n/);
    const write = results.tests.find((t: { name: string }) => t.name === "WriteHost is stopped writing the host's memory");
    expect(write).toMatchObject({ score: 0, status: 'failed', visibility: 'after_published' });
    expect(write.output).not.toContain('hidden.pen');
  }, 240_000);

  it('the feedback of a broken submission says what went wrong, in the student\'s terms', () => {
    const { jobs2 } = grade('01-first-enclave');
    const loop = readFileSync(join(jobs2, 'broken-infinite-loop/report.txt'), 'utf8');
    expect(loop).toContain('Summer ran out of its instruction budget (200000 instructions): an endless loop, or far too much work');
    const huge = readFileSync(join(jobs2, 'broken-huge-output/report.txt'), 'utf8');
    expect(huge).toMatch(/\[output cut: the program printed \d+ bytes; only the first 4096 are kept\]/);
    const syntax = JSON.parse(readFileSync(join(jobs2, 'broken-syntax-error/results.json'), 'utf8'));
    expect(syntax.score).toBe(0);
    expect(syntax.output).toContain('tests/public.pen did not build, so each of its tests scores 0:\n  error[E0001]');
    expect(syntax.output).toContain('--> main.pen:');
    const host = readFileSync(join(jobs2, 'broken-missing-host/report.txt'), 'utf8');
    expect(host).toContain('error[E0901]: the program has no `host` section, so there is nothing to run');
  }, 240_000);
});
