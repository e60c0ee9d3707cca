// Builds test programs with the riscv64 GNU cross tools and runs them under qemu-riscv64,
// the external oracles of the emulator suites. A missing tool fails the test loudly.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir, constants } from 'node:os';
import { join } from 'node:path';

const PREFIX = 'riscv64-unknown-elf-';

export function requireTool(name: string): string {
  const found = spawnSync('which', [name], { encoding: 'utf8' });
  if (found.status !== 0) throw new Error(`required external tool missing: ${name} (install the riscv64 cross toolchain / qemu-user)`);
  return name;
}

function workDir(): string {
  return mkdtempSync(join(tmpdir(), 'penglaic-emu-'));
}

function run(tool: string, args: string[]): void {
  execFileSync(requireTool(tool), args, { stdio: ['ignore', 'pipe', 'pipe'] });
}

export interface BuiltElf {
  path: string;
  bytes: Uint8Array;
}

/** Assembles and links GNU assembler source into an ELF with text at `textAddress` (-N: no header page). */
export function assembleElf(source: string, textAddress = 0x8000_0000, march = 'rv64imac_zicsr_zifencei'): BuiltElf {
  const dir = workDir();
  const src = join(dir, 'prog.S');
  const obj = join(dir, 'prog.o');
  const elf = join(dir, 'prog.elf');
  writeFileSync(src, source);
  run(`${PREFIX}gcc`, ['-c', `-march=${march}`, '-mabi=lp64', '-o', obj, src]);
  run(`${PREFIX}ld`, ['-N', '-Ttext', `0x${textAddress.toString(16)}`, '-e', '_start', '-o', elf, obj]);
  return { path: elf, bytes: new Uint8Array(readFileSync(elf)) };
}

/** Assembles source to a flat binary of its .text (for instruction tables). */
export function assembleFlat(source: string, march = 'rv64imac_zicsr_zifencei'): Uint8Array {
  const { path } = assembleElf(source, 0x8000_0000, march);
  const bin = `${path}.bin`;
  run(`${PREFIX}objcopy`, ['-O', 'binary', '-j', '.text', path, bin]);
  return new Uint8Array(readFileSync(bin));
}

/** Compiles C (and optional extra asm) into a static Linux-style ELF without libc. */
export function compileC(files: Record<string, string>, flags: string[] = []): BuiltElf {
  const dir = workDir();
  const paths = Object.entries(files).map(([name, text]) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  });
  const elf = join(dir, 'prog.elf');
  run(`${PREFIX}gcc`, [
    '-O2', '-static', '-nostdlib', '-march=rv64imac', '-mabi=lp64', '-ffreestanding', '-fno-builtin',
    '-Wl,-Ttext-segment=0x10000', ...flags, '-o', elf, ...paths, '-lgcc',
  ]);
  return { path: elf, bytes: new Uint8Array(readFileSync(elf)) };
}

/** Compiles C against glibc with Debian's riscv64-linux-gnu-gcc: a static rv64gc lp64d ELF. */
export function compileGlibc(sourcePath: string, flags: string[] = []): BuiltElf {
  const elf = join(workDir(), 'prog.elf');
  run('riscv64-linux-gnu-gcc', ['-static', '-O2', ...flags, '-o', elf, sourcePath, '-lm']);
  return { path: elf, bytes: new Uint8Array(readFileSync(elf)) };
}

export interface ProcessResult {
  stdout: string;
  exitCode: number;
}

/** Runs a static riscv64 Linux ELF under qemu-riscv64; a fatal signal gives status 128 + signal. */
export function runQemu(elfPath: string, stdin = '', args: string[] = []): ProcessResult {
  const r = spawnSync(requireTool('qemu-riscv64'), [elfPath, ...args], { input: stdin, encoding: 'latin1' });
  // Killed by a signal: report 128 + signal number, as a shell (and our linux-user) does.
  const signal = r.signal ? constants.signals[r.signal] : undefined;
  return { stdout: r.stdout, exitCode: r.status ?? (signal !== undefined ? 128 + signal : -1) };
}
