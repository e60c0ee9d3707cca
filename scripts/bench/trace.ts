// Tracing: what `--trace` costs a run (the same program with and without it, as a
// ratio), how big the trace of samples/server-chain is and how long drawing it takes, and
// drawing a generated trace of 1,000,000 events (streamed from disk, folded into groups)
// with its time and peak memory. The peer of the render is reading and JSON.parse-ing the
// same file line by line, measured in the same run.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildProgram } from '../../compiler/build.js';
import { DiskSources } from '../../compiler/cli/common.js';
import { domainImagesOf } from '../../compiler/trace/domain-images.js';
import { TraceRecorder } from '../../compiler/trace/trace-recorder.js';
import { FileSink, TraceWriter } from '../../compiler/trace/trace-writer.js';
import { readTrace } from '../../compiler/trace/trace-reader.js';
import { TraceModel } from '../../compiler/trace/trace-model.js';
import { traceHtml } from '../../compiler/trace/trace-page.js';
import { INSECURE_FIXED_DEVICE_SEED, runPlatform } from '../../emulator/index.js';
import type { TraceEvent } from '../../runtime/trace-format.js';
import { fmt, median, time } from './stats.js';

const RUNS = 5;
const scratch = mkdtempSync(join(tmpdir(), 'penglaic-trace-bench-'));

/** Process CPU time in ms: on a shared machine wall time also counts other processes' turns. */
const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

/** Draws a trace file into HTML: the work `penglaic trace --html` does. */
function render(path: string, out: string): { events: number; bytes: number; grouped: boolean } {
  const model = new TraceModel();
  readTrace(path, model.visitor);
  const html = traceHtml(model);
  writeFileSync(out, html);
  return { events: model.eventCount, bytes: html.length, grouped: model.grouped };
}

/** Reads the file in the same chunks and parses every line: the floor any reader pays. */
function parseOnly(path: string): number {
  const fd = openSync(path, 'r');
  const chunk = Buffer.allocUnsafe(1 << 20);
  let carry = '';
  let lines = 0;
  for (;;) {
    const got = readSync(fd, chunk, 0, chunk.length, null);
    if (got === 0) break;
    const parts = (carry + chunk.toString('utf8', 0, got)).split('\n');
    carry = parts.pop()!;
    for (const line of parts) if (line) (JSON.parse(line), lines++);
  }
  closeSync(fd);
  return lines;
}

if (process.argv[2] === 'render') {
  // A process of its own, so its peak RSS is the render's alone.
  const start = cpuMs();
  const value = render(process.argv[3], process.argv[4]);
  const ms = cpuMs() - start;
  parseOnly(process.argv[3]);
  const peer = cpuMs() - start - ms;
  process.stdout.write(JSON.stringify({ ms, peer, maxRssKiB: process.resourceUsage().maxRSS, ...value }));
  process.exit(0);
}

function build(sample: string) {
  const path = resolve('samples', sample, 'main.pen');
  const result = buildProgram(path, new DiskSources(), 'main.pen');
  if (!result.manifest) throw new Error(`samples/${sample} did not build`);
  const files = new Map(result.images.map((image) => [image.source.fileName, image.elf]));
  const host = result.manifest.images.find((i) => i.kind === 'host')!;
  return { manifest: result.manifest, files, hostElf: files.get(host.file)! };
}

/** One run of a sample, traced to `tracePath` or not; CPU ms of the run. */
function runOnce(program: ReturnType<typeof build>, tracePath?: string): number {
  const recorder = tracePath
    ? new TraceRecorder(domainImagesOf(program.manifest, (f) => program.files.get(f), program.hostElf), new TraceWriter(new FileSink(tracePath), 'main.pen'))
    : undefined;
  const start = cpuMs();
  const outcome = runPlatform({ hostElf: program.hostElf, files: program.files, stdout: () => {}, tracer: recorder, deviceSeed: INSECURE_FIXED_DEVICE_SEED });
  recorder?.finish({ instret: 'error' in outcome ? 0 : outcome.instret, wallMs: 0 });
  const ms = cpuMs() - start;
  if ('error' in outcome || outcome.exitCode !== 0) throw new Error('the sample failed');
  return ms;
}

