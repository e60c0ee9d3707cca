// Grading on the engines courses already run (DESIGN.md §7): a Gradescope autograder zip
// (setup.sh + run_autograder at its root, gradescope-autograders.readthedocs.io "specs") and a
// GitHub Classroom workflow (classroom-resources/autograding-command-grader, one step per
// test with its points, then autograding-grading-reporter). Both carry penglaic itself as one
// bundled file, so a grading machine needs Node 20 and nothing from a registry. This file
// makes their contents as data; the CLI writes them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync, type ZipAttributes } from 'fflate';
import { stringify } from 'yaml';
import { MANIFEST_FILE, type Assignment } from './assignment.js';
import type { PlannedTest } from './suite-tests.js';

/** Environment variable that stands in for `/` in the generated scripts: `$PREFIX/autograder/...`. */
export const ROOT_VARIABLE = 'PENGLAIC_AUTOGRADER_ROOT';
/** The bundle's name inside the zip and the workflow's folder. */
export const BUNDLE_FILE = 'penglaic.js';

const SETUP_SH = `#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder image (Ubuntu). penglaic
# is a single JavaScript file in this zip; all it needs is Node 20 or newer, installed here
# from NodeSource's apt repository unless it is already there.
# ${ROOT_VARIABLE}, when set, stands in for / (the scripts are tested that way).
set -euo pipefail
ROOT="\${${ROOT_VARIABLE}:-}"
if command -v node >/dev/null 2>&1 && node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)'; then
  echo "setup.sh: using node $(node --version)"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends ca-certificates curl gnupg
mkdir -p "$ROOT/etc/apt/keyrings" "$ROOT/etc/apt/sources.list.d"
curl -fsSL https://deb.nodesource.com/gpgkey/nodesource-repo.gpg.key | gpg --dearmor --yes -o "$ROOT/etc/apt/keyrings/nodesource.gpg"
echo "deb [signed-by=/etc/apt/keyrings/nodesource.gpg] https://deb.nodesource.com/node_20.x nodistro main" > "$ROOT/etc/apt/sources.list.d/nodesource.list"
apt-get update
apt-get install -y --no-install-recommends nodejs
echo "setup.sh: installed node $(node --version)"
`;

const RUN_AUTOGRADER = `#!/usr/bin/env bash
# Gradescope runs this for each submission, from /autograder: the student's files are in
# /autograder/submission, and the grade must end up in /autograder/results/results.json.
# ${ROOT_VARIABLE}, when set, stands in for / (the scripts are tested that way).
set -uo pipefail
ROOT="\${${ROOT_VARIABLE}:-}/autograder"
SOURCE="$ROOT/source"
mkdir -p "$ROOT/results"
rm -f "$ROOT/results/results.json"
node "$SOURCE/${BUNDLE_FILE}" grade "$SOURCE/assignment" "$ROOT/submission" --single --jobs 1 --out "$ROOT/results"
status=$?
if [ ! -s "$ROOT/results/results.json" ]; then
  # penglaic could not grade at all (exit status 2 is a broken assignment): a score of 0 with
  # the reason beats a submission that shows no result.
  printf '{"score":0,"output":"The autograder could not grade this submission (penglaic exited with status %s); please tell your teacher.","tests":[]}\\n' "$status" > "$ROOT/results/results.json"
fi
exit 0
`;

/** Every file the assignment names, with its bytes: manifest, support files, suites. */
function assignmentFiles(assignment: Assignment, suites: readonly { file: string }[], manifest: object): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = { [MANIFEST_FILE]: new TextEncoder().encode(JSON.stringify(manifest, null, 2) + '\n') };
  for (const path of [...assignment.support, ...suites.map((s) => s.file)]) files[path] = new Uint8Array(readFileSync(join(assignment.dir, path)));
  return files;
}

/** The manifest as written into a generated autograder: the fields the grader reads, and only
 *  the suites given (without the hidden ones, a part's points no longer add up: they are left out). */
function manifestFor(assignment: Assignment, suites: Assignment['suites']): object {
  const complete = suites.length === assignment.suites.length;
  return {
    version: 1,
    name: assignment.name,
    title: assignment.title,
    handin: assignment.handin,
    support: assignment.support,
    parts: complete ? assignment.parts : assignment.parts.map(({ name, title }) => ({ name, title })),
    suites: suites.map((s) => (s.hidden ? { file: s.file, hidden: true } : { file: s.file })),
    limits: assignment.limits,
  };
}

// A fixed time stamp makes the same assignment give the same zip, byte for byte. The external
// attributes are a Unix mode (regular file, then permissions) in the high 16 bits.
const ZIP_TIME = new Date('2020-01-01T00:00:00Z');
const REGULAR_FILE = 0o100000;
const executable: ZipAttributes = { os: 3, attrs: (REGULAR_FILE | 0o755) << 16, mtime: ZIP_TIME };
const plain: ZipAttributes = { os: 3, attrs: (REGULAR_FILE | 0o644) << 16, mtime: ZIP_TIME };

