// Long fuzz runs of the toolchain, target by target (scripts/fuzz/registry.ts lists them):
//   npm run fuzz -- --target front-end --count 100000 [--seed 1]
//   npm run fuzz -- --target front-end --hours 2
//   npm run fuzz                       (every target, 10000 inputs each)
// Prints the inputs run per target and per kind, and each failure with the file its input was
// written to (under $TMPDIR/penglaic-fuzz-failures). Exit status 1 if anything failed.
// Bundles the TypeScript driver with esbuild (as scripts/build.mjs does for the CLI) and runs it.
import { build } from 'esbuild';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const value = (name) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
const number = (name, fallback, integer = true) => {
  const text = value(name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    console.error(`--${name} needs a positive ${integer ? 'whole ' : ''}number, not "${text}"`);
    process.exit(2);
  }
  return n;
};
const known = new Set(['--target', '--count', '--hours', '--seed']);
for (let i = 0; i < args.length; i += 2) {
  if (!known.has(args[i])) {
    console.error(`unknown option ${args[i]}; use --target NAME, --count N, --hours H, --seed S`);
    process.exit(2);
  }
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Into dist/ (build output, not committed), from where the bundle finds the packages.
const outfile = join(root, 'dist', 'fuzz-driver.mjs');
await build({
  entryPoints: [join(root, 'scripts/fuzz/driver.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
});
const { runFuzz, TARGET_NAMES } = await import(pathToFileURL(outfile).href);
const target = value('target');
process.exitCode = await runFuzz({
  targets: target ? [target] : TARGET_NAMES,
  count: number('count', 10000),
  hours: number('hours', undefined, false),
  seed: number('seed', 1),
  root,
  failureDir: join(tmpdir(), 'penglaic-fuzz-failures'),
  log: (line) => console.log(line),
});
