// Runs a monitor scenario in-process: the scenario host (scenario-host.c) creates and runs
// enclaves as its argv says, under the real machine and monitor, and the transcript
// interleaves what everyone printed with the monitor's kill reports in program order.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPlatform } from '../../../../emulator/monitor/platform.js';
import { INSECURE_FIXED_DEVICE_SEED } from '../../../../emulator/monitor/attestation.js';
import type { Monitor, MonitorEvent } from '../../../../emulator/monitor/monitor.js';
import type { BlockDevice } from '../../../../emulator/monitor/block-device.js';
import type { MonitorTracer } from '../../../../runtime/trace-format.js';
import type { SchedulePolicy } from '../../../../emulator/scheduler.js';
import { compileC } from '../../helpers/cross-tools.js';
import { repoRoot } from './eapp-build.js';

let hostElf: Uint8Array | undefined;

export function scenarioHost(): Uint8Array {
  if (!hostElf) {
    // The process entry is the C sample's: the same Linux-style start for every C host.
    hostElf = compileC({
      'scenario-host.c': readFileSync(join(repoRoot, 'test/emulator/monitor/support/scenario-host.c'), 'utf8'),
      'host-start.S': readFileSync(join(repoRoot, 'samples/penglai-c/host-start.S'), 'utf8'),
    }).bytes;
  }
  return hostElf;
}

export interface Scenario {
  /** Build-directory files the host may open: name → ELF bytes. */
  files: Record<string, Uint8Array>;
  /** The host's steps (see scenario-host.c). */
  steps: string[];
  /** Instruction budget of each enclave run. */
  enclaveMaxSteps?: number;
  inspect?: (monitor: Monitor) => void;
  /** The host's block device; a fresh zeroed one otherwise. */
  disk?: BlockDevice;
  /** Records the run's trace (runtime/trace-format.ts). */
  tracer?: MonitorTracer;
  /** Harts of the machine (default 1). */
  harts?: number;
  /** How they take turns (default round-robin). */
  schedule?: SchedulePolicy;
}

export interface ScenarioResult {
  /** Everything printed plus one line per monitor report, in program order. */
  transcript: string;
  events: MonitorEvent[];
  exitCode: number | undefined;
  stopReason?: string;
  /** x1..x31 of every enclave at the moment the monitor killed it. */
  killRegisters: bigint[][];
}

/** A monitor report without the pc, which depends on the compiler's code layout. */
export function describeEvent(event: MonitorEvent): string {
  if (event.kind === 'step-limit') return `monitor: ${event.enclave} killed: ran ${event.steps} instructions\n`;
  const r = event.report;
  const address = r.address !== undefined ? `, address 0x${BigInt.asUintN(64, r.address).toString(16)}` : '';
  // A bad ecall has no address; its detail says which call it was.
  const detail = r.address === undefined ? `: ${r.detail}` : '';
  return `monitor: ${r.enclave} killed: ${r.cause}${address}${detail}\n`;
}

export function runScenario(scenario: Scenario): ScenarioResult {
  let transcript = '';
  const decoder = new TextDecoder('latin1');
  const killRegisters: bigint[][] = [];
  const inspect = (monitor: Monitor) => {
    const killCurrent = monitor.killCurrent.bind(monitor);
    monitor.killCurrent = (enclave, trap, detail) => {
      killRegisters.push(Array.from({ length: 31 }, (_, i) => monitor.machine.getReg(i + 1)));
      return killCurrent(enclave, trap, detail);
    };
    scenario.inspect?.(monitor);
  };
  const outcome = runPlatform({
    hostElf: scenarioHost(),
    hostArgs: ['host', ...scenario.steps],
    files: new Map(Object.entries(scenario.files)),
    stdout: (bytes) => {
      transcript += decoder.decode(bytes);
    },
    onEvent: (event) => {
      transcript += describeEvent(event);
    },
    enclaveMaxSteps: scenario.enclaveMaxSteps ?? 2_000_000,
    inspect,
    totalMaxSteps: 200_000_000,
    disk: scenario.disk,
    tracer: scenario.tracer,
    harts: scenario.harts,
    schedule: scenario.schedule,
    deviceSeed: INSECURE_FIXED_DEVICE_SEED,
  });
  if ('error' in outcome) throw new Error(`platform refused the scenario: ${outcome.error}`);
  return { transcript, events: outcome.events, exitCode: outcome.exitCode, stopReason: outcome.stopReason, killRegisters };
}

/** The VA of a symbol in an ELF (for aiming attacks at a victim's data). */
export function symbolAddress(elf: Uint8Array, symbol: string): bigint {
  const view = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  const shoff = Number(view.getBigUint64(0x28, true));
  const shentsize = view.getUint16(0x3a, true);
  const shnum = view.getUint16(0x3c, true);
  for (let i = 0; i < shnum; i++) {
    const sh = shoff + i * shentsize;
    if (view.getUint32(sh + 4, true) !== 2) continue; // SHT_SYMTAB
    const offset = Number(view.getBigUint64(sh + 0x18, true));
    const size = Number(view.getBigUint64(sh + 0x20, true));
    const strtab = shoff + view.getUint32(sh + 0x28, true) * shentsize;
    const strOffset = Number(view.getBigUint64(strtab + 0x18, true));
    for (let s = offset; s < offset + size; s += 24) {
      let name = '';
      for (let c = strOffset + view.getUint32(s, true); elf[c] !== 0; c++) name += String.fromCharCode(elf[c]);
      if (name === symbol) return view.getBigUint64(s + 8, true);
    }
  }
  throw new Error(`symbol ${symbol} not found`);
}
