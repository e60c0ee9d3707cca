// The long run of the concurrency stress test (test/emulator/monitor/concurrent-calls-stress.test.ts):
// `node scripts/stress-harts.mjs [SEEDS]` (default 200) runs that many random schedules with
// injected server faults and prints the counts; CI runs the small default of the test itself.
import { spawnSync } from 'node:child_process';

const seeds = process.argv[2] ?? '200';
if (!/^\d+$/.test(seeds) || Number(seeds) < 1) {
  console.error(`stress-harts: SEEDS must be a positive whole number, not "${seeds}"`);
  process.exit(2);
}
const result = spawnSync('npx', ['vitest', 'run', 'test/emulator/monitor/concurrent-calls-stress.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, HARTS_STRESS_SEEDS: seeds },
});
process.exit(result.status ?? 1);
