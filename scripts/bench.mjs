// `npm run bench`: bundles each benchmark and runs it in turn. Every benchmark prints
// medians and a ratio against a peer measured in the same run (never a wall-clock
// assertion: these machines are noisy).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const benchmarks = [
  'scripts/bench/parser.ts',
  'scripts/bench/compiler.ts',
  'scripts/bench/generated-code.ts',
  'scripts/bench/emulator.ts',
  'scripts/bench/cpu.ts',
  'scripts/bench/ipc.ts',
  'scripts/bench/harts.ts',
  'scripts/bench/harts-ipc.ts',
  'scripts/bench/trace.ts',
  'scripts/bench/startup.ts',
  'scripts/bench/grading.ts',
  'scripts/bench/playground.ts',
  'vscode-extension/bench/lsp-latency.mjs',
  'scripts/bench/lsp-workspace.ts',
].filter((path) => existsSync(path));

const only = process.argv.slice(2);
let failed = 0;
for (const entry of benchmarks) {
  if (only.length > 0 && !only.some((name) => entry.includes(name))) continue;
  let script = entry;
  if (entry.endsWith('.ts')) {
    script = `dist/bench/${entry.replace(/[\\/]/g, '-').replace(/\.ts$/, '.mjs')}`;
    await build({ entryPoints: [entry], outfile: script, bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', logLevel: 'warning' });
  }
  const result = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`benchmark ${entry} failed (status ${result.status})`);
    failed++;
  }
  console.log('');
}
process.exit(failed ? 1 : 0);
