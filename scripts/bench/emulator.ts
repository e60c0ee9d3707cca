// Emulator speed: one CPU-bound C program (sieve, matrix multiply, CRC, xorshift),
// compiled by Debian's gcc (-O2, static, rv64imac), run on our machine in linux-user
// mode with the Sv39 MMU on and on qemu-riscv64, the peer, in the same run. Guest MIPS
// for both use our exact retired-instruction count of the very same binary.
import { spawnSync } from 'node:child_process';
import { compileC, requireTool } from '../../test/emulator/helpers/cross-tools.js';
import { LINUX_STUBS_C } from '../../test/emulator/helpers/linux-stubs.js';
import { BENCHMARK_C } from '../../test/emulator/helpers/measure-speed-source.js';
import { runLinuxElf } from '../../emulator/linux-user.js';
import { fmt, median } from './stats.js';

const RUNS = 5;
const scale = process.argv[2] ?? '3';
const elf = compileC({ 'bench.c': LINUX_STUBS_C + BENCHMARK_C });
const qemu = requireTool('qemu-riscv64');

const ourMs: number[] = [];
const qemuMs: number[] = [];
let instret = 0;
let agree = true;
for (let run = 0; run < RUNS; run++) {
  let out = '';
  const ours = runLinuxElf(elf.bytes, { args: ['bench', scale], stdout: (b) => (out += Buffer.from(b).toString('latin1')) });
  if (!ours.ok) throw new Error(ours.error.message);
  instret = ours.value.instret;
  ourMs.push(ours.value.wallMs);
  const start = performance.now();
  const q = spawnSync(qemu, [elf.path, scale], { encoding: 'latin1' });
  qemuMs.push(performance.now() - start);
  agree &&= q.stdout === out && q.status === ours.value.exitCode;
}
const ours = median(ourMs);
const peer = median(qemuMs);
console.log(`emulator (old loop benchmark): CPU-bound -O2 C benchmark, ${instret.toLocaleString('en-US')} guest instructions, median of ${RUNS} runs`);
console.log(`  ours (linux-user, Sv39 on)  ${fmt(ours, 0)} ms   ${fmt(instret / ours / 1000)} MIPS`);
console.log(`  peer: qemu-riscv64          ${fmt(peer, 0)} ms   ${fmt(instret / peer / 1000)} MIPS (process start-up included)`);
console.log(`  ratio ours/qemu: ${fmt(peer / ours, 3)}x   (bar: at least 0.08x)   same output: ${agree}`);
