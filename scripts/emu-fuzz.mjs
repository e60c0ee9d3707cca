// Long differential run of the emulator against qemu-riscv64 (test/emulator/oracle/README.md):
//   node scripts/emu-fuzz.mjs --seed 7 --count 1000000 [--batch 100] [--units 24] [--start 0] [--hot 1]
// --hot 1 (the default) adds loops hot enough to reach the wasm region tier; --hot 0 gives the older streams.
//   node scripts/emu-fuzz.mjs --float --seed 7 --count 100000 [--batch 100] [--start 0]
// (--float: random F/D instructions, 12 per case, comparing results and fflags)
// Bundles the TypeScript driver with esbuild (as scripts/build.mjs does for the CLI) and runs it.
import { build } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const float = args.includes('--float');
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} needs a non-negative integer`);
    process.exit(2);
  }
  return value;
};

const outfile = join(mkdtempSync(join(tmpdir(), 'penglaic-fuzz-')), 'long-run.mjs');
await build({
  entryPoints: [float ? 'test/emulator/oracle/support/random-float.ts' : 'test/emulator/oracle/support/long-run.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
});
const driver = await import(pathToFileURL(outfile).href);
process.exitCode = float ? driver.longFloatRun({
  seed: option('seed', 1),
  count: option('count', 10000),
  batchSize: Math.max(1, option('batch', 100)),
  startBatch: option('start', 0),
  log: (line) => console.log(line),
}) : driver.longRun({
  seed: option('seed', 1),
  count: option('count', 10000),
  batchSize: Math.max(1, option('batch', 100)),
  units: option('units', 24),
  startBatch: option('start', 0),
  hot: option('hot', 1) !== 0,
  log: (line) => console.log(line),
});
