// `penglaic trace FILE`: draws a trace written by `penglaic run --trace` as an IPC sequence
// diagram and a region-ownership timeline, into one self-contained HTML or SVG file.
import { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readTrace, TraceError } from '../trace/trace-reader.js';
import { DEFAULT_LIMITS, TraceModel } from '../trace/trace-model.js';
import { traceHtml, traceSvg } from '../trace/trace-page.js';
import { err, parseCount, UsageError } from './common.js';

interface TraceOptions {
  html?: string;
  svg?: string;
  maxRows?: string;
}

/** Reads and checks a trace into the model the pictures draw; bad input is a located error. */
export function loadTraceModel(path: string, maxRows?: number): TraceModel {
  const model = new TraceModel({ ...DEFAULT_LIMITS, ...(maxRows === undefined ? {} : { maxRows }) });
  try {
    readTrace(resolve(path), model.visitor);
  } catch (e) {
    if (e instanceof TraceError) throw new UsageError(`[${e.code}] ${path}: ${e.message}`);
    throw e;
  }
  return model;
}

function trace(file: string, options: TraceOptions): number {
  if (options.html === undefined && options.svg === undefined) throw new UsageError('say where to draw the trace: --html OUT.html and/or --svg OUT.svg');
  const maxRows = options.maxRows === undefined ? undefined : parseCount(options.maxRows, '--max-rows');
  const model = loadTraceModel(file, maxRows);
  const save = (path: string, text: string) => {
    try {
      writeFileSync(resolve(path), text);
    } catch (e) {
      throw new UsageError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    err(`penglaic: drew ${model.eventCount} events into ${path}\n`);
  };
  if (options.html !== undefined) save(options.html, traceHtml(model));
  if (options.svg !== undefined) save(options.svg, traceSvg(model));
  return 0;
}

export function traceCommand(setStatus: (status: number) => void): Command {
  return new Command('trace')
    .description('draw a trace from `penglaic run --trace`: an IPC sequence diagram and a region-ownership timeline')
    .argument('<file>', 'a trace file written by `penglaic run --trace` or `penglaic test --trace`')
    .option('--html <out>', 'write one self-contained HTML page with both views (click an arrow for its details)')
    .option('--svg <out>', 'write both views as one SVG file')
    .option('--max-rows <n>', `fold the diagram into groups after this many rows (default ${DEFAULT_LIMITS.maxRows}; 0 never folds)`)
    .action((file, options) => setStatus(trace(file, options)));
}
