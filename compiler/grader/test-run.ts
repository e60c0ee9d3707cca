// Builds a program from the files named and runs the tests written in those files (never the
// tests of files they import), one fresh machine per test, into a TestReport. Pure: it
// prints nothing, exits nothing and reads only through the SourceHost, so `penglaic grade`
// may call it from worker threads; given the same files, machine and clock it gives the same
// report.
import * as path from 'node:path';
import type { Diagnostic } from '../../grammar/diagnostic.js';
import { MAX_NAME_CHARS, faultKindName } from '../../runtime/abi.js';
import { buildChecked, type BuiltImage, type BuiltTest, type MeasurementPredictor } from '../build.js';
import { checkProgram, hasErrors, type SourceHost, type TestInfo } from '../check/index.js';
import { sourcePositionOf } from '../line-table.js';
import { HIDDEN_FILE, type EnclaveStop, type ReportLocation, type TestFailure, type TestReport, type TestResult, TEST_REPORT_VERSION } from './report.js';
import { feedbackOf, hiddenFilesOf, Redactor } from './hidden-files.js';
import { summarise } from './summary.js';
import type { MachineStop, TestMachine, TestMachineOutcome } from './test-platform.js';

export interface TestRunOptions {
  /** The files whose tests run; they are built as one program with everything they import. */
  files: readonly string[];
  sources: SourceHost;
  /** The machine each test runs on (compiler/cli/test-platform.ts: the emulator). */
  machine: TestMachine;
  /** Only tests whose name contains this text. */
  filter?: string;
  /** Default instruction budget of each enclave run (a test's `max_steps` wins); 100 million. */
  maxSteps?: number;
  /** Default wall-clock limit of a test in ms (a test's `timeout_ms` wins); 10000. */
  timeoutMs?: number;
  /** The most a test may print, in bytes (16 MiB): more ends it with an error. */
  maxOutputBytes?: number;
  /** Files to treat as hidden test files besides those with a test that is not `visible`. */
  hiddenFiles?: readonly string[];
  /** Milliseconds, for durations; performance.now by default. A fixed clock makes reports byte-identical. */
  clock?: () => number;
  /** What the monitor will measure for each image, for `measurement(X)` constants (the CLI's predictor). */
  predict?: MeasurementPredictor;
}

export const DEFAULT_ENCLAVE_STEPS = 100_000_000;
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

/** The name of the file that imports all the named files when several are given. */
const TESTS_ROOT = '.penglaic-tests.pen';

export function runTests(options: TestRunOptions): TestReport {
  const clock = options.clock ?? (() => performance.now());
  const { rootPath, host } = programRoot(options.files, options.sources);
  const checked = checkProgram(rootPath, host, { testFiles: options.files });
  const diagnostics: Diagnostic[] = [...checked.diagnostics];
  const build = hasErrors(checked) ? undefined : buildChecked(checked, diagnostics, rootPath, undefined, options.predict);
  const named = new Set(options.files.map((f) => path.normalize(f)));
  const selected = (tests: readonly TestInfo[]) =>
    tests.filter((t) => named.has(path.normalize(t.file)) && (options.filter === undefined || t.name.includes(options.filter)));
  const hidden = hiddenFilesOf(checked.tests, options.hiddenFiles ?? []);
  const redact = new Redactor(hidden);
  const feedback = feedbackOf(diagnostics, checked.sources, redact);

  if (!build?.manifest) {
    const tests = selected(checked.tests).map((t) => notRun(t, redact));
    return summarise({ version: TEST_REPORT_VERSION, files: options.files.map((f) => redact.file(f)), tests, ...feedback, built: false });
  }
  const images = build.images;
  const files = new Map(images.map((image) => [image.source.fileName, image.elf]));
  const domainOf = (monitorName: string) => {
    const image = images.find((i) => i.source.section.kind !== 'host' && monitorNameOf(i) === monitorName);
    if (!image) return undefined;
    const section = image.source.section;
    // As `penglaic run` names them (cli/run.ts manifestLookup).
    const label = section.kind === 'server' ? `server ${section.name} ("${section.registeredName ?? section.name}")` : `enclave ${section.name}`;
    return { image: image.elf, label };
  };
  const imageOf = (monitorName: string) => domainOf(monitorName)?.image;
  const tests = selected(build.tests).map((test) => {
    const enclaveMaxSteps = test.maxSteps ?? options.maxSteps ?? DEFAULT_ENCLAVE_STEPS;
    const started = clock();
    const outcome = options.machine.run({
      hostElf: (test as BuiltTest).elf,
      hostArgs: [test.name],
      files,
      enclaveMaxSteps,
      totalMaxSteps: enclaveMaxSteps * 10,
      wallClockMs: test.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      domainOf,
      maxOutputBytes: options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
      manifest: build.manifest,
    });
    const durationMs = Math.max(0, Math.round((clock() - started) * 1000) / 1000);
    return judge(test, outcome, durationMs, imageOf, redact);
  });
  return summarise({ version: TEST_REPORT_VERSION, files: options.files.map((f) => redact.file(f)), tests, ...feedback, built: true });
}

/** One file is the program's root; several are imported by a root made for them. */
function programRoot(files: readonly string[], sources: SourceHost): { rootPath: string; host: SourceHost } {
  if (files.length === 1) return { rootPath: files[0], host: sources };
  const dir = path.dirname(files[0]);
  const rootPath = path.join(dir, TESTS_ROOT);
  const text = files.map((f) => `import ${JSON.stringify(path.relative(dir, f).split(path.sep).join('/'))};\n`).join('');
  return { rootPath, host: { readFile: (file) => (path.normalize(file) === path.normalize(rootPath) ? text : sources.readFile(file)) } };
}

