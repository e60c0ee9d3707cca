// Measures one kernel of generated-code-kernels.ts both ways, by retired instructions on our
// emulator (deterministic). Ours: the enclave `Bench`'s own instructions (the per-domain count
// of `penglaic run --stats`), minus those of the same program with the kernel's call replaced
// by its result. Theirs: the whole process built by gcc -O2 for rv64imac, minus the same
// program built with the kernel's call replaced by its result. So start-up, printing and
// exit cancel out, and what is left is the kernel alone. Code size: the bytes of the kernel's
// functions (every function of ours but `main`; every function of the C but `_start` and its
// system-call helper).
import { execFileSync } from 'node:child_process';
import { checkSource } from '../../compiler/check/index.js';
import { buildChecked, type BuildOptions } from '../../compiler/build.js';
import { renderDiagnostics } from '../../compiler/diagnostics/render.js';
import { predictImage } from '../../compiler/cli/build.js';
import { domainImagesOf } from '../../compiler/trace/domain-images.js';
import { TraceRecorder } from '../../compiler/trace/trace-recorder.js';
import { readElf } from '../../compiler/elf/read.js';
import { INSECURE_FIXED_DEVICE_SEED, runLinuxElf, runPlatform } from '../../emulator/index.js';
import { compileC } from '../../test/emulator/helpers/cross-tools.js';
import { cProgram, penProgram, type Kernel } from './generated-code-kernels.js';

export interface Measured {
  /** What the program printed. */
  output: string;
  /** Retired instructions of the kernel alone. */
  instructions: number;
  /** Bytes of the kernel's machine code. */
  codeBytes: number;
}

const STT_FUNC = 2;

function functionBytes(elf: Uint8Array, counts: (name: string) => boolean): number {
  const read = readElf(elf);
  if (!read.ok) throw new Error(read.error.message);
  return read.value.symbols.filter((s) => s.type === STT_FUNC && counts(s.name)).reduce((sum, s) => sum + Number(s.size), 0);
}

/** One run of our program: the enclave's output, its own instruction count, its image. */
function runPen(source: string, options: BuildOptions): { output: string; instructions: number; elf: Uint8Array } {
  const checked = checkSource(source, 'kernel.pen');
  const built = buildChecked(checked, [...checked.diagnostics], 'kernel.pen', undefined, predictImage, options);
  const errors = built.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !built.manifest) throw new Error(renderDiagnostics(errors, checked.sources));
  const files = new Map(built.images.map((i) => [i.source.fileName, i.elf]));
  const hostElf = files.get('host.elf')!;
  const recorder = new TraceRecorder(domainImagesOf(built.manifest, (f) => files.get(f), hostElf));
  let output = '';
  const outcome = runPlatform({
    hostElf,
    files,
    tracer: recorder,
    stdout: (bytes) => (output += Buffer.from(bytes).toString('utf8')),
    enclaveMaxSteps: 2_000_000_000,
    deviceSeed: INSECURE_FIXED_DEVICE_SEED,
  });
  if ('error' in outcome) throw new Error(outcome.error);
  if (outcome.events.length > 0) throw new Error(`the kernel program faulted: ${JSON.stringify(outcome.events[0], (_, v) => (typeof v === 'bigint' ? String(v) : v))}\n${output}`);
  const stats = recorder.finish({ instret: outcome.instret, exitCode: outcome.exitCode, stopReason: outcome.stopReason, wallMs: 0 });
  const bench = stats.domains.find((d) => d.name === 'Bench');
  if (!bench) throw new Error('no domain Bench in the run');
  return { output, instructions: bench.instructions, elf: files.get('Bench.elf')! };
}

export function checksumOf(output: string): bigint {
  const match = /checksum (\d+)/.exec(output);
  if (!match) throw new Error(`no checksum in the output: ${JSON.stringify(output)}`);
  return BigInt(match[1]);
}

export function measurePen(kernel: Kernel, size: number, options: BuildOptions = {}): Measured {
  const full = runPen(penProgram(kernel, size), options);
  const base = runPen(penProgram(kernel, size, checksumOf(full.output)), options);
  return { output: full.output, instructions: full.instructions - base.instructions, codeBytes: functionBytes(full.elf, (name) => name.startsWith('f_') && name !== 'f_main') };
}

/** gcc's flags: -O2 for rv64imac, freestanding; no loop turned into a memset call (there is no libc). */
const GCC_FLAGS = ['-w', '-mno-relax', '-Wl,--no-relax', '-fno-tree-loop-distribute-patterns'];

/** Function sizes as binutils' nm reads them (gcc's ELF has segments our reader does not take). */
function gccFunctionBytes(path: string, counts: (name: string) => boolean): number {
  const table = execFileSync('riscv64-unknown-elf-nm', ['-S', path], { encoding: 'utf8' });
  let sum = 0;
  for (const line of table.split('\n')) {
    const [, size, type, name] = /^[0-9a-f]+ ([0-9a-f]+) ([tT]) (\S+)$/.exec(line) ?? [];
    if (size && type && counts(name)) sum += parseInt(size, 16);
  }
  return sum;
}

function runGcc(source: string): { output: string; instructions: number; path: string } {
  const { bytes, path } = compileC({ 'kernel.c': source }, GCC_FLAGS);
  let output = '';
  const run = runLinuxElf(bytes, { stdout: (b) => (output += Buffer.from(b).toString('utf8')), maxInstructions: 2_000_000_000 });
  if (!run.ok) throw new Error(run.error.message);
  if (run.value.exitCode !== 0) throw new Error(`the C kernel exited with ${run.value.exitCode} (${run.value.reason})`);
  return { output, instructions: run.value.instret, path };
}

export function measureGcc(kernel: Kernel, size: number): Measured {
  const full = runGcc(cProgram(kernel, size));
  const base = runGcc(cProgram(kernel, size, checksumOf(full.output)));
  return { output: full.output, instructions: full.instructions - base.instructions, codeBytes: gccFunctionBytes(full.path, (name) => name !== '_start' && name !== 'rt_sys') };
}