console.log(`trace: median of ${RUNS} runs each, process CPU time`);
for (const sample of ['server-chain', 'time-slices']) {
  const program = build(sample);
  const path = join(scratch, `${sample}.json`);
  runOnce(program);
  runOnce(program, path);
  const plain: number[] = [];
  const traced: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    plain.push(runOnce(program));
    traced.push(runOnce(program, path));
  }
  const events = statSync(path).size;
  const drawStart = cpuMs();
  const drawn = { value: render(path, join(scratch, `${sample}.html`)), ms: 0 };
  drawn.ms = cpuMs() - drawStart;
  console.log(
    `  ${sample.padEnd(13)} run ${fmt(median(plain), 1)} ms, with --trace ${fmt(median(traced), 1)} ms: ratio ${fmt(median(traced) / median(plain), 2)}x; trace ${fmt(events / 1024, 1)} KiB, ${drawn.value.events} events, drawn in ${fmt(drawn.ms, 1)} ms`,
  );
}

// A generated run: a caller → relay → adder chain, each call lending a 16 KiB region,
// a print per call, and a timer slice every 200 chains.
const EVENTS = 1_000_000;
const big = join(scratch, 'million.json');
const generated = time(() => {
  const writer = new TraceWriter(new FileSink(big), 'generated.pen');
  let t = 0;
  let n = 0;
  const emit = (e: TraceEvent) => {
    writer.event(e);
    n++;
  };
  const region = (from: number, to: number) => ({ id: '0x84251000', va: '0x2ffffb000', toVa: '0x2ffffb000', pages: 4, from, to });
  emit({ t: (t += 200), at: -1, kind: 'create', eid: 0, name: 'test-server', type: 'server', measurement: '0x01' });
  emit({ t: (t += 200), at: -1, kind: 'create', eid: 1, name: 'test-server1', type: 'server', measurement: '0x02' });
  emit({ t: (t += 200), at: -1, kind: 'create', eid: 2, name: 'Caller', type: 'normal', measurement: '0x03' });
  emit({ t: (t += 200), at: -1, kind: 'run', eid: 2, slice: 100_000 });
  emit({ t: (t += 30), at: 2, kind: 'move', reason: 'mmap', region: region(-2, 2) });
  for (let chain = 0; n < EVENTS - 3; chain++) {
    emit({ t: (t += 90), at: 2, kind: 'call', to: 1, function: '0x0', args: [`0x${chain.toString(16)}`], code: 0, request: region(2, 1), name: 'fill', src: 'generated.pen:37:5' });
    emit({ t: (t += 60), at: 1, kind: 'ocall', ocall: 'print', text: `relay ${chain}\n`, src: 'generated.pen:24:5' });
    emit({ t: (t += 90), at: 1, kind: 'call', to: 0, function: '0x0', args: [`0x${chain.toString(16)}`], code: 0, request: region(1, 0), name: 'fill', src: 'generated.pen:26:5' });
    emit({ t: (t += 120), at: 0, kind: 'return', to: 1, result: '0x2', code: 0, request: region(0, 1) });
    emit({ t: (t += 40), at: 1, kind: 'return', to: 2, result: '0x3', code: 0, request: region(1, 2) });
    if (chain % 200 === 199 && n < EVENTS - 5) {
      emit({ t: (t += 10), at: 2, kind: 'preempt', eid: 2, reason: 'timer', executing: 2 });
      emit({ t: (t += 10), at: -1, kind: 'resume', eid: 2, slice: 100_000, into: 2 });
    }
  }
  emit({ t: (t += 50), at: 2, kind: 'end', eid: 2, reason: 'return', value: '0x0', code: 0 });
  emit({ t: (t += 50), at: -1, kind: 'destroy', eid: 1, code: 0 });
  emit({ t: (t += 50), at: -1, kind: 'destroy', eid: 0, code: 0 });
  writer.close({ instret: t + 100, exitCode: 0, domains: [] });
  return n;
});
const child = spawnSync(process.execPath, [process.argv[1], 'render', big, join(scratch, 'million.html')], { encoding: 'utf8', maxBuffer: 1 << 20 });
if (child.status !== 0) throw new Error(`rendering the big trace failed: ${child.stderr}`);
const r = JSON.parse(child.stdout) as { ms: number; peer: number; maxRssKiB: number; events: number; bytes: number; grouped: boolean };
console.log(
  `  generated     ${generated.value.toLocaleString('en-US')} events (${fmt(statSync(big).size / 1048576, 1)} MiB) written in ${fmt(generated.ms / 1000, 2)} s; drawn in ${fmt(r.ms / 1000, 2)} s of CPU${r.grouped ? ', grouped' : ''} (${fmt(r.bytes / 1024, 0)} KiB of HTML), peak RSS ${fmt(r.maxRssKiB / 1024, 0)} MiB`,
);
console.log(`  peer: reading and JSON.parse of the same file ${fmt(r.peer / 1000, 2)} s: the render costs ${fmt(r.ms / r.peer, 2)}x a bare parse`);
rmSync(scratch, { recursive: true, force: true });
