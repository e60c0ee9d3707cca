// Builds a program from source text and runs it on the platform in-process: the whole
// pipeline (check, codegen, our assembler and linker, the emulator, the monitor).
import { expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSource } from '../../compiler/check/index.js';
import { buildChecked, type BuildOptions } from '../../compiler/build.js';
import { renderDiagnostics } from '../../compiler/diagnostics/render.js';
import { runPlatform } from '../../emulator/monitor/platform.js';
import { INSECURE_FIXED_DEVICE_SEED } from '../../emulator/monitor/attestation.js';
import { predictImage } from '../../compiler/cli/build.js';
import type { MonitorEvent } from '../../emulator/monitor/monitor.js';

export interface ProgramRun {
  stdout: string;
  exitCode: number | undefined;
  events: MonitorEvent[];
}

export function buildSource(source: string, file = 'test.pen', options: BuildOptions = {}) {
  const checked = checkSource(source, file);
  // The predictor `penglaic build` uses, so `measurement(X)` constants are filled in.
  const result = buildChecked(checked, [...checked.diagnostics], file, undefined, predictImage, options);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(renderDiagnostics(errors, checked.sources));
  return result;
}

export function runSource(source: string, options: { maxSteps?: number; harts?: number; build?: BuildOptions } = {}): ProgramRun {
  const result = buildSource(source, 'test.pen', options.build);
  const files = new Map(result.images.map((i) => [i.source.fileName, i.elf]));
  let stdout = '';
  const outcome = runPlatform({
    hostElf: files.get('host.elf')!,
    files,
    stdout: (bytes) => (stdout += Buffer.from(bytes).toString('utf8')),
    enclaveMaxSteps: options.maxSteps,
    harts: options.harts,
    deviceSeed: INSECURE_FIXED_DEVICE_SEED,
  });
  if ('error' in outcome) throw new Error(outcome.error);
  return { stdout, exitCode: outcome.exitCode, events: outcome.events };
}

/** Runs a self-checking program from test/compiler/programs/ and expects its exact output. */
export function expectProgram(name: string, expectedStdout: string): void {
  const source = readFileSync(join(import.meta.dirname, 'programs', name), 'utf8');
  const run = runSource(source);
  expect(run.events).toEqual([]);
  expect(run.stdout).toBe(expectedStdout);
  expect(run.exitCode).toBe(0);
}
