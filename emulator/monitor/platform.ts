// The whole emulated platform for `penglaic run`: one machine, the monitor as its trap
// handler, a host program, and the build directory's files. Runs in slices so the
// monitor can enforce instruction budgets between them.
import { Machine, type SchedulePolicy } from '../machine.js';
import { parseElf } from '../elf-loader.js';
import type { ElfImage } from './elf-image.js';
import { Monitor, type MonitorEvent } from './monitor.js';
import { DEFAULT_RAM_SIZE, ramSizeProblem } from './layout.js';
import { RunStatus } from '../../runtime/abi.js';
import { preemptRun } from './run-control.js';
import type { BlockDevice } from './block-device.js';
import type { RecordedExpectation } from './test-probes.js';
import type { MonitorTracer } from '../../runtime/trace-format.js';

export interface PlatformOptions {
  hostElf: Uint8Array;
  hostArgs?: string[];
  files: ReadonlyMap<string, Uint8Array>;
  stdout: (bytes: Uint8Array) => void;
  /** Instruction budget of one enclave run (default 100 million). */
  enclaveMaxSteps?: number;
  /** Instruction budget of the whole run (default 1 billion). */
  totalMaxSteps?: number;
  ramSize?: number;
  onEvent?: (event: MonitorEvent) => void;
  /** Records every monitor event of the run (runtime/trace-format.ts). */
  tracer?: MonitorTracer;
  /** The host's block device (READ_SECT / WRITE_SECT); a fresh zeroed disk otherwise. */
  disk?: BlockDevice;
  /** The device secret (MonitorOptions.deviceSeed); no default. */
  deviceSeed: Uint8Array;
  /** Wall-clock limit of the whole run in milliseconds (checked between slices); none by default. */
  wallClockMs?: number;
  /** The clock the wall-clock limit reads, in milliseconds (performance.now by default). */
  now?: () => number;
  /** Harts of the machine (default 1): the host runs on hart 0, START_ON_HART uses the others. */
  harts?: number;
  /** How the harts take turns (default round-robin). */
  schedule?: SchedulePolicy;
  /** Given the monitor before the host starts: for tests and tools that observe it. */
  inspect?: (monitor: Monitor) => void;
}

export interface PlatformOutcome {
  /** The host's exit status; undefined when the run did not end by the host exiting. */
  exitCode: number | undefined;
  /** Why the run ended, when not by the host's exit. */
  stopReason?: string;
  /** Which limit ended it, when not the host's exit. */
  stopKind?: 'wall-clock' | 'total-budget' | 'machine';
  events: MonitorEvent[];
  /** What a test's `expect_output` / `expect_no_output` calls registered, in order. */
  expectations: RecordedExpectation[];
  instret: number;
}

const SLICE = 1_000_000;

/** No enclave segment may be larger than this (no secure pool is): a bigger p_memsz is
 *  refused before anything is allocated or measured. The Linux-user loader accepts larger,
 *  sparse segments; an enclave's pages are all real. */
export const MAX_SEGMENT_SIZE = 2 ** 32;

/** The monitor's view of an ELF: loadable segments with their file bytes. */
export function elfImage(bytes: Uint8Array): ElfImage | { error: string } {
  const parsed = parseElf(bytes);
  if (!parsed.ok) return { error: parsed.error.message };
  const elf = parsed.value;
  const huge = elf.segments.findIndex((s) => s.memSize > MAX_SEGMENT_SIZE);
  if (huge >= 0) {
    const s = elf.segments[huge];
    return { error: `segment ${huge} (vaddr 0x${s.vaddr.toString(16)}) is ${s.memSize} bytes, more than ${MAX_SEGMENT_SIZE}` };
  }
  return {
    entry: elf.entry,
    segments: elf.segments.map((s) => ({
      vaddr: s.vaddr,
      memSize: s.memSize,
      // The file bytes only: the zero fill is the loader's fresh pages, never an allocation here.
      data: elf.bytes.subarray(s.fileOffset, s.fileOffset + s.fileSize),
      flags: s.flags,
    })),
    symbols: elf.symbols,
  };
}

export function runPlatform(options: PlatformOptions): PlatformOutcome | { error: string } {
  const session = startPlatform(options);
  if ('error' in session) return session;
  for (;;) {
    const step = session.advance(Infinity);
    if (step.kind === 'ended') return step.outcome;
  }
}

/** Where `PlatformSession.advance` left the run. */
export type PlatformStep =
  | { kind: 'ended'; outcome: PlatformOutcome }
  /** The step limit of this call is used up; the run goes on with the next call. */
  | { kind: 'paused' }
  /** A debugger breakpoint or watchpoint stopped the hart (machine.hart.triggers.debugStop). */
  | { kind: 'debug' };

