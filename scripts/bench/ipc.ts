// IPC speed of the monitor: null round trips (call_enclave + SERVER_RETURN, no region),
// round trips lending a 16 KiB region, guest instructions per round trip, and enclave
// creation time by image size. Times are taken inside the run (from the caller's
// acquire to its EAPP_RETURN; around each CREATE call), so machine start-up and
// compilation do not count. The peer, measured the same way in the same run, is plain
// guest computation on the same machine: a round trip is also given in "guest
// instructions the machine could have run instead".
import { join } from 'node:path';
import { EnclaveCall, HostCall, SBI_EXT_PENGLAI_ENCLAVE, SBI_EXT_PENGLAI_HOST } from '../../runtime/abi.js';
import type { Monitor } from '../../emulator/monitor/monitor.js';
import { buildEnclave, repoRoot } from '../../test/emulator/monitor/support/eapp-build.js';
import { runScenario } from '../../test/emulator/monitor/support/scenario.js';
import { fmt, median } from './stats.js';

const RUNS = 3;
const dir = join(repoRoot, 'test/emulator/monitor/bench-programs');
const build = (name: string, defines: string[]) => buildEnclave(name, { path: join(dir, `${name}.c`) }, defines).bytes;
const echo = build('echo', []);

interface Window {
  ms: number;
  /** Process CPU time (user + system, all threads) over the same window. */
  cpuMs: number;
  instret: number;
  createMs: number[];
  transcript: string;
}

/** One run; the window is the caller's life from the host's RUN to its EAPP_RETURN. */
function runOnce(files: Record<string, Uint8Array>, steps: string[]): Window {
  let start = 0;
  let startCpu = 0;
  let startInstret = 0;
  const window = { ms: 0, cpuMs: 0, instret: 0, createMs: [] as number[], transcript: '' };
  const inspect = (monitor: Monitor) => {
    const machine = monitor.machine;
    const onTrap = monitor.onTrap.bind(monitor);
    // The probe runs on every trap inside the window: it reads a6/a7 from the register
    // halves (call numbers fit 32 bits), not through bigint getReg.
    const registers = machine.hart!.xl;
    monitor.onTrap = (trap) => {
      if (trap.cause !== 8) return onTrap(trap);
      const a6 = registers[16];
      const a7 = registers[17];
      if (!monitor.current && a7 === SBI_EXT_PENGLAI_HOST && a6 === HostCall.RUN_ENCLAVE) {
        start = performance.now();
        startCpu = cpuMs();
        startInstret = machine.instret;
      }
      if (monitor.current && a6 === SBI_EXT_PENGLAI_ENCLAVE && a7 === EnclaveCall.EAPP_RETURN) {
        window.ms = performance.now() - start;
        window.cpuMs = cpuMs() - startCpu;
        window.instret = machine.instret - startInstret;
      }
      if (!monitor.current && a7 === SBI_EXT_PENGLAI_HOST && a6 === HostCall.CREATE_ENCLAVE) {
        const t = performance.now();
        const verdict = onTrap(trap);
        window.createMs.push(performance.now() - t);
        return verdict;
      }
      return onTrap(trap);
    };
  };
  window.transcript = runScenario({ files, steps, enclaveMaxSteps: 2_000_000_000, inspect }).transcript;
  return window;
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function measure(caller: Uint8Array): { ms: number; cpuMs: number; instret: number; transcript: string } {
  const runs = Array.from({ length: RUNS }, () => runOnce({ 'echo.elf': echo, 'caller.elf': caller }, ['server:echo:echo.elf', 'run:caller:caller.elf']));
  return { ms: median(runs.map((r) => r.ms)), cpuMs: median(runs.map((r) => r.cpuMs)), instret: runs[0].instret, transcript: runs[0].transcript };
}

const CALLS = 100_000;
const base = measure(build('pinger', ['CALLS=0', 'REGION=0']));
const nullCalls = measure(build('pinger', [`CALLS=${CALLS}`, 'REGION=0']));
const regionCalls = measure(build('pinger', [`CALLS=${CALLS}`, 'REGION=16384']));
for (const m of [nullCalls, regionCalls]) {
  if (!m.transcript.includes(`status 0, value 0x${((CALLS * (CALLS + 1)) / 2).toString(16)}`)) throw new Error(`wrong answer: ${m.transcript}`);
}
const LOOPS = 5_000_000;
const spin = measure(build('spin', [`LOOPS=${LOOPS}`]));
const guestMips = spin.instret / spin.ms / 1000;

const report = (label: string, m: typeof nullCalls) => {
  const us = ((m.ms - base.ms) / CALLS) * 1000;
  const cpuUs = ((m.cpuMs - base.cpuMs) / CALLS) * 1000;
  const instructions = (m.instret - base.instret) / CALLS;
  console.log(
    `  ${label.padEnd(26)} ${fmt(1e6 / us, 0).padStart(9)} round trips/s   ${fmt(us, 2)} µs   ${fmt(instructions, 0)} guest instructions each   = ${fmt(us * guestMips, 0)} guest instructions of time`,
  );
  // On a shared machine wall time also counts other processes' turns; CPU time does not.
  console.log(`  ${''.padEnd(26)} ${fmt(1e6 / cpuUs, 0).padStart(9)} round trips/s of process CPU time (${fmt(cpuUs, 2)} µs)`);
};
console.log(`ipc: ${CALLS.toLocaleString('en-US')} round trips per run, median of ${RUNS} runs (target: 1,000,000 null round trips/s, issue 14)`);
report('null round trip', nullCalls);
report('16 KiB region round trip', regionCalls);
console.log(`  peer: plain guest code      ${fmt(guestMips)} MIPS on the same machine (${fmt(1e6 / guestMips / 1000, 3)} µs per 1,000 instructions)`);

console.log('enclave creation by image size (CREATE: copy, page tables, SM3 measurement), median of 10:');
for (const kib of [4, 64, 256, 1024, 4096]) {
  const image = build('image', [`KIB=${kib}`]);
  const run = runOnce({ 'img.elf': image }, Array.from({ length: 10 }, () => 'create:img:img.elf'));
  console.log(`  ${String(kib).padStart(5)} KiB image   ${fmt(median(run.createMs), 2)} ms per enclave`);
}
