// CPU benchmark: three C workloads of our own (scripts/bench/cpu/*.c), built by Debian's
// riscv64-linux-gnu-gcc -O2 for rv64imac as static ELFs with a tiny syscall shim, run as
// whole processes under `penglaic emu` (linux-user: U-mode with the Sv39 MMU on) and under
// qemu-riscv64 in the same run. Both sides are timed as whole processes, start-up
// included; each side's start-up (the same ELF with 0 iterations) is measured, printed
// beside it, and a second ratio with it subtracted is shown. MIPS uses our exact
// retired-instruction count for both; the timed runs are plain `penglaic emu`, and one more
// run with `--stats` gives the count and each tier's share (its timing costs a little).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTool } from '../../test/emulator/helpers/cross-tools.js';
import { fmt, median } from './stats.js';

const RUNS = Number(process.env.CPU_BENCH_RUNS ?? 3);
/** `quick` (first argument) divides every workload by 20, for trying changes. */
const divisor = process.argv[2] === 'quick' ? 20 : 1;
const workloads = [
  { name: 'coremark-style', file: 'coremark-style.c', iterations: 17500, minInstructions: 1e9, what: 'list, matrix, state machine, CRC' },
  { name: 'memory-heavy', file: 'memory-heavy.c', iterations: 300, minInstructions: 0, what: 'loads and stores' },
  { name: 'call-heavy', file: 'call-heavy.c', iterations: 3000, minInstructions: 0, what: 'calls and branches' },
];

const gcc = requireTool('riscv64-linux-gnu-gcc');
const qemu = requireTool('qemu-riscv64');
const dir = mkdtempSync(join(tmpdir(), 'penglaic-cpu-bench-'));

interface Run { ms: number; stdout: string; status: number | null; stderr: string }
function timed(cmd: string, args: string[]): Run {
  const start = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'latin1', maxBuffer: 1 << 24 });
  return { ms: performance.now() - start, stdout: r.stdout, status: r.status, stderr: r.stderr };
}
const ours = (elf: string, n: number, extra: string[] = []) => timed(process.execPath, ['bin/penglaic.js', 'emu', ...extra, elf, String(n)]);
const peer = (elf: string, n: number) => timed(qemu, [elf, String(n)]);
const spread = (xs: number[]) => `${fmt(Math.min(...xs), 0)}-${fmt(Math.max(...xs), 0)}`;

console.log(`cpu: CoreMark-style and two more workloads, rv64imac gcc -O2, whole processes (start-up included), ${RUNS} runs each, median [min-max]`);
console.log('  ours = penglaic emu (linux-user, U-mode, Sv39 MMU on); peer = qemu-riscv64 in the same run');
let failed = false;
for (const w of workloads) {
  const elf = join(dir, `${w.name}.elf`);
  const built = spawnSync(gcc, ['-O2', '-march=rv64imac', '-mabi=lp64', '-static', '-nostdlib', '-ffreestanding', '-fno-builtin',
    '-o', elf, join('scripts/bench/cpu', w.file), '-lgcc'], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`${w.file}: gcc failed:\n${built.stderr}`);
  const n = Math.max(1, Math.round(w.iterations / divisor));
  // Each side's start-up (0 iterations), the median of as many runs as the timed ones.
  const startOurs = median(Array.from({ length: RUNS }, () => ours(elf, 0).ms));
  const startPeer = median(Array.from({ length: RUNS }, () => peer(elf, 0).ms));
  const ourMs: number[] = [];
  const peerMs: number[] = [];
  const counted = ours(elf, n, ['--stats']);
  const count = /instructions: (\d+)/.exec(counted.stderr);
  if (counted.status !== 0 || !count) throw new Error(`${w.name}: penglaic emu failed (status ${counted.status}):\n${counted.stderr}`);
  const instret = Number(count[1]);
  const stats = counted.stderr;
  let agree = true;
  let checksum = '';
  for (let k = 0; k < RUNS; k++) {
    const a = ours(elf, n);
    const b = peer(elf, n);
    if (a.status !== 0) throw new Error(`${w.name}: penglaic emu failed (status ${a.status}):\n${a.stderr}`);
    agree &&= a.stdout === counted.stdout;
    ourMs.push(a.ms);
    peerMs.push(b.ms);
    agree &&= a.stdout === b.stdout && b.status === 0;
    checksum = a.stdout.trim();
  }
  const o = median(ourMs);
  const p = median(peerMs);
  const enough = instret >= w.minInstructions / divisor;
  failed ||= !agree || !enough;
  console.log(`  ${w.name} (${w.what}): ${instret.toLocaleString('en-US')} guest instructions; ${checksum}`);
  console.log(`    ours  ${fmt(o, 0)} ms [${spread(ourMs)}]  ${fmt(instret / o / 1000)} MIPS [${fmt(instret / Math.max(...ourMs) / 1000)}-${fmt(instret / Math.min(...ourMs) / 1000)}]  start-up ${fmt(startOurs, 0)} ms`);
  console.log(`    qemu  ${fmt(p, 0)} ms [${spread(peerMs)}]  ${fmt(instret / p / 1000)} MIPS  start-up ${fmt(startPeer, 0)} ms`);
  const ratios = ourMs.map((x, k) => peerMs[k] / x);
  console.log(`    speed ours/qemu (qemu's time / ours) ${fmt(p / o, 3)}x [${fmt(Math.min(...ratios), 3)}-${fmt(Math.max(...ratios), 3)}] whole processes;  ${fmt((p - startPeer) / (o - startOurs), 3)}x with each side's start-up subtracted   same output: ${agree}${enough ? '' : `   TOO FEW INSTRUCTIONS (< ${w.minInstructions})`}`);
  console.log(`    MIPS with start-up subtracted: ours ${fmt(instret / (o - startOurs) / 1000)}, qemu ${fmt(instret / (p - startPeer) / 1000)}`);
  const tiers = stats.split('\n').filter((l) => /^(tier|translation)/.test(l));
  for (const line of tiers) console.log(`    ${line}`);
}
if (failed) process.exit(1);