/** A run that its driver advances piece by piece: `runPlatform` to the end, a debugger by steps. */
export interface PlatformSession {
  readonly machine: Machine;
  readonly monitor: Monitor;
  advance(maxSteps: number): PlatformStep;
}

export function startPlatform(options: PlatformOptions): PlatformSession | { error: string } {
  const tooSmall = ramSizeProblem(options.ramSize ?? DEFAULT_RAM_SIZE);
  if (tooSmall) return { error: tooSmall };
  const machine = new Machine({ ramSize: options.ramSize ?? DEFAULT_RAM_SIZE, harts: options.harts, schedule: options.schedule });
  const enclaveMaxSteps = options.enclaveMaxSteps ?? 100_000_000;
  const totalMaxSteps = options.totalMaxSteps ?? 1_000_000_000;
  const monitor = new Monitor(machine, {
    ramSize: options.ramSize,
    stdout: options.stdout,
    files: options.files,
    enclaveMaxSteps,
    totalMaxSteps,
    parseElf: elfImage,
    onEvent: options.onEvent,
    tracer: options.tracer,
    disk: options.disk,
    deviceSeed: options.deviceSeed,
  });
  machine.setTrapHook((trap) => monitor.onTrap(trap));
  options.inspect?.(monitor);
  const loadError = monitor.loadHost(options.hostElf, options.hostArgs ?? ['host']);
  if (loadError) return { error: loadError };
  for (let k = machine.harts.length - 1; k > 0; k -= 1) {
    monitor.onHart(k);
    monitor.parkHart();
  }
  monitor.onHart(0);
  const harts = machine.harts.length;

  const now = options.now ?? (() => performance.now());
  const deadline = options.wallClockMs === undefined ? Infinity : now() + options.wallClockMs;
  let steps = 0;
  let finished: PlatformOutcome | undefined;
  const end = (outcome: Omit<PlatformOutcome, 'events' | 'expectations' | 'instret'>): PlatformStep => {
    finished = { ...outcome, events: monitor.events, expectations: monitor.expectations, instret: machine.instret };
    return { kind: 'ended', outcome: finished };
  };
  const stopped = (stopKind: PlatformOutcome['stopKind'], stopReason: string) => end({ exitCode: undefined, stopReason, stopKind });
  const advance = (maxSteps: number): PlatformStep => {
    if (finished) return { kind: 'ended', outcome: finished };
    let left = maxSteps;
    while (left > 0) {
      // Slices end exactly where a budget runs out, so the budgets are exact.
      let slice = Math.min(SLICE, totalMaxSteps - steps, left);
      // Every hart's run fits its budget and slice: harts share the steps of one machine.run.
      for (let k = 0; k < harts; k += 1) {
        monitor.onHart(k);
        const active = monitor.runTop;
        if (active) {
          const sliceUsed = machine.instret - active.startInstret;
          slice = Math.min(slice, enclaveMaxSteps - (active.enclave.usedSteps + sliceUsed));
          if (active.slice > 0) slice = Math.min(slice, active.slice - sliceUsed);
        }
      }
      if (harts > 1) monitor.onHart(0);
      const result = machine.run(Math.max(1, slice));
      steps += result.steps;
      left -= result.steps;
      if (result.reason === 'hook-stop' && monitor.exitCode !== undefined) break;
      if (result.reason === 'wfi' || result.reason === 'htif-exit') return stopped('machine', `the machine stopped (${result.reason})`);
      const stoppedOn = harts > 1 ? machine.hart.hartIndex : 0;
      for (let k = 0; k < harts; k += 1) {
        monitor.onHart(k);
        const run = monitor.runTop;
        if (run && run.enclave.usedSteps + machine.instret - run.startInstret >= enclaveMaxSteps) {
          monitor.exhaustBudget(machine.pc);
        } else if (run && run.slice > 0 && machine.instret - run.startInstret >= run.slice) {
          // The slice is used up: the host's RUN or RESUME returns TIMER (run-control.ts).
          preemptRun(monitor, RunStatus.TIMER, machine.pc);
        }
      }
      if (harts > 1) monitor.onHart(stoppedOn);
      if (steps >= totalMaxSteps) return stopped('total-budget', `the program did not finish within ${totalMaxSteps} instructions (--max-steps)`);
      if (now() >= deadline) return stopped('wall-clock', `the program did not finish within ${options.wallClockMs} ms of wall-clock time`);
      // A debugger stop inside the trap hook can end as 'hook-stop': debugStop keeps it.
      if (result.reason === 'debug' || machine.hart.triggers.debugStop) return { kind: 'debug' };
    }
    if (monitor.exitCode !== undefined) return end({ exitCode: monitor.exitCode });
    return { kind: 'paused' };
  };
  return { machine, monitor, advance };
}
