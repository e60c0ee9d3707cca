// The grader's machine (compiler/grader/test-platform.ts) on the emulator: one fresh
// platform per test, its output captured with the monitor's report lines in program order
// (the same lines `penglaic run` prints, fault positions included).
import { runPlatform } from '../../emulator/index.js';
import type { MachineStop, TestMachine, TestMachineOutcome, TestMachineRequest } from '../grader/test-platform.js';
import { runTests, type TestRunOptions } from '../grader/test-run.js';
import type { TestReport } from '../grader/report.js';
import { predictImage } from './predict-image.js';
import { describeEvent } from './describe-event.js';
import type { TestTraces } from '../trace/test-traces.js';
import type { HartChoice } from './hart-options.js';

/** The machine, with the device secret every test's monitor derives its keys from. */
export const emulatorMachine = (deviceSeed: Uint8Array, traces?: TestTraces, harts?: HartChoice): TestMachine => ({
  run(request: TestMachineRequest): TestMachineOutcome {
    const trace = traces && request.manifest ? traces.start({ name: request.hostArgs[0], elf: request.hostElf }, request.manifest, request.files) : undefined;
    let output = '';
    let printed = 0;
    const quiet = new Set<object>();
    const decoder = new TextDecoder();
    // Past the limit nothing more is kept: the test ends as an error once the run stops.
    const append = (text: string, bytes: number) => {
      printed += bytes;
      if (printed <= request.maxOutputBytes) output += text;
    };
    const outcome = runPlatform({
      tracer: trace?.tracer,
      deviceSeed,
      hostElf: request.hostElf,
      hostArgs: request.hostArgs,
      files: request.files,
      stdout: (bytes) => append(decoder.decode(bytes, { stream: true }), bytes.length),
      onEvent: (event) => {
        const line = describeEvent(event, request.domainOf);
        // describe-event.ts leaves out what is no news (a server's own abort after its error line).
        if (line === '') quiet.add(event);
        append(line, Buffer.byteLength(line));
      },
      enclaveMaxSteps: request.enclaveMaxSteps,
      totalMaxSteps: request.totalMaxSteps,
      wallClockMs: request.wallClockMs,
      ...harts,
    });
    trace?.finish('error' in outcome ? { instret: 0, stopReason: outcome.error } : outcome);
    if ('error' in outcome) return { error: outcome.error };
    output += printed <= request.maxOutputBytes ? decoder.decode() : '';
    const stops = outcome.events.filter((event) => !quiet.has(event)).map((event): MachineStop =>
      event.kind === 'fault'
        ? { kind: 'fault', enclave: event.report.enclave, pc: event.report.pc, returnAddress: event.report.returnAddress, cause: event.report.cause, causeCode: event.report.causeCode, address: event.report.address, detail: event.report.detail }
        : { kind: 'step-limit', enclave: event.enclave, pc: event.pc, steps: event.steps },
    );
    const overflowed = printed > request.maxOutputBytes;
    return {
      exitCode: overflowed ? undefined : outcome.exitCode,
      stop: overflowed
        ? { kind: 'output-limit', message: `the test printed ${printed} bytes, more than the ${request.maxOutputBytes} kept` }
        : outcome.exitCode === undefined
          ? { kind: outcome.stopKind ?? 'machine', message: outcome.stopReason ?? 'the machine stopped' }
          : undefined,
      output,
      stops,
      expectations: outcome.expectations.map((e) => ({ ...e })),
      instructions: outcome.instret,
    };
  },
});

/** `runTests` on the emulator: what `penglaic test` and `penglaic grade` call. */
export function runTestsOnEmulator(options: Omit<TestRunOptions, 'machine'> & { deviceSeed: Uint8Array; traces?: TestTraces; harts?: HartChoice }): TestReport {
  const { deviceSeed, traces, harts, ...rest } = options;
  return runTests({ ...rest, machine: emulatorMachine(deviceSeed, traces, harts), predict: predictImage });
}
