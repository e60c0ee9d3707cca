// Scheduler cost. The CPU-bound benchmark of emulator.ts as a bare-metal program:
//  - one hart on a lone-hart machine (`--harts 1`, which runs with no scheduler), against
//    the same hart driven through the scheduler in 1000-instruction turns (what a turn
//    costs when there is one hart);
//  - four harts each running the workload on its own data (`--harts 4`), against the lone
//    hart: guest instructions per second of all harts together over those of one.
// Medians and spreads (min..max) of several runs, all measured in this run.
import { compileC } from '../../test/emulator/helpers/cross-tools.js';
import { bootBare, runBare } from '../../emulator/bare.js';
import { Scheduler } from '../../emulator/scheduler.js';
import { HARTS_CRT_S, HARTS_WORKLOAD_C } from './harts-workload.js';
import { fmt, median } from './stats.js';

const RUNS = 5;
const scale = process.argv[2] ?? '1';
const BUDGET = 20_000_000_000;

function build(harts: number): Uint8Array {
  return compileC({ 'crt.S': HARTS_CRT_S, 'workload.c': HARTS_WORKLOAD_C }, [
    '-march=rv64imac_zicsr', '-mcmodel=medany', `-DHARTS=${harts}`, `-DSCALE=${scale}`, '-Wl,-Ttext-segment=0x80000000', '-Wl,-e,_start',
  ]).bytes;
}

interface Sample { ms: number; instret: number; exit: number | null }

function lone(elf: Uint8Array): Sample {
  const r = runBare(elf, { maxInstructions: BUDGET });
  if (!r.ok) throw new Error(r.error.message);
  return { ms: r.value.wallMs, instret: r.value.instret, exit: r.value.exitCode };
}

function scheduledLone(elf: Uint8Array): Sample {
  const booted = bootBare(elf, {});
  if (!booted.ok) throw new Error(booted.error.message);
  const { machine, htif } = booted;
  const scheduler = new Scheduler(machine.harts, { kind: 'round-robin' }, () => {});
  const start = performance.now();
  scheduler.run(BUDGET);
  return { ms: performance.now() - start, instret: machine.totalInstret(), exit: htif.exitCode };
}

function fourHarts(elf: Uint8Array): Sample {
  const r = runBare(elf, { harts: 4, maxInstructions: BUDGET });
  if (!r.ok) throw new Error(r.error.message);
  return { ms: r.value.wallMs, instret: r.value.machine.totalInstret(), exit: r.value.exitCode };
}

const one = build(1);
const four = build(4);
const samples: Record<'lone' | 'scheduled' | 'four', Sample[]> = { lone: [], scheduled: [], four: [] };
for (let run = 0; run < RUNS; run++) {
  samples.lone.push(lone(one));
  samples.scheduled.push(scheduledLone(one));
  samples.four.push(fourHarts(four));
}
const mips = (s: Sample) => s.instret / s.ms / 1000;
const spread = (xs: number[]) => `${fmt(Math.min(...xs), 0)}..${fmt(Math.max(...xs), 0)}`;
const report = (name: string, list: Sample[]) => {
  const ms = list.map((s) => s.ms);
  console.log(`  ${name.padEnd(38)} ${fmt(median(ms), 0)} ms (${spread(ms)})   ${fmt(median(list.map(mips)))} MIPS   exit ${list[0].exit}`);
};
console.log(`harts: bare-metal CPU-bound benchmark, scale ${scale}, median of ${RUNS} runs`);
console.log(`  one hart: ${samples.lone[0].instret.toLocaleString('en-US')} instructions; four harts: ${samples.four[0].instret.toLocaleString('en-US')}`);
report('--harts 1 (no scheduler)', samples.lone);
report('one hart through the scheduler', samples.scheduled);
report('--harts 4, 4 independent workloads', samples.four);
const ratios = samples.lone.map((s, i) => samples.scheduled[i].ms / s.ms);
console.log(`  scheduler cost at one hart (time scheduled / lone): ${fmt(median(ratios), 3)}x (${fmt(Math.min(...ratios), 3)}..${fmt(Math.max(...ratios), 3)})   (bar: at most 1.05x)`);
const throughput = samples.four.map((s, i) => mips(s) / mips(samples.lone[i]));
console.log(`  4 harts / 1 hart, guest MIPS of all harts: ${fmt(median(throughput), 3)}x (${fmt(Math.min(...throughput), 3)}..${fmt(Math.max(...throughput), 3)})   (1.0x = no scheduler cost; one host thread)`);
const agree = samples.lone.every((s) => s.exit === samples.lone[0].exit) && samples.scheduled.every((s) => s.exit === samples.lone[0].exit);
console.log(`  same exit status everywhere: ${agree && samples.four.every((s) => s.exit === samples.four[0].exit)}`);
