// Start-up of the `penglaic` process: `penglaic run` of samples/hello (build once first),
// `penglaic check` of the same program, and `penglaic --version`, each as a whole process,
// against `node -e 0` measured in the same run. A grader starts penglaic thousands of times,
// so this is the figure a class of submissions pays per test run. Whole processes on both
// sides; nothing is subtracted. The spread is the fastest and slowest of the runs.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, median } from './stats.js';

const RUNS = 21;
const root = join(import.meta.dirname, '../..');
const cli = join(root, 'bin/penglaic.js');
const dir = mkdtempSync(join(tmpdir(), 'penglaic-startup-'));
cpSync(join(root, 'samples/hello'), dir, { recursive: true });

function processMs(args: string[], cwd: string): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

processMs([cli, 'build'], dir);
const cases: [string, string[]][] = [
  ['node -e 0', ['-e', '0']],
  ['penglaic --version', [cli, '--version']],
  ['penglaic run (hello)', [cli, 'run']],
  ['penglaic check (hello)', [cli, 'check']],
];
// Interleave the cases run by run, so a burst of load on the machine hits all of them alike.
const samples = new Map(cases.map(([name]) => [name, [] as number[]]));
for (let i = 0; i < RUNS; i++) for (const [name, args] of cases) samples.get(name)!.push(processMs(args, dir));
const peer = median(samples.get('node -e 0')!);
console.log(`start-up (whole processes, median of ${RUNS}, interleaved)`);
for (const [name] of cases) {
  const s = samples.get(name)!;
  const m = median(s);
  console.log(`  ${name.padEnd(24)} ${fmt(m).padStart(7)} ms  (${fmt(Math.min(...s))}–${fmt(Math.max(...s))})  ${fmt(m / peer, 2)}x node -e 0`);
}
