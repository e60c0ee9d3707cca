// `penglaic test --trace DIR`: one trace per test block, named after the test.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { MonitorTracer } from '../../runtime/trace-format.js';
import type { Manifest } from '../manifest.js';
import { domainImagesOf } from './domain-images.js';
import { traceFileNameOf } from './trace-file-name.js';
import { TraceRecorder } from './trace-recorder.js';
import { FileSink, TraceWriter } from './trace-writer.js';

/** "chain answers 0" → "chain-answers-0.json"; names that collapse alike get a number. */
function fileNameOf(test: string, taken: Set<string>): string {
  const base = traceFileNameOf(test).replace(/\.json$/, '');
  let name = `${base}.json`;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}.json`;
  taken.add(name);
  return name;
}

export class TestTraces {
  private readonly taken = new Set<string>();

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  /** A tracer for one test's run, and what closes its trace when the run is over. */
  start(
    test: { name: string; elf: Uint8Array },
    manifest: Manifest,
    files: ReadonlyMap<string, Uint8Array>,
  ): { tracer: MonitorTracer; finish: (outcome: { instret: number; exitCode?: number; stopReason?: string }) => void } {
    const writer = new TraceWriter(new FileSink(join(this.dir, fileNameOf(test.name, this.taken))), `${manifest.source}: test "${test.name}"`);
    const recorder = new TraceRecorder(domainImagesOf(manifest, (file) => files.get(file), test.elf), writer);
    return { tracer: recorder, finish: (outcome) => void recorder.finish({ ...outcome, wallMs: 0 }) };
  }
}
