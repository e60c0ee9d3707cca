// A bad assignment.json is one error: a code, the manifest's path, the JSON pointer of the
// field (or line:col of a syntax error) and a sentence.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatManifestError, loadAssignment } from '../../compiler/grader/assignment.js';
import { planTests } from '../../compiler/grader/suite-tests.js';

const GOOD = {
  version: 1,
  name: 'lab',
  title: 'A lab',
  handin: ['main.pen'],
  parts: [{ name: 'basics', title: 'Basics' }],
  suites: [{ file: 'tests/public.pen' }],
};

function assignment(manifest: unknown, files: Record<string, string> = { 'tests/public.pen': 'import "../main.pen";\ntest "t" (points: 2) { }\n' }): string {
  const dir = mkdtempSync(join(tmpdir(), 'penglaic-manifest-'));
  writeFileSync(join(dir, 'assignment.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest, null, 2));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const errorOf = (manifest: unknown, files?: Record<string, string>) => {
  const loaded = loadAssignment(assignment(manifest, files), 'lab');
  if (!('code' in loaded)) throw new Error('expected an error');
  return formatManifestError(loaded);
};

describe('assignment.json errors', () => {
  it('a valid manifest loads, with default limits', () => {
    const loaded = loadAssignment(assignment(GOOD), 'lab');
    expect('code' in loaded).toBe(false);
    if ('code' in loaded) return;
    expect(loaded.suites).toEqual([{ file: 'tests/public.pen', hidden: false }]);
    expect(loaded.limits).toEqual({ maxSteps: 5_000_000, timeoutSeconds: 120, maxOutputBytes: 16384, maxFileBytes: 262144 });
  });

  it('text that is not JSON is G0001 at its line and column', () => {
    expect(errorOf('{\n  "version": 1,\n  "name": \n}')).toBe('error[G0001]: lab/assignment.json: 4:1: not valid JSON: expected a value, found `}`');
    expect(errorOf('{ "version": 1, }')).toBe('error[G0001]: lab/assignment.json: 1:17: not valid JSON: expected a field name in double quotes, found `}`');
    expect(errorOf('{ "name": "lab')).toBe('error[G0001]: lab/assignment.json: 1:15: not valid JSON: a string that never ends');
    expect(errorOf('')).toBe('error[G0001]: lab/assignment.json: 1:1: not valid JSON: expected a value, found the end of the file');
  });

  it('a wrong type is G0002 at the field', () => {
    expect(errorOf({ ...GOOD, parts: [{ name: 'basics', title: 'Basics', points: 'ten' }] })).toBe('error[G0002]: lab/assignment.json: /parts/0/points: must be number');
  });

  it('a missing field is named by its path', () => {
    const { handin: _, ...rest } = GOOD;
    expect(errorOf(rest)).toBe('error[G0002]: lab/assignment.json: /handin: is required');
  });

  it('an unknown field is named', () => {
    expect(errorOf({ ...GOOD, suites: [{ file: 'tests/public.pen', weight: 2 }] })).toBe('error[G0002]: lab/assignment.json: /suites/0/weight: unknown field "weight"');
  });

  it('a path that climbs out of the assignment is refused', () => {
    expect(errorOf({ ...GOOD, support: ['../outside.pen'] })).toBe('error[G0002]: lab/assignment.json: /support/0: must be a relative path with forward slashes and no `.` or `..` step');
  });

  it('a suite that does not exist is G0003', () => {
    expect(errorOf({ ...GOOD, suites: [{ file: 'tests/public.pen' }, { file: 'tests/hidden.pen', hidden: true }] })).toBe(
      'error[G0003]: lab/assignment.json: /suites/1/file: "tests/hidden.pen" is not a file inside lab',
    );
  });

  it('a test naming a part the manifest does not list is G0004', () => {
    const dir = assignment(GOOD, { 'tests/public.pen': 'import "../main.pen";\ntest "t" (part: "advanced") { }\n' });
    const loaded = loadAssignment(dir, 'lab');
    if ('code' in loaded) throw new Error(loaded.message);
    const plan = planTests(loaded, 'lab');
    expect('code' in plan && formatManifestError(plan)).toBe(
      'error[G0004]: lab/assignment.json: /parts: tests/public.pen:2:1: test "t" counts towards part "advanced", which /parts does not list',
    );
  });

  it("a part's points must match its tests", () => {
    const loaded = loadAssignment(assignment({ ...GOOD, parts: [{ name: 'basics', title: 'Basics', points: 5 }] }), 'lab');
    if ('code' in loaded) throw new Error(loaded.message);
    const plan = planTests(loaded, 'lab');
    expect('code' in plan && formatManifestError(plan)).toBe('error[G0004]: lab/assignment.json: /parts/0/points: part "basics" is worth 5 points, but its tests add up to 2');
  });

  it('tests default to 1 point in the first part; a hidden suite hides them until published', () => {
    const dir = assignment(
      { ...GOOD, parts: [...GOOD.parts, { name: 'more', title: 'More' }], suites: [{ file: 'tests/public.pen' }, { file: 'tests/hidden.pen', hidden: true }] },
      {
        'tests/public.pen': 'import "../main.pen";\ntest "a" { }\ntest "b" (points: 3, part: "more", visibility: after_due_date) { }\n',
        'tests/hidden.pen': 'import "../main.pen";\ntest "c" (points: 2) { }\n',
      },
    );
    const loaded = loadAssignment(dir, 'lab');
    if ('code' in loaded) throw new Error(loaded.message);
    expect(planTests(loaded, 'lab')).toEqual([
      { name: 'a', suite: 'tests/public.pen', part: 'basics', points: 1, visibility: 'visible' },
      { name: 'b', suite: 'tests/public.pen', part: 'more', points: 3, visibility: 'after_due_date' },
      { name: 'c', suite: 'tests/hidden.pen', part: 'basics', points: 2, visibility: 'after_published' },
    ]);
  });
});
