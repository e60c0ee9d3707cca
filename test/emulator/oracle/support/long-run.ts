// The long differential run behind `node scripts/emu-fuzz.mjs`: batches of random cases
// from one seed until `count` cases have agreed, or the first disagreement, which is shrunk
// and printed as a stand-alone assembly program.

import { randomBatch } from './random-program.js';
import { runBatch, diffDumps, shrink, reproducer } from './differential.js';
import { workDir } from './toolchain.js';

export interface LongRunOptions {
  seed: number;
  count: number;
  batchSize: number;
  units: number;
  /** First batch to run, so a run can be resumed or split across machines. */
  startBatch: number;
  /** Hot loops that reach the wasm region tier (random-program.ts). */
  hot?: boolean;
  log: (line: string) => void;
}

/** Returns the process exit status: 0 when every case agreed, 1 on a disagreement. */
export function longRun(o: LongRunOptions): number {
  const dir = workDir();
  const batches = Math.ceil(o.count / o.batchSize);
  const started = Date.now();
  let agreed = 0;
  let instret = 0;
  let blockInsns = 0;
  let regionInsns = 0;
  for (let b = o.startBatch; b < o.startBatch + batches; b += 1) {
    const outcome = runBatch(randomBatch(o.seed, b, o.batchSize, o.units, o.hot), dir);
    agreed += outcome.agreed;
    instret += outcome.instret;
    blockInsns += outcome.blockInsns;
    regionInsns += outcome.regionInsns;
    if (outcome.disagreement) {
      const d = outcome.disagreement;
      o.log(`DISAGREEMENT at seed ${o.seed} batch ${b} case ${b * o.batchSize + d.index} after ${agreed} agreeing cases`);
      o.log(diffDumps(d.qemu, d.ours));
      const small = shrink(d.randomCase, dir);
      o.log(`\nminimal body (${small.units.length} of ${d.randomCase.units.length} units):\n${small.body}`);
      o.log(`\nstand-alone reproducer (assemble with riscv64-unknown-elf-as, link with ld --no-relax):\n${reproducer(small)}`);
      return 1;
    }
    if ((b - o.startBatch + 1) % 10 === 0 || b === o.startBatch + batches - 1) {
      const secs = (Date.now() - started) / 1000;
      o.log(`seed ${o.seed}: ${agreed} cases agree (batch ${b}, ${(agreed / secs).toFixed(0)} cases/s)`);
    }
  }
  o.log(`all ${agreed} cases agree with qemu-riscv64`);
  const pct = (n: number) => (instret > 0 ? (100 * n / instret).toFixed(1) : '0.0');
  o.log(`our instructions: ${instret} (JS blocks ${pct(blockInsns)}%, wasm regions ${pct(regionInsns)}%, interpreter the rest)`);
  return 0;
}
