// A submission is copied before it is built: only its hand-in files, only regular UTF-8 files
// inside it; everything left out is a note. Imports cannot reach outside the copy.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type Assignment } from '../../compiler/grader/assignment.js';
import { confinedSources, copySubmission } from '../../compiler/grader/submission.js';

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'penglaic-copy-'));
}

function assignmentIn(dir: string, handin = ['main.pen']): Assignment {
  mkdirSync(join(dir, 'tests'), { recursive: true });
  writeFileSync(join(dir, 'tests/public.pen'), 'import "../main.pen";\n');
  writeFileSync(join(dir, 'logger.pen'), '// support\n');
  return {
    dir,
    name: 'lab',
    title: 'Lab',
    handin,
    support: ['logger.pen'],
    parts: [{ name: 'p', title: 'P' }],
    suites: [{ file: 'tests/public.pen', hidden: false }],
    limits: { ...DEFAULT_LIMITS, maxFileBytes: 1024 },
  };
}

describe('copying a submission', () => {
  it('copies the hand-in files and lays support files and suites over them', () => {
    const root = scratch();
    const assignment = assignmentIn(join(root, 'lab'));
    const student = join(root, 'alice');
    mkdirSync(student);
    writeFileSync(join(student, 'main.pen'), 'host { }\n');
    writeFileSync(join(student, 'logger.pen'), '// the student tried to replace the logger\n');
    const copy = copySubmission(assignment, student, root);
    expect(readdirSync(copy.dir).sort()).toEqual(['logger.pen', 'main.pen', 'tests']);
    expect(readFileSync(join(copy.dir, 'logger.pen'), 'utf8')).toBe('// support\n');
    expect(copy.present).toEqual(['main.pen']);
    expect(copy.notes).toEqual(['ignored files that are not part of the hand-in (main.pen): `logger.pen`']);
  });

  it('notes a missing file, a link outside, a file that is not UTF-8, a huge file and stray files', () => {
    const root = scratch();
    const assignment = assignmentIn(join(root, 'lab'), ['main.pen', 'extra.pen', 'binary.pen', 'big.pen', 'missing.pen']);
    writeFileSync(join(root, 'outside.pen'), 'host { }\n');
    const student = join(root, 'bob');
    mkdirSync(join(student, 'notes'), { recursive: true });
    symlinkSync(join(root, 'outside.pen'), join(student, 'main.pen'));
    writeFileSync(join(student, 'inside.pen'), 'host { }\n');
    symlinkSync('inside.pen', join(student, 'extra.pen'));
    writeFileSync(join(student, 'binary.pen'), Buffer.from([0x68, 0xff, 0xfe, 0x00]));
    writeFileSync(join(student, 'big.pen'), 'x'.repeat(2000));
    writeFileSync(join(student, 'notes/todo.txt'), 'later');
    symlinkSync('/etc', join(student, 'escape'));
    const copy = copySubmission(assignment, student, root);
    expect(copy.present).toEqual(['extra.pen']);
    expect(copy.missing).toEqual(['main.pen', 'binary.pen', 'big.pen', 'missing.pen']);
    expect(copy.notes).toEqual([
      '`main.pen` is a symbolic link to somewhere outside the submission; it was not read',
      '`binary.pen` is not UTF-8 text; it was not read',
      '`big.pen` is larger than 1024 bytes; it was not read',
      '`missing.pen` is missing from the submission',
      'ignored symbolic links that point outside the submission: `escape`',
      'ignored files that are not part of the hand-in (main.pen, extra.pen, binary.pen, big.pen, missing.pen): `inside.pen`, `notes/todo.txt`',
    ]);
    expect(readFileSync(join(copy.dir, 'extra.pen'), 'utf8')).toBe('host { }\n');
    expect(existsSync(join(copy.dir, 'main.pen'))).toBe(false);
    rmSync(copy.dir, { recursive: true });
  });

  it('serves imports only from inside the copy', () => {
    const root = scratch();
    writeFileSync(join(root, 'secret.pen'), 'const SECRET: u64 = 1;\n');
    const copy = join(root, 'copy');
    mkdirSync(join(copy, 'tests'), { recursive: true });
    writeFileSync(join(copy, 'main.pen'), 'host { }\n');
    symlinkSync(join(root, 'secret.pen'), join(copy, 'linked.pen'));
    const sources = confinedSources(copy);
    expect(sources.readFile(join(copy, 'tests/../main.pen'))).toBe('host { }\n');
    expect(sources.readFile('main.pen')).toBe('host { }\n');
    expect(sources.readFile('../secret.pen')).toBeUndefined();
    expect(sources.readFile(join(copy, '../secret.pen'))).toBeUndefined();
    expect(sources.readFile(join(copy, 'linked.pen'))).toBeUndefined();
    expect(sources.readFile('/etc/hostname')).toBeUndefined();
  });
});