/** The Gradescope autograder zip: scripts and bundle at its root, the assignment (hidden suites included) under assignment/. */
export function gradescopeZip(assignment: Assignment, bundle: Uint8Array): Uint8Array {
  const encode = (text: string) => new TextEncoder().encode(text);
  const entries: Record<string, [Uint8Array, ZipAttributes]> = {
    'setup.sh': [encode(SETUP_SH), executable],
    run_autograder: [encode(RUN_AUTOGRADER), executable],
    [BUNDLE_FILE]: [bundle, plain],
  };
  for (const [path, bytes] of Object.entries(assignmentFiles(assignment, assignment.suites, manifestFor(assignment, assignment.suites)))) {
    entries[`assignment/${path}`] = [bytes, plain];
  }
  return zipSync(entries, { level: 9, mtime: ZIP_TIME });
}

/** Where the GitHub Classroom files go in a student's repository. */
export const GITHUB_DIR = '.github/penglaic';
export const WORKFLOW_FILE = '.github/workflows/classroom.yml';

/** A single-quoted shell word. */
function shellWord(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The command one workflow step runs: grade the repository as one submission, on one test. */
export function classroomCommand(testName: string, stepId: string): string {
  return [
    'node',
    `${GITHUB_DIR}/${BUNDLE_FILE}`,
    'grade',
    `${GITHUB_DIR}/assignment`,
    '.',
    '--single',
    '--jobs',
    '1',
    '--test',
    shellWord(testName),
    '--out',
    `/tmp/penglaic-classroom/${stepId}`,
  ].join(' ');
}

/** A runner id the reporter accepts: lower-case words joined by dashes, unique in the workflow. */
function stepId(index: number, name: string): string {
  const words = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 40).replace(/^-|-$/g, '');
  return `test-${index + 1}${words ? `-${words}` : ''}`;
}

export interface ClassroomFiles {
  /** Path in the repository → contents. */
  files: Record<string, Uint8Array>;
  /** Hidden suites left out: everything in a student's repository is readable by the student. */
  leftOut: string[];
}

/** The GitHub Classroom workflow plus the bundle and the public part of the assignment. */
export function classroomFiles(assignment: Assignment, plan: readonly PlannedTest[], bundle: Uint8Array): ClassroomFiles {
  const visibleSuites = assignment.suites.filter((s) => !s.hidden);
  const tests = plan.filter((t) => visibleSuites.some((s) => s.file === t.suite));
  const steps = tests.map((test, i) => {
    const id = stepId(i, test.name);
    return {
      name: test.name,
      id,
      uses: 'classroom-resources/autograding-command-grader@v1',
      with: {
        'test-name': test.name,
        'setup-command': '',
        command: classroomCommand(test.name, id),
        timeout: Math.max(1, Math.ceil(assignment.limits.timeoutSeconds / 60)),
        'max-score': test.points,
      },
    };
  });
  const workflow = {
    name: `Autograding Tests (${assignment.name})`,
    on: ['push', 'repository_dispatch'],
    permissions: { checks: 'write', actions: 'read', contents: 'read' },
    jobs: {
      'run-autograding-tests': {
        'runs-on': 'ubuntu-latest',
        if: "github.actor != 'github-classroom[bot]'",
        steps: [
          { name: 'Checkout code', uses: 'actions/checkout@v4' },
          { name: 'Set up Node 20', uses: 'actions/setup-node@v4', with: { 'node-version': '20' } },
          ...steps,
          {
            name: 'Autograding Reporter',
            uses: 'classroom-resources/autograding-grading-reporter@v1',
            env: Object.fromEntries(steps.map((s) => [`${s.id.toUpperCase()}_RESULTS`, `\${{steps.${s.id}.outputs.result}}`])),
            with: { runners: steps.map((s) => s.id).join(',') },
          },
        ],
      },
    },
  };
  const header = `# GitHub Classroom autograding for ${assignment.title}, written by \`penglaic autograder --github\`.\n# Each step grades this repository as one submission on one test, with that test's points.\n`;
  const files: Record<string, Uint8Array> = {
    [WORKFLOW_FILE]: new TextEncoder().encode(header + stringify(workflow, { lineWidth: 0 })),
    [`${GITHUB_DIR}/${BUNDLE_FILE}`]: bundle,
  };
  for (const [path, bytes] of Object.entries(assignmentFiles(assignment, visibleSuites, manifestFor(assignment, visibleSuites)))) {
    files[`${GITHUB_DIR}/assignment/${path}`] = bytes;
  }
  return { files, leftOut: assignment.suites.filter((s) => s.hidden).map((s) => s.file) };
}