function monitorNameOf(image: BuiltImage): string {
  return (image.source.section.registeredName ?? image.source.section.name).slice(0, MAX_NAME_CHARS);
}

function baseResult(test: TestInfo, redact: Redactor): Omit<TestResult, 'status' | 'points' | 'durationMs' | 'instructions' | 'output' | 'failure' | 'stops'> {
  return { name: test.name, file: redact.file(test.file), part: test.part ?? null, visibility: test.visibility };
}

function notRun(test: TestInfo, redact: Redactor): TestResult {
  return {
    ...baseResult(test, redact),
    status: 'not-run',
    points: { earned: 0, possible: test.points },
    durationMs: 0,
    instructions: 0,
    output: '',
    failure: { message: 'the program did not build, so this test did not run' },
    stops: [],
  };
}

/** `error: <what> at FILE:LINE:COL[: detail]`: how the runtime reports an assertion or a failed operation. */
const ERROR_LINE = /^error: (.*?) at ((?:[^:\n]|:(?!\d+:\d+))+):(\d+):(\d+)(?::? ?(.*))?$/;
/** What a test's own checks print; any other `error:` is an operation that failed. */
const CHECK_FAILURE = /^(assert failed|assert_eq failed|expect_fault failed|index out of bounds)/;

function judge(test: TestInfo, outcome: TestMachineOutcome, durationMs: number, imageOf: (name: string) => Uint8Array | undefined, redact: Redactor): TestResult {
  const base = baseResult(test, redact);
  const possible = test.points;
  if ('error' in outcome) {
    return { ...base, status: 'error', points: { earned: 0, possible }, durationMs, instructions: 0, output: '', failure: { message: `the test could not start: ${outcome.error}` }, stops: [] };
  }
  const output = outcome.output;
  const stops = outcome.stops.map((stop) => enclaveStop(stop, imageOf, redact));
  let status: TestResult['status'] = 'passed';
  let failure: TestFailure | null = null;
  if (outcome.exitCode === undefined) {
    status = 'error';
    const limit = outcome.stop?.kind === 'wall-clock' ? ` (timeout_ms ${test.timeoutMs ?? 'default'})` : '';
    failure = { message: `${outcome.stop?.message ?? 'the test did not finish'}${limit}` };
  } else if (outcome.exitCode !== 0) {
    const line = output.split('\n').reverse().find((l) => ERROR_LINE.test(l));
    const match = line ? ERROR_LINE.exec(line) : null;
    if (match && outcome.exitCode === 1) {
      const [, what, file, lineNo, column, detail] = match;
      status = CHECK_FAILURE.test(what) ? 'failed' : 'error';
      failure = { message: redact.text(`${what}${detail ? `: ${detail}` : ''}`), location: redact.location({ file, line: Number(lineNo), column: Number(column) }) };
    } else {
      status = 'error';
      const hostFault = output.split('\n').find((l) => l.startsWith('host faulted:'));
      failure = { message: hostFault ?? `the test's host exited with status ${outcome.exitCode}` };
    }
  } else {
    failure = unmetExpectation(outcome.expectations, output, redact);
    if (failure) status = 'failed';
  }
  return {
    ...base,
    status,
    points: { earned: status === 'passed' ? possible : 0, possible },
    durationMs,
    instructions: outcome.instructions,
    output: redact.text(output),
    failure,
    stops,
  };
}

function unmetExpectation(expectations: Extract<TestMachineOutcome, { output: string }>['expectations'], output: string, redact: Redactor): TestFailure | null {
  for (const expectation of expectations) {
    const found = output.includes(expectation.text);
    if (found === (expectation.mode === 'contains')) continue;
    const where = /^(.*):(\d+):(\d+)$/.exec(expectation.location);
    const location = where ? redact.location({ file: where[1], line: Number(where[2]), column: Number(where[3]) }) : undefined;
    const quoted = JSON.stringify(expectation.text);
    const message = expectation.mode === 'contains' ? `expect_output failed: the output never contains ${quoted}` : `expect_no_output failed: the output contains ${quoted}`;
    return { message, location };
  }
  return null;
}

function enclaveStop(stop: MachineStop, imageOf: (name: string) => Uint8Array | undefined, redact: Redactor): EnclaveStop {
  const image = imageOf(stop.enclave);
  const hex = (v: bigint) => `0x${BigInt.asUintN(64, v).toString(16)}`;
  const positionAt = (pc: bigint): ReportLocation | undefined => {
    const position = image && sourcePositionOf(image, pc);
    return position ? redact.location({ file: position.file, line: position.line, column: position.column }) : undefined;
  };
  if (stop.kind === 'step-limit') {
    const location = positionAt(stop.pc);
    return {
      enclave: stop.enclave,
      kind: 'step-limit',
      faultKind: 'step_limit',
      pc: hex(stop.pc),
      ...(location ? { location } : {}),
      detail: `it ran ${stop.steps} instructions without finishing`,
      budgetExhausted: true,
      steps: stop.steps,
    };
  }
  // A fault inside a runtime routine is placed at the statement that called it (describe-event.ts).
  const location = positionAt(stop.pc) ?? positionAt(stop.returnAddress - 1n);
  return {
    enclave: stop.enclave,
    kind: 'fault',
    faultKind: faultKindName(stop.causeCode) ?? `exception_${stop.causeCode}`,
    cause: stop.cause,
    causeCode: stop.causeCode,
    pc: hex(stop.pc),
    ...(stop.address !== undefined ? { address: hex(stop.address) } : {}),
    ...(location ? { location } : {}),
    detail: redact.text(stop.detail),
    budgetExhausted: false,
  };
}

export { HIDDEN_FILE };
