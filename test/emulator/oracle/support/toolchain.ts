// The external oracles of the oracle suites: GNU as + ld build a static Linux-user ELF from
// assembly, qemu-riscv64 runs it, and our linux-user shim runs the very same bytes. A missing
// tool is an error that names the tool, never a silent skip.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants } from 'node:os';
import type { TierStats } from '../../../../emulator/jit/jit.js';
import { runLinuxElf } from '../../../../emulator/linux-user.js';

const PREFIX = 'riscv64-unknown-elf-';
export const MARCH = 'rv64imafdc_zicsr_zifencei';

const checked = new Set<string>();

export function requireTool(name: string): string {
  if (checked.has(name)) return name;
  const found = spawnSync('which', [name], { encoding: 'utf8' });
  if (found.status !== 0) throw new Error(`required external tool missing: ${name} (install binutils-riscv64-unknown-elf / qemu-user)`);
  checked.add(name);
  return name;
}

export function workDir(): string {
  return mkdtempSync(join(tmpdir(), 'penglaic-oracle-'));
}

export interface LinuxElf {
  path: string;
  bytes: Uint8Array;
}

function tool(name: string, args: string[]): string {
  try {
    return execFileSync(requireTool(`${PREFIX}${name}`), args, { encoding: 'latin1', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`${PREFIX}${name} failed: ${err.stderr ?? err.message}`);
  }
}

/** Assembles GNU syntax with `as` and links a static ELF with `ld` (entry `_start`). */
export function buildLinuxElf(source: string, dir = workDir(), textAddress?: number): LinuxElf {
  const src = join(dir, 'prog.s');
  const obj = join(dir, 'prog.o');
  const elf = join(dir, 'prog.elf');
  writeFileSync(src, source);
  tool('as', [`-march=${MARCH}`, '-mabi=lp64', '-o', obj, src]);
  const place = textAddress === undefined ? [] : ['-Ttext-segment', `0x${textAddress.toString(16)}`];
  tool('ld', ['-static', '--no-relax', ...place, '-e', '_start', '-o', elf, obj]);
  return { path: elf, bytes: new Uint8Array(readFileSync(elf)) };
}

/** Runs `objdump` with the given arguments and returns its stdout. */
export function objdump(args: string[]): string {
  return tool('objdump', args);
}

export interface RunOutput {
  stdout: string;
  /** Exit status; a process killed by a signal reports 128 + signal, as a shell does. */
  exitCode: number;
}

export function runQemu(elfPath: string): RunOutput {
  const r = spawnSync(requireTool('qemu-riscv64'), [elfPath], { encoding: 'latin1', maxBuffer: 1 << 28 });
  if (r.error) throw r.error;
  const exitCode = r.status ?? (r.signal ? 128 + (constants.signals[r.signal] ?? 0) : -1);
  return { stdout: r.stdout, exitCode };
}

export function runOurs(bytes: Uint8Array, maxInstructions = 200_000_000): RunOutput & { reason: string; instret?: number; tiers?: TierStats } {
  const chunks: Uint8Array[] = [];
  const r = runLinuxElf(bytes, { args: ['prog'], stdout: (b) => chunks.push(b.slice()), maxInstructions, tierStats: true });
  if (!r.ok) return { stdout: '', exitCode: -1, reason: `${r.error.code}: ${r.error.message}` };
  return { stdout: Buffer.concat(chunks).toString('latin1'), exitCode: r.value.exitCode ?? -1, reason: r.value.reason, instret: r.value.instret, tiers: r.value.tiers };
}
