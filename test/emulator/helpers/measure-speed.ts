// Speed measurement (not a test): one CPU-bound -O2 C program, run under qemu-riscv64 and
// under our linux-user machine (MMU on), printing MIPS and the ratio. Run with:
//   npx esbuild --bundle --platform=node --format=esm test/emulator/helpers/measure-speed.ts --outfile=/tmp/measure-speed.mjs && node /tmp/measure-speed.mjs [scale]

import { spawnSync } from 'node:child_process';
import { compileC, requireTool } from './cross-tools.js';
import { LINUX_STUBS_C } from './linux-stubs.js';
import { runLinuxElf } from '../../../emulator/linux-user.js';
import { BENCHMARK_C } from './measure-speed-source.js';

export { BENCHMARK_C };

function main(): void {
  const scale = process.argv[2] ?? '3';
  const elf = compileC({ 'bench.c': LINUX_STUBS_C + BENCHMARK_C });
  const qemuStart = performance.now();
  const q = spawnSync(requireTool('qemu-riscv64'), [elf.path, scale], { encoding: 'latin1' });
  const qemuMs = performance.now() - qemuStart;
  let out = '';
  const r = runLinuxElf(elf.bytes, { args: ['bench', scale], stdout: (b) => (out += Buffer.from(b).toString('latin1')) });
  if (!r.ok) throw new Error(r.error.message);
  const ours = r.value;
  const mips = ours.instret / ours.wallMs / 1000;
  const qemuMips = ours.instret / qemuMs / 1000;
  console.log(`instructions ${ours.instret}, same output: ${out === q.stdout}, exit ${ours.exitCode}/${q.status}`);
  console.log(`ours ${ours.wallMs.toFixed(0)} ms = ${mips.toFixed(1)} MIPS; qemu ${qemuMs.toFixed(0)} ms = ${qemuMips.toFixed(1)} MIPS (incl. start-up)`);
  console.log(`ratio ours/qemu = ${(qemuMs / ours.wallMs).toFixed(3)}x`);
}

main();
