// Class-wide grading: `penglaic grade` of a generated class of 100 submissions of lab 1 of the
// course (samples/course/01-first-enclave with its hidden tests), as whole processes, at
// --jobs 1 and at --jobs 2; submissions per second, median and spread of 3 runs each,
// interleaved. The peer is the same command at --jobs 1: the ratio is what a second core buys.
// Each run's grades are compared with the first's (they must not depend on --jobs).
// PENGLAIC_BENCH_CLASS_SIZE shrinks the class while developing.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fmt, median } from './stats.js';

const RUNS = 3;
const SIZE = Number(process.env.PENGLAIC_BENCH_CLASS_SIZE ?? 100);
const LAB = '01-first-enclave';
const root = join(import.meta.dirname, '../..');
const cli = join(root, 'bin/penglaic.js');
const work = mkdtempSync(join(tmpdir(), 'penglaic-bench-grading-'));

// The teacher's assignment: the handout with the manifest and hidden tests laid over it.
const assignment = join(work, 'assignment');
cpSync(join(root, 'samples/course', LAB), assignment, { recursive: true });
cpSync(join(root, 'test/fixtures/course', LAB, 'assignment.json'), join(assignment, 'assignment.json'));
cpSync(join(root, 'test/fixtures/course', LAB, 'tests'), join(assignment, 'tests'), { recursive: true });

/** A class like a real one: mostly right in varied ways, some wrong answers, some that do not build or never end. */
function generateClass(dir: string): Record<string, number> {
  const solution = readFileSync(join(root, 'test/fixtures/course', LAB, 'solution/main.pen'), 'utf8');
  const kinds: Record<string, number> = {};
  let seed = 2026;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let i = 0; i < SIZE; i++) {
    const roll = next() % 100;
    let text = solution.replace('var sum: i64 = 0;', `var sum: i64 = 0;\n    var unused_${i}: i64 = ${i};\n    unused_${i} += 1;`);
    let kind = 'right';
    if (roll < 15) {
      kind = 'wrong value';
      text = text.replace('return 42;', `return ${40 + (next() % 5)};`).replace('1..101', `1..${100 + (next() % 3)}`);
    } else if (roll < 25) {
      kind = 'syntax error';
      text = text.replace('return sum;', 'return sum');
    } else if (roll < 32) {
      kind = 'endless loop';
      text = text.replace('for i in 1..101 { sum += i; }', 'var i: i64 = 1;\n    while i <= 100 { sum += i; }');
    } else if (roll < 40) {
      kind = 'starter';
      text = readFileSync(join(root, 'samples/course', LAB, 'starter/main.pen'), 'utf8');
    }
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    const student = join(dir, `student-${String(i).padStart(3, '0')}`);
    mkdirSync(student, { recursive: true });
    writeFileSync(join(student, 'main.pen'), text);
  }
  return kinds;
}

function tree(dir: string): string {
  const lines: string[] = [];
  const visit = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) visit(path);
      else lines.push(`${relative(dir, path)}\n${readFileSync(path, 'utf8')}`);
    }
  };
  visit(dir);
  return lines.join('\n');
}

const students = join(work, 'class');
const kinds = generateClass(students);
let reference: string | undefined;

function gradeOnce(jobs: number): number {
  const out = join(work, `out-${jobs}`);
  rmSync(out, { recursive: true, force: true });
  const start = performance.now();
  const result = spawnSync(process.execPath, [cli, 'grade', assignment, students, '--out', out, '--jobs', String(jobs)], { encoding: 'utf8' });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(`penglaic grade --jobs ${jobs} exited ${result.status}: ${result.stderr}`);
  const grades = tree(out);
  reference ??= grades;
  if (grades !== reference) throw new Error(`the grades at --jobs ${jobs} differ from the first run's`);
  return SIZE / seconds;
}

const rates = new Map<number, number[]>([
  [1, []],
  [2, []],
]);
for (let run = 0; run < RUNS; run++) for (const jobs of rates.keys()) rates.get(jobs)!.push(gradeOnce(jobs));

console.log(`grading: penglaic grade of ${SIZE} generated submissions of ${LAB} (${Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(', ')}), whole processes, median of ${RUNS}`);
const peer = median(rates.get(1)!);
for (const [jobs, samples] of rates) {
  const m = median(samples);
  console.log(`  --jobs ${jobs}: ${fmt(m, 2)} submissions/s (runs ${fmt(Math.min(...samples), 2)} to ${fmt(Math.max(...samples), 2)}), ${fmt(m / peer, 2)}x --jobs 1`);
}
console.log(`  the grades were byte-identical in all ${RUNS * rates.size} runs`);
rmSync(work, { recursive: true, force: true });
