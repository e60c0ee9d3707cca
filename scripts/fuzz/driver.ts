// Runs fuzz targets for a number of inputs or hours (scripts/fuzz.mjs is the command). Each
// target runs in a worker thread: the worker reports the input it is on through shared memory,
// so the main thread can stop a worker that hangs and still say which input did it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { TARGETS, targetNamed } from './registry.js';
import type { FuzzInput, FuzzSession, FuzzTarget } from './target.js';

export const TARGET_NAMES = TARGETS.map((t) => t.name);

export interface FuzzOptions {
  targets: string[];
  count: number;
  hours: number | undefined;
  seed: number;
  root: string;
  /** Where failing inputs are written. */
  failureDir: string;
  log: (line: string) => void;
}

interface TargetReport {
  inputs: number;
  byKind: Record<string, number>;
  failures: { index: number; kind: string; problem: string; file: string }[];
  seconds: number;
}

/** A hang: no new input for this long (wall clock) stops the worker. */
const WALL_LIMIT_MS = 10 * 60_000;
/** Progress is printed every this many inputs. */
const PROGRESS_EVERY = 10_000;
/** Failures after which a target stops: the first ones say what to fix. */
const MAX_FAILURES = 20;

export async function runFuzz(options: FuzzOptions): Promise<number> {
  const unknown = options.targets.filter((t) => !targetNamed(t));
  if (unknown.length > 0) {
    options.log(`unknown target ${unknown.join(', ')}; targets: ${TARGETS.map((t) => t.name).join(', ')}`);
    return 2;
  }
  let failed = false;
  for (const name of options.targets) {
    const report = await runTarget(targetNamed(name)!, options);
    const kinds = Object.entries(report.byKind).sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} ${n}`).join(', ');
    options.log(`${name}: ${report.inputs} inputs in ${report.seconds.toFixed(1)} s (seed ${options.seed}), ${report.failures.length} failures`);
    options.log(`  ${kinds}`);
    for (const f of report.failures) options.log(`  FAIL input ${f.index} (${f.kind}): ${f.problem}\n    written to ${f.file}`);
    if (report.failures.length > 0) failed = true;
  }
  return failed ? 1 : 0;
}

function runTarget(target: FuzzTarget, options: FuzzOptions): Promise<TargetReport> {
  const progress = new Int32Array(new SharedArrayBuffer(8)); // [input being run, inputs done]
  const started = Date.now();
  const deadline = options.hours !== undefined ? started + options.hours * 3_600_000 : undefined;
  const worker = new Worker(new URL(import.meta.url), {
    workerData: { target: target.name, seed: options.seed, count: options.count, deadline, root: options.root, failureDir: options.failureDir, progress },
  });
  return new Promise((resolve, reject) => {
    let lastIndex = -1;
    let lastChange = Date.now();
    let reported = 0;
    const watchdog = setInterval(() => {
      const done = Atomics.load(progress, 1);
      if (done >= reported + PROGRESS_EVERY) {
        reported = done - (done % PROGRESS_EVERY);
        options.log(`${target.name}: ${done} inputs so far, ${((Date.now() - started) / 1000).toFixed(0)} s`);
      }
      const index = Atomics.load(progress, 0);
      if (index !== lastIndex) {
        lastIndex = index;
        lastChange = Date.now();
      } else if (Date.now() - lastChange > WALL_LIMIT_MS) {
        clearInterval(watchdog);
        void worker.terminate();
        const input = target.start(options.root, options.seed).input(index);
        const file = writeFailure(options.failureDir, target.name, options.seed, index, input.text);
        resolve({
          inputs: Atomics.load(progress, 1),
          byKind: {},
          failures: [{ index, kind: input.kind, problem: `no answer after ${WALL_LIMIT_MS / 1000} s: a hang`, file }],
          seconds: (Date.now() - started) / 1000,
        });
      }
    }, 1_000);
    worker.on('message', (report: TargetReport) => {
      clearInterval(watchdog);
      resolve({ ...report, seconds: (Date.now() - started) / 1000 });
    });
    worker.on('error', (error) => {
      clearInterval(watchdog);
      reject(error);
    });
  });
}

function writeFailure(dir: string, target: string, seed: number, index: number, text: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${target}-seed${seed}-input${index}.pen`);
  writeFileSync(file, text);
  return file;
}

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

/** Runs one input: what went wrong (a thrown exception, a problem the target saw, more CPU
 *  time than the input's bound), or undefined. */
export function runOne(session: FuzzSession, input: FuzzInput): string | undefined {
  const before = cpuMs();
  let problem: string | undefined;
  try {
    problem = session.run(input);
  } catch (error) {
    problem = `threw ${error instanceof Error ? (error.stack ?? error.message).split('\n').slice(0, 6).join(' | ') : String(error)}`;
  }
  const spent = cpuMs() - before;
  if (!problem && spent > session.cpuLimitMs(input)) problem = `took ${spent.toFixed(0)} ms of CPU, more than its ${session.cpuLimitMs(input).toFixed(0)} ms`;
  return problem;
}

/** The worker: runs one target's inputs in order and posts its report. */
function work(data: { target: string; seed: number; count: number; deadline: number | undefined; root: string; failureDir: string; progress: Int32Array }): void {
  const session = targetNamed(data.target)!.start(data.root, data.seed);
  const report: Omit<TargetReport, 'seconds'> = { inputs: 0, byKind: {}, failures: [] };
  for (let index = 0; data.deadline !== undefined ? Date.now() < data.deadline : index < data.count; index++) {
    Atomics.store(data.progress, 0, index);
    const input = session.input(index);
    const problem = runOne(session, input);
    report.inputs++;
    report.byKind[input.kind] = (report.byKind[input.kind] ?? 0) + 1;
    if (problem) {
      report.failures.push({ index, kind: input.kind, problem, file: writeFailure(data.failureDir, data.target, data.seed, index, input.text) });
      if (report.failures.length >= MAX_FAILURES) break;
    }
    Atomics.store(data.progress, 1, report.inputs);
  }
  parentPort!.postMessage(report);
}

if (!isMainThread && workerData?.target) work(workerData);
