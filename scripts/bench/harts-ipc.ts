// IPC throughput with several client harts against one `queue` server: K pinger clients
// (K = 1, 2, 4), each started on its own hart with START_ON_HART, make CALLS null round
// trips each to the "echo" server; the host JOINs them all. The peer, in the same run, is
// today's single-hart machine: one pinger making K * CALLS round trips under a plain RUN.
// Calls per second of the whole run (monitor start-up included, the same for both), with
// the spread over the runs. One host thread runs every hart, so more client harts cannot
// add throughput; what this measures is what waiting in the queue costs.
import { join } from 'node:path';
import { buildEnclave, repoRoot } from '../../test/emulator/monitor/support/eapp-build.js';
import { runScenario } from '../../test/emulator/monitor/support/scenario.js';
import { fmt, median } from './stats.js';

const RUNS = 3;
const CALLS = 3000;
const dir = join(repoRoot, 'test/emulator/monitor/bench-programs');
const build = (name: string, defines: string[]) => buildEnclave(name, { path: join(dir, `${name}.c`) }, defines).bytes;
const echo = build('echo', []);

function timed(files: Record<string, Uint8Array>, steps: string[], harts: number): { ms: number; transcript: string } {
  const start = performance.now();
  const r = runScenario({ files, steps, harts, enclaveMaxSteps: 500_000_000 });
  return { ms: performance.now() - start, transcript: r.transcript };
}

console.log(`harts-ipc: null round trips to a queue server, ${CALLS} per client, median of ${RUNS} runs (calls per second, spread)`);
for (const clients of [1, 2, 4]) {
  const many = build('pinger', [`CALLS=${CALLS}`, 'REGION=0']);
  const one = build('pinger', [`CALLS=${CALLS * clients}`, 'REGION=0']);
  const names = Array.from({ length: clients }, (_, i) => `p${i}`);
  const steps = ['server:echo:echo.elf', 'queue:echo', ...names.map((n) => `create:${n}:p.elf`), ...names.map((n) => `onhart:${n}`), ...names.map((n) => `join:${n}`)];
  const rates: number[] = [];
  const peerRates: number[] = [];
  let answered = 0;
  for (let run = 0; run < RUNS; run++) {
    const ours = timed({ 'echo.elf': echo, 'p.elf': many }, steps, clients + 1);
    answered = ours.transcript.split('\n').filter((l) => /^host: join p\d+: status 0,/.test(l)).length;
    rates.push((clients * CALLS) / (ours.ms / 1000));
    const peer = timed({ 'echo.elf': echo, 'p.elf': one }, ['server:echo:echo.elf', 'run:p:p.elf'], 1);
    peerRates.push((clients * CALLS) / (peer.ms / 1000));
  }
  const spread = (xs: number[]) => `${fmt(Math.min(...xs), 0)}..${fmt(Math.max(...xs), 0)}`;
  console.log(`  ${clients} client hart${clients > 1 ? 's' : ' '}: ${fmt(median(rates), 0)} calls/s (${spread(rates)}); peer one hart, same calls: ${fmt(median(peerRates), 0)} calls/s (${spread(peerRates)}); ratio ${fmt(median(rates) / median(peerRates), 3)}x; joins answered ${answered}/${clients}`);
}
