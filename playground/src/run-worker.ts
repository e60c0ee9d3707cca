// The run worker: the compiler, the emulator and the monitor in a Web Worker, so a long run
// never blocks the page, and Stop is terminating the worker. It composes the same layers as
// `penglaic build` + `penglaic run` and `penglaic test` (compiler/cli): buildProgram with the
// CLI's measurement predictor, the platform with the CLI's report lines, runTestsOnEmulator.
import { buildProgram } from '../../compiler/build.js';
import { renderDiagnostics } from '../../compiler/diagnostics/render.js';
import { describeEvent, manifestLookup } from '../../compiler/cli/describe-event.js';
import { predictImage } from '../../compiler/cli/predict-image.js';
import { runTestsOnEmulator } from '../../compiler/cli/test-platform.js';
import { domainImagesOf } from '../../compiler/trace/domain-images.js';
import { ownershipTimeline } from '../../compiler/trace/ownership-timeline.js';
import { sequenceDiagram } from '../../compiler/trace/sequence-diagram.js';
import { parseTrace } from '../../compiler/trace/trace-reader.js';
import { DEFAULT_LIMITS, TraceModel } from '../../compiler/trace/trace-model.js';
import { TraceRecorder } from '../../compiler/trace/trace-recorder.js';
import { TraceWriter, type LineSink } from '../../compiler/trace/trace-writer.js';
import { startPlatform } from '../../emulator/index.js';
import { OUTPUT_CAP_BYTES, type Program, type RunReply, type RunRequest } from './messages.js';

// The worker's global scope speaks the same postMessage/onmessage interface as a Worker object.
const worker = self as unknown as Worker;
const post = (reply: RunReply) => worker.postMessage(reply);
/** Instructions between two flushes of the console: output reaches the page as the run goes. */
const SLICE = 2_000_000;

/** The page's device secret: fresh for each worker, as the emulated device has no fuses. */
function deviceSeed(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(32));
}

function sourceHost(program: Program) {
  return { readFile: (path: string) => program.files[path.replace(/^\/+/, '')] ?? program.files[path] };
}

/** The trace written to memory instead of a file. */
class MemorySink implements LineSink {
  text = '';
  write(text: string): void {
    this.text += text;
  }
  close(): void {}
}

function run(program: Program): void {
  const sources = sourceHost(program);
  const built = buildProgram(program.entry, sources, program.entry, predictImage);
  const texts = new Map(Object.entries(program.files));
  if (built.diagnostics.length > 0) {
    const errors = built.diagnostics.filter((d) => d.severity === 'error').length;
    post({ kind: 'diagnostics', text: renderDiagnostics(built.diagnostics, texts) + '\n', errors });
  }
  if (!built.manifest) return post({ kind: 'done', stopReason: 'the program did not build' });
  const manifest = built.manifest;
  const files = new Map(built.images.map((image) => [image.source.fileName, image.elf]));
  const host = manifest.images.find((i) => i.kind === 'host')!;
  const sink = new MemorySink();
  const writer = new TraceWriter(sink, manifest.source);
  const recorder = new TraceRecorder(domainImagesOf(manifest, (file) => files.get(file), files.get(host.file)), writer);
  const lookup = manifestLookup(manifest, files);

  let pending = '';
  let printed = 0;
  const decoder = new TextDecoder();
  const append = (text: string) => {
    printed += new TextEncoder().encode(text).length;
    if (printed <= OUTPUT_CAP_BYTES) pending += text;
  };
  const flush = () => {
    if (pending !== '') post({ kind: 'output', text: pending });
    pending = '';
  };
  const started = performance.now();
  const session = startPlatform({
    tracer: recorder,
    deviceSeed: deviceSeed(),
    hostElf: files.get(host.file)!,
    hostArgs: [host.file],
    files,
    stdout: (bytes) => append(decoder.decode(bytes, { stream: true })),
    onEvent: (event) => append(describeEvent(event, lookup)),
  });
  if ('error' in session) return post({ kind: 'done', stopReason: `cannot start ${host.file}: ${session.error}` });
  for (;;) {
    const step = session.advance(SLICE);
    if (printed > OUTPUT_CAP_BYTES) {
      flush();
      recorder.finish({ instret: session.machine.instret, stopReason: 'output cap', wallMs: performance.now() - started });
      return post({ kind: 'done', stopReason: 'stopped', note: `output capped: the program printed more than ${OUTPUT_CAP_BYTES / 1024} KiB, so the playground ended the run` });
    }
    if (step.kind !== 'ended') {
      flush();
      continue;
    }
    append(decoder.decode());
    flush();
    const outcome = step.outcome;
    recorder.finish({ instret: outcome.instret, exitCode: outcome.exitCode, stopReason: outcome.stopReason, wallMs: performance.now() - started });
    const model = new TraceModel(DEFAULT_LIMITS);
    parseTrace(sink.text, model.visitor);
    post({ kind: 'trace', sequence: sequenceDiagram(model).svg, timeline: ownershipTimeline(model) });
    return post({ kind: 'done', exitCode: outcome.exitCode, stopReason: outcome.stopReason });
  }
}

function test(program: Program): void {
  const testFiles = Object.keys(program.files).filter((path) => /^\s*test\s+"/m.test(program.files[path]));
  const report = runTestsOnEmulator({ files: testFiles.length > 0 ? testFiles : [program.entry], sources: sourceHost(program), deviceSeed: deviceSeed() });
  post({ kind: 'tests', report });
  post({ kind: 'done', exitCode: report.exitCode });
}

worker.onmessage = (message: MessageEvent<RunRequest>) => {
  try {
    if (message.data.kind === 'run') run(message.data.program);
    else test(message.data.program);
  } catch (error) {
    post({ kind: 'done', stopReason: `internal error: ${error instanceof Error ? error.message : String(error)}` });
  }
};
