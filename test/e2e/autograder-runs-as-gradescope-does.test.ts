// `penglaic autograder ASSIGNMENT --out autograder.zip` makes a Gradescope autograder. The
// generated scripts are run here in a folder laid out as Gradescope's image is
// (/autograder/source, /autograder/submission, /autograder/results), under a temporary prefix
// given in PENGLAIC_AUTOGRADER_ROOT; the zip is read by Info-ZIP's unzip, and results.json is
// checked against the Gradescope schema.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import AjvModule from 'ajv';
import { describe, expect, it } from 'vitest';
import { penglaic, repoRoot, scratchDir } from './cli.js';
import { FIXTURES, teacherAssignment } from './course.js';

const Ajv = ((AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule) as unknown as typeof AjvModule.default;
const gradescopeSchema = JSON.parse(readFileSync(join(repoRoot, 'compiler/grader/schema/gradescope-results.schema.json'), 'utf8'));

function tool(name: string): string {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  if (found.status !== 0) throw new Error(`${name} is needed by this test and is not installed (Debian: apt-get install ${name})`);
  return found.stdout.trim();
}

const root = scratchDir();
const assignment = teacherAssignment('01-first-enclave', root);
const zip = join(root, 'autograder.zip');

let made: ReturnType<typeof penglaic> | undefined;
/** `penglaic autograder` of lab 1, once. */
function makeZip(): ReturnType<typeof penglaic> {
  made ??= penglaic(['autograder', assignment, '--out', zip], root);
  return made;
}

/** A Gradescope image under `prefix`: the zip unpacked in autograder/source, the submission in autograder/submission. */
function image(submission: string): string {
  makeZip();
  const prefix = scratchDir();
  mkdirSync(join(prefix, 'autograder/source'), { recursive: true });
  const unzip = spawnSync(tool('unzip'), ['-q', zip, '-d', join(prefix, 'autograder/source')], { encoding: 'utf8' });
  expect(unzip.stderr).toBe('');
  cpSync(submission, join(prefix, 'autograder/submission'), { recursive: true });
  return prefix;
}

function runAutograder(prefix: string) {
  // Only Node and the shell's basic tools: no node_modules, no registry.
  return spawnSync(tool('bash'), [join(prefix, 'autograder/source/run_autograder')], {
    cwd: join(prefix, 'autograder'),
    encoding: 'utf8',
    env: { PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, PENGLAIC_AUTOGRADER_ROOT: prefix },
    timeout: 120_000,
  });
}

describe('the Gradescope autograder', () => {
  it('zips setup.sh, run_autograder (executable), the one-file penglaic and the whole assignment', () => {
    const made = makeZip();
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    expect(made.stdout).toMatch(/^wrote autograder\.zip \(\d+ KiB\): setup\.sh, run_autograder, penglaic\.js and the assignment with 6 tests\n$/);
    const listing = spawnSync(tool('unzip'), ['-Z', zip], { encoding: 'utf8' }).stdout.split('\n');
    const entries = listing.filter((l) => /^[-d]r/.test(l)).map((l) => [l.slice(0, 10), l.split(/\s+/).pop()]);
    expect(entries).toEqual([
      ['-rwxr-xr-x', 'setup.sh'],
      ['-rwxr-xr-x', 'run_autograder'],
      ['-rw-r--r--', 'penglaic.js'],
      ['-rw-r--r--', 'assignment/assignment.json'],
      ['-rw-r--r--', 'assignment/tests/public.pen'],
      ['-rw-r--r--', 'assignment/tests/hidden.pen'],
    ]);
    // The same assignment makes the same zip, byte for byte.
    penglaic(['autograder', assignment, '--out', join(root, 'again.zip')], root);
    expect(readFileSync(join(root, 'again.zip')).equals(readFileSync(zip))).toBe(true);
  });

  it('run_autograder grades /autograder/submission into /autograder/results/results.json, as `penglaic grade` does', () => {
    const prefix = image(join(FIXTURES, '01-first-enclave/broken/crash'));
    const run = runAutograder(prefix);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('submission: 4 / 10; results/results.json\n');
    const results = JSON.parse(readFileSync(join(prefix, 'autograder/results/results.json'), 'utf8'));
    const validate = new Ajv({ strict: false }).compile(gradescopeSchema);
    expect(validate(results), JSON.stringify(validate.errors)).toBe(true);
    expect(results.score).toBe(4);

    const students = scratchDir();
    cpSync(join(FIXTURES, '01-first-enclave/broken/crash'), join(students, 'crash'), { recursive: true });
    penglaic(['grade', assignment, students, '--out', join(students, '..', 'class-out')], root);
    expect(readFileSync(join(prefix, 'autograder/results/results.json'), 'utf8')).toBe(readFileSync(join(students, '..', 'class-out/crash/results.json'), 'utf8'));
  });

  it('a submission with full marks gets them', () => {
    const prefix = image(join(FIXTURES, '01-first-enclave/solution'));
    expect(runAutograder(prefix).status).toBe(0);
    const results = JSON.parse(readFileSync(join(prefix, 'autograder/results/results.json'), 'utf8'));
    expect(results.score).toBe(10);
    expect(results.tests.every((t: { status: string }) => t.status === 'passed')).toBe(true);
  });

  it('when penglaic cannot grade at all, results.json still says so, with a score of 0', () => {
    const prefix = image(join(FIXTURES, '01-first-enclave/solution'));
    writeFileSync(join(prefix, 'autograder/source/assignment/assignment.json'), '{ "version": 1,');
    const run = runAutograder(prefix);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('penglaic: error[G0001]: ');
    expect(JSON.parse(readFileSync(join(prefix, 'autograder/results/results.json'), 'utf8'))).toEqual({
      score: 0,
      output: 'The autograder could not grade this submission (penglaic exited with status 2); please tell your teacher.',
      tests: [],
    });
  });

  it('setup.sh keeps a Node 20 that is already there', () => {
    const prefix = image(join(FIXTURES, '01-first-enclave/solution'));
    const fakes = join(prefix, 'fakes');
    mkdirSync(fakes);
    writeFileSync(join(fakes, 'apt-get'), `#!/bin/sh\necho "apt-get $*" >> ${prefix}/log\n`);
    chmodSync(join(fakes, 'apt-get'), 0o755);
    const setup = spawnSync(tool('bash'), [join(prefix, 'autograder/source/setup.sh')], {
      encoding: 'utf8',
      env: { PATH: `${fakes}:${dirname(process.execPath)}:/usr/bin:/bin`, PENGLAIC_AUTOGRADER_ROOT: prefix },
    });
    expect(setup.status).toBe(0);
    expect(setup.stdout).toBe(`setup.sh: using node ${process.version}\n`);
    expect(existsSync(join(prefix, 'log'))).toBe(false);
  });

  it('setup.sh installs Node 20 from NodeSource on an image without Node', () => {
    const prefix = image(join(FIXTURES, '01-first-enclave/solution'));
    const fakes = join(prefix, 'fakes');
    mkdirSync(fakes);
    const log = join(prefix, 'log');
    // Each fake logs its command line after its work: gpg reads curl's output to the end, so
    // in the pipeline curl's line always comes first.
    const fake = (name: string, body: string) => {
      writeFileSync(join(fakes, name), `#!${tool('bash')}\n${body}\necho "${name} $*" >> ${log}\n`);
      chmodSync(join(fakes, name), 0o755);
    };
    // Installing the nodejs package puts a `node` on the PATH.
    fake('apt-get', `case "$*" in *nodejs*) printf '#!${tool('bash')}\\necho v20.19.0\\n' > ${fakes}/node; chmod +x ${fakes}/node;; esac`);
    fake('curl', 'echo "-----BEGIN PGP PUBLIC KEY BLOCK-----"');
    fake('gpg', 'cat > "$4"');
    for (const name of ['mkdir', 'cat', 'chmod']) spawnSync('ln', ['-s', tool(name), join(fakes, name)]);
    const setup = spawnSync(tool('bash'), [join(prefix, 'autograder/source/setup.sh')], {
      encoding: 'utf8',
      env: { PATH: fakes, PENGLAIC_AUTOGRADER_ROOT: prefix },
    });
    expect(setup.stderr).toBe('');
    expect(setup.status).toBe(0);
    expect(setup.stdout).toBe('setup.sh: installed node v20.19.0\n');
    expect(readFileSync(log, 'utf8')).toBe(
      [
        'apt-get update',
        'apt-get install -y --no-install-recommends ca-certificates curl gnupg',
        'curl -fsSL https://deb.nodesource.com/gpgkey/nodesource-repo.gpg.key',
        `gpg --dearmor --yes -o ${prefix}/etc/apt/keyrings/nodesource.gpg`,
        'apt-get update',
        'apt-get install -y --no-install-recommends nodejs',
        '',
      ].join('\n'),
    );
    expect(readFileSync(join(prefix, 'etc/apt/keyrings/nodesource.gpg'), 'utf8')).toBe('-----BEGIN PGP PUBLIC KEY BLOCK-----\n');
    expect(readFileSync(join(prefix, 'etc/apt/sources.list.d/nodesource.list'), 'utf8')).toBe(
      'deb [signed-by=/etc/apt/keyrings/nodesource.gpg] https://deb.nodesource.com/node_20.x nodistro main\n',
    );
  });
});
