// Long fuzz run of the security monitor (issue 13, class 3; test/emulator/monitor/fuzz/):
//   node scripts/fuzz-monitor.mjs [--seed 1] [--elf 100000] [--ecalls 100000]
// Mutated ELF images through the loader, predictor and CREATE, then random ecalls with
// hostile arguments by random enclaves and the host. Prints the counts; exits 1 on any
// exception, any trap over the machine-operation bound, or any secure page a teardown
// did not give back. Bundles the TypeScript campaigns with esbuild, as emu-fuzz.mjs does.
import { build } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} needs a non-negative integer`);
    process.exit(2);
  }
  return value;
};
const seed = option('seed', 1);
const elfCount = option('elf', 100_000);
const ecallCount = option('ecalls', 100_000);

const outfile = join(mkdtempSync(join(tmpdir(), 'penglaic-fuzz-')), 'monitor-fuzz.mjs');
await build({
  entryPoints: ['test/emulator/monitor/support/monitor-fuzz-run.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
});
const { fuzzElfLoader, fuzzEcalls, OPS_BOUND } = await import(pathToFileURL(outfile).href);

let failed = false;
const report = (name, result, started) => {
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`${name}: ${result.runs.toLocaleString('en-US')} inputs in ${seconds} s, ${result.failures.length} failures, most machine operations in one trap ${result.maxOps.toLocaleString('en-US')} (bound ${OPS_BOUND.toLocaleString('en-US')})`);
  for (const failure of result.failures) console.log(`  ${failure}`);
  if (result.failures.length > 0) failed = true;
};

let started = performance.now();
const elf = fuzzElfLoader(seed, elfCount);
report('ELF loader', elf, started);
console.log(`  accepted and created: ${elf.accepted.toLocaleString('en-US')}`);

started = performance.now();
const ecalls = fuzzEcalls(seed, ecallCount);
report('ecalls', ecalls, started);
const c = ecalls.counts;
console.log(
  `  host calls ${c.hostCalls.toLocaleString('en-US')}, enclave calls ${c.enclaveCalls.toLocaleString('en-US')}, creates ${c.creates.toLocaleString('en-US')} (${c.created.toLocaleString('en-US')} created), budget ends ${c.budgetExhaustions}, faults ${c.faults}, out of memory ${c.outOfMemory}`,
);
process.exitCode = failed ? 1 : 0;
