// The whole emulated platform for `penglaic run`: one machine, the monitor as its trap
// handler, a host program, and the build directory's files. Runs in slices so the
// monitor can enforce instruction budgets between them.
import { Machine } from '../machine.js';
import { parseElf } from '../elf-loader.js';
import type { ElfImage } from './elf-image.js';
import { Monitor, type MonitorEvent } from './monitor.js';
import { DEFAULT_RAM_SIZE } from './layout.js';
import { RunStatus } from '../../runtime/abi.js';
import { preemptRun } from './run-control.js';
import type { BlockDevice } from './block-device.js';
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
  /** Given the monitor before the host starts: for tests and tools that observe it. */
  inspect?: (monitor: Monitor) => void;
}

export interface PlatformOutcome {
  /** The host's exit status; undefined when the run did not end by the host exiting. */
  exitCode: number | undefined;
  /** Why the run ended, when not by the host's exit. */
  stopReason?: string;
  events: MonitorEvent[];
  instret: number;
}

const SLICE = 1_000_000;

/** The monitor's view of an ELF: loadable segments with their file bytes. */
export function elfImage(bytes: Uint8Array): ElfImage | { error: string } {
  const parsed = parseElf(bytes);
  if (!parsed.ok) return { error: parsed.error.message };
  const elf = parsed.value;
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
  const machine = new Machine({ ramSize: options.ramSize ?? DEFAULT_RAM_SIZE });
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

  let steps = 0;
  for (;;) {
    // Slices end exactly where a budget runs out, so the budgets are exact.
    let slice = Math.min(SLICE, totalMaxSteps - steps);
    const active = monitor.runTop;
    if (active) {
      const sliceUsed = machine.instret - active.startInstret;
      slice = Math.min(slice, enclaveMaxSteps - (active.enclave.usedSteps + sliceUsed));
      if (active.slice > 0) slice = Math.min(slice, active.slice - sliceUsed);
    }
    const result = machine.run(Math.max(1, slice));
    steps += result.steps;
    if (result.reason === 'hook-stop' && monitor.exitCode !== undefined) break;
    if (result.reason === 'wfi' || result.reason === 'htif-exit') {
      return { exitCode: undefined, stopReason: `the machine stopped (${result.reason})`, events: monitor.events, instret: machine.instret };
    }
    const run = monitor.runTop;
    if (run && run.enclave.usedSteps + machine.instret - run.startInstret >= enclaveMaxSteps) {
      monitor.exhaustBudget(machine.pc);
    } else if (run && run.slice > 0 && machine.instret - run.startInstret >= run.slice) {
      // The slice is used up: the host's RUN or RESUME returns TIMER (run-control.ts).
      preemptRun(monitor, RunStatus.TIMER, machine.pc);
    }
    if (steps >= totalMaxSteps) {
      return {
        exitCode: undefined,
        stopReason: `the program did not finish within ${totalMaxSteps} instructions (--max-steps)`,
        events: monitor.events,
        instret: machine.instret,
      };
    }
  }
  return { exitCode: monitor.exitCode, events: monitor.events, instret: machine.instret };
}
