// `penglaic grade` grades every submission, whatever is in it, and reads nothing outside the
// submission and the assignment; only a broken assignment or bad arguments stop it (exit 2).
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { penglaic, scratchDir } from './cli.js';
import { FIXTURES, teacherAssignment } from './course.js';

const LAB = '01-first-enclave';
const solution = readFileSync(join(FIXTURES, LAB, 'solution/main.pen'), 'utf8');

function classWith(students: Record<string, Record<string, string | Buffer>>): string {
  const dir = join(scratchDir(), 'class');
  for (const [student, files] of Object.entries(students)) {
    for (const [path, contents] of Object.entries(files)) {
      mkdirSync(join(dir, student, path, '..'), { recursive: true });
      writeFileSync(join(dir, student, path), contents);
    }
  }
  return dir;
}

const results = (out: string, student: string) => JSON.parse(readFileSync(join(out, student, 'results.json'), 'utf8'));

describe('penglaic grade and bad input', () => {
  it('a manifest that is not JSON is one error with the path and the place, exit 2', () => {
    const assignment = teacherAssignment(LAB);
    writeFileSync(join(assignment, 'assignment.json'), '{\n  "version": 1\n  "name": "x"\n}\n');
    const result = penglaic(['grade', assignment, classWith({ a: { 'main.pen': solution } }), '--out', scratchDir()], assignment);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('penglaic: error[G0001]: assignment.json: 3:3: not valid JSON: expected `,` or `}`, found `"`\n');
  });

  it('a manifest naming a file that does not exist is one error with the field, exit 2', () => {
    const assignment = teacherAssignment(LAB);
    const manifest = JSON.parse(readFileSync(join(assignment, 'assignment.json'), 'utf8'));
    manifest.support = ['logger.pen'];
    writeFileSync(join(assignment, 'assignment.json'), JSON.stringify(manifest));
    const result = penglaic(['grade', assignment, classWith({ a: { 'main.pen': solution } }), '--out', scratchDir()], assignment);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('penglaic: error[G0003]: assignment.json: /support/0: "logger.pen" is not a file inside .\n');
  });

  it('bad arguments are one error each, exit 2', () => {
    const assignment = teacherAssignment(LAB);
    const students = classWith({ a: { 'main.pen': solution } });
    expect(penglaic(['grade', assignment, students, '--out', scratchDir(), '--jobs', '0'], assignment).stderr).toBe('penglaic: error: --jobs must be a positive whole number, not "0"\n');
    expect(penglaic(['grade', assignment, join(students, 'nobody'), '--out', scratchDir()], assignment).stderr).toMatch(/^penglaic: error: .*nobody is not a folder\n$/);
    const unknown = penglaic(['grade', assignment, students, '--out', scratchDir(), '--test', 'no such test'], assignment);
    expect([unknown.status, unknown.stderr]).toEqual([2, 'penglaic: error: the assignment has no test named "no such test"\n']);
  });

  it('stray files, links outside, bytes that are not UTF-8 and a missing file are notes; what is valid is graded', () => {
    const assignment = teacherAssignment(LAB);
    const students = classWith({
      tidy: { 'main.pen': solution, 'notes.txt': 'todo', 'build/host.elf': Buffer.from([0x7f, 0x45]) },
      binary: { 'main.pen': Buffer.from([0xff, 0xfe, 0x68, 0x00]) },
      absent: { 'Main.pen': solution },
      linked: { 'keep.txt': '' },
    });
    symlinkSync('/etc/passwd', join(students, 'linked/main.pen'));
    symlinkSync('/etc', join(students, 'tidy/etc'));
    writeFileSync(join(students, 'README.txt'), 'not a student');
    const out = scratchDir();
    const result = penglaic(['grade', assignment, students, '--out', out, '--jobs', '2'], assignment);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/^penglaic: skipped .*README\.txt: not a folder \(each student's submission is a folder\)\n$/);
    expect(readFileSync(join(out, 'grades.csv'), 'utf8')).toBe('student,total,greeter,summer,host\nabsent,0,0,0,0\nbinary,0,0,0,0\nlinked,0,0,0,0\ntidy,10,4,3,3\n');
    expect(results(out, 'tidy').output).toBe(
      'first-enclave: 10 / 10 points\n  Greeter prints and returns a value: 4 / 4\n  Summer computes inside the enclave: 3 / 3\n  The host runs both enclaves: 3 / 3\n' +
        'note: ignored symbolic links that point outside the submission: `etc`\n' +
        'note: ignored files that are not part of the hand-in (main.pen): `build/host.elf`, `notes.txt`\n',
    );
    expect(results(out, 'binary').output).toContain('note: `main.pen` is not UTF-8 text; it was not read\n');
    expect(results(out, 'absent').output).toContain('note: `main.pen` is missing from the submission\nnote: ignored files that are not part of the hand-in (main.pen): `Main.pen`\n');
    expect(results(out, 'linked').output).toContain('note: `main.pen` is a symbolic link to somewhere outside the submission; it was not read\n');
    expect(results(out, 'linked').output).not.toContain('root:');
  });

  it("a submission cannot read another student's files, nor spoof the grader's tests", () => {
    const assignment = teacherAssignment(LAB);
    const students = classWith({
      alice: { 'main.pen': solution },
      mallory: { 'main.pen': 'import "../alice/main.pen";\n' },
      spoofer: { 'main.pen': solution + '\ntest "Greeter returns 42" (points: 100) { }\n' },
      extra: { 'main.pen': solution + '\ntest "my own test" (points: 100) { assert(false); }\n' },
    });
    const out = scratchDir();
    expect(penglaic(['grade', assignment, students, '--out', out], assignment).status).toBe(0);
    expect(readFileSync(join(out, 'grades.csv'), 'utf8')).toBe('student,total,greeter,summer,host\nalice,10,4,3,3\nextra,10,4,3,3\nmallory,0,0,0,0\nspoofer,10,4,3,3\n');
    expect(results(out, 'mallory').output).toContain('error[E0110]: cannot find the imported file "../alice/main.pen"');
    // The student's own "Greeter returns 42" never runs and its 100 points count nowhere: the grader's does, for its 2.
    expect(results(out, 'spoofer').tests.filter((t: { name: string }) => t.name === 'Greeter returns 42')).toEqual([expect.objectContaining({ score: 2, max_score: 2 })]);
    expect(results(out, 'extra').tests.map((t: { name: string }) => t.name)).not.toContain('my own test');
  });

  it("a submission that outlasts the wall-clock limit gets zeros with the reason, and grading goes on", () => {
    const assignment = teacherAssignment(LAB);
    const manifest = JSON.parse(readFileSync(join(assignment, 'assignment.json'), 'utf8'));
    manifest.limits.timeoutSeconds = 0.001;
    writeFileSync(join(assignment, 'assignment.json'), JSON.stringify(manifest));
    const out = scratchDir();
    const result = penglaic(['grade', assignment, classWith({ a: { 'main.pen': solution }, b: { 'main.pen': solution } }), '--out', out, '--jobs', '1'], assignment);
    expect(result.status).toBe(0);
    expect(readFileSync(join(out, 'grades.csv'), 'utf8')).toBe('student,total,greeter,summer,host\na,0,0,0,0\nb,0,0,0,0\n');
    const a = results(out, 'a');
    expect(a.output).toContain('The grader could not finish: grading took longer than 0.001 s of wall-clock time and was stopped. Every test scores 0.');
    expect(a.tests).toHaveLength(6);
  });

  it('--single grades one folder into DIR/results.json and exits 1 below full marks', () => {
    const assignment = teacherAssignment(LAB);
    const out = scratchDir();
    const broken = penglaic(['grade', assignment, join(FIXTURES, LAB, 'broken/infinite-loop'), '--single', '--out', out], assignment);
    expect([broken.status, broken.stdout]).toEqual([1, `infinite-loop: 4 / 10; ${join(out, 'results.json')}\n`]);
    const full = penglaic(['grade', assignment, join(FIXTURES, LAB, 'solution'), '--single', '--out', out], assignment);
    expect(full.status).toBe(0);
    expect(readFileSync(join(out, 'report.txt'), 'utf8')).toMatch(/^assignment: first-enclave\nstudent: solution\nscore: 10 \/ 10\n/);
  });
});
