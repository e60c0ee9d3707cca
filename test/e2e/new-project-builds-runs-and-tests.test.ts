// `penglaic new NAME` makes a project outside the repository in which build, run and test
// work; `--assignment` makes a skeleton whose manifest grade-class's schema accepts, whose
// solution passes every test and whose starter does not.
import { Ajv } from 'ajv';
import { existsSync, copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { penglaic, repoRoot, scratchDir } from './cli.js';

describe('penglaic new', () => {
  it('makes a project in which build, run and test work', () => {
    const parent = scratchDir();
    expect(penglaic(['new', 'my-lab'], parent).status).toBe(0);
    const dir = join(parent, 'my-lab');
    expect(['main.pen', 'README.md', '.gitignore'].map((f) => existsSync(join(dir, f)))).toEqual([true, true, true]);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toContain('build/');
    expect(penglaic(['build'], dir).status).toBe(0);
    const run = penglaic(['run'], dir);
    expect(run.stdout).toBe('counter: the sum of 1..10 is 55\nhost: Counter returned 55\n');
    expect(run.status).toBe(0);
    const test = penglaic(['test'], dir);
    expect(test.stdout).toBe('test "Counter returns the sum of 1 to 10" ... ok\n\n1 passed, 0 failed\nscore: 1/1 point\n');
    expect(test.status).toBe(0);
  });

  it('refuses a name that exists or is not a project name', () => {
    const parent = scratchDir();
    penglaic(['new', 'lab'], parent);
    expect(penglaic(['new', 'lab'], parent)).toMatchObject({ status: 2, stderr: 'penglaic: error: lab already exists; choose a new name\n' });
    expect(penglaic(['new', 'Bad Name'], parent).status).toBe(2);
  });

  it('--assignment: a manifest the assignment schema accepts, a solution that passes, a starter that does not', () => {
    const parent = scratchDir();
    expect(penglaic(['new', 'vault-lab', '--assignment'], parent).status).toBe(0);
    const dir = join(parent, 'vault-lab');
    const schema = JSON.parse(readFileSync(join(repoRoot, 'compiler/grader/schema/assignment.schema.json'), 'utf8'));
    const valid = new Ajv({ strict: false }).compile(schema);
    const manifest = JSON.parse(readFileSync(join(dir, 'assignment.json'), 'utf8'));
    expect(valid(manifest)).toBe(true);
    expect(manifest.suites).toEqual([{ file: 'tests/public.pen' }, { file: 'tests/hidden.pen', hidden: true }]);
    copyFileSync(join(dir, 'solution/main.pen'), join(dir, 'main.pen'));
    const solved = penglaic(['test', 'tests/public.pen', 'tests/hidden.pen'], dir);
    expect(solved.stdout.split('\n').slice(-5)).toEqual(['3 passed, 0 failed', 'score: 5/5 points', '  vault: 3/3 points (2 of 2 passed)', '  isolation: 2/2 points (1 of 1 passed)', '']);
    expect(solved.status).toBe(0);
    copyFileSync(join(dir, 'starter/main.pen'), join(dir, 'main.pen'));
    const starter = penglaic(['test', 'tests/public.pen', 'tests/hidden.pen', '--reporter', 'gradescope'], dir);
    expect(starter.status).toBe(1);
    const results = JSON.parse(starter.stdout);
    expect(results.score).toBe(0);
    expect(JSON.stringify(results)).not.toContain('hidden.pen');
    const graded = penglaic(['grade', '--help'], dir);
    expect(graded.status).toBe(0);
  });
});
