// `penglaic emu`: one static riscv64 ELF, as a Linux user program or bare-metal over HTIF.
import { Command } from 'commander';
import { readSync } from 'node:fs';
import { basename } from 'node:path';
import { causeName, debugBare, debugLinuxElf, GDB_HOST, runBare, runLinuxElf } from '../../emulator/index.js';
import { err, parseCount, parsePort, printStats, readUserFile, UsageError, write } from './common.js';
import { parseHartOptions, type HartFlags } from './hart-options.js';

interface EmuOptions extends HartFlags {
  bare?: boolean;
  stats?: boolean;
  maxSteps?: string;
  gdb?: string;
}

/**
 * The guest's standard input is ours: each read(0) blocks for what the pipe, file or
 * terminal has (up to `max` bytes), and returns nothing at end of file, as Linux does.
 */
function stdinReader(): (max: number) => Uint8Array {
  let ended = false;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  return (max) => {
    if (ended || max <= 0) return new Uint8Array(0);
    const buffer = Buffer.alloc(max);
    for (;;) {
      try {
        const n = readSync(0, buffer, 0, max, null);
        if (n === 0) ended = true;
        return new Uint8Array(buffer.buffer, buffer.byteOffset, n);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        // A non-blocking descriptor with nothing yet: wait a little and read again.
        if (code === 'EAGAIN') {
          Atomics.wait(pause, 0, 0, 5);
          continue;
        }
        // No standard input at all reads as an empty one.
        if (code === 'EOF' || code === 'EBADF' || code === 'ENXIO' || code === 'EINVAL') {
          ended = true;
          return new Uint8Array(0);
        }
        throw e;
      }
    }
  };
}

const hex = (v: bigint) => `0x${v.toString(16)}`;

/** `--gdb PORT`: the program waits for gdb at its first instruction; its exit status is returned. */
async function emuUnderGdb(file: string, bytes: Uint8Array, args: string[], options: EmuOptions, maxInstructions: number): Promise<number> {
  const port = parsePort(options.gdb!);
  const listening = (p: number) => err(`penglaic: waiting for gdb on ${GDB_HOST}:${p} (in gdb: target remote :${p})\n`);
  let outcome;
  try {
    outcome = options.bare
      ? await debugBare(bytes, { maxInstructions, stdout: (b) => write(1, b) }, port, listening)
      : await debugLinuxElf(bytes, { args: [basename(file), ...args], stdin: stdinReader(), stdout: (b) => write(1, b), stderr: (b) => write(2, b), maxInstructions }, port, listening);
  } catch (e) {
    throw new UsageError(`--gdb ${port}: ${(e as Error).message}`);
  }
  if (!outcome.ok) throw new UsageError(`${file}: ${outcome.message}`);
  if (outcome.exitCode === null) {
    err(`penglaic: ${file} did not finish (${outcome.reason})\n`);
    return 3;
  }
  return outcome.exitCode;
}

async function emu(file: string, args: string[], options: EmuOptions): Promise<number> {
  const bytes = readUserFile(file);
  const maxInstructions = options.maxSteps === undefined ? 10_000_000_000 : parseCount(options.maxSteps, '--max-steps');
  const harts = parseHartOptions(options);
  if (harts.harts > 1 && !options.bare) throw new UsageError('--harts above 1 needs --bare: a Linux user program has one thread');
  if (harts.harts > 1 && options.gdb !== undefined) throw new UsageError('--gdb debugs one hart: leave out --harts');
  if (options.gdb !== undefined) return emuUnderGdb(file, bytes, args, options, maxInstructions);
  if (options.bare) {
    const result = runBare(bytes, { maxInstructions, stdout: (b) => write(1, b), tierStats: options.stats, ...harts });
    if (!result.ok) throw new UsageError(`${file}: ${result.error.message}`);
    const value = result.value;
    if (options.stats) printStats(value.instret, value.wallMs, value.tiers);
    if (value.trapLoop) {
      const { cause, pc, tval } = value.trapLoop;
      err(`penglaic: ${file} is stuck in a trap loop: ${causeName[cause] ?? `cause ${cause}`} at pc ${hex(pc)} (tval ${hex(tval)}) traps back to the same pc with no instruction retired, after ${value.instret} instructions\n`);
      return 3;
    }
    if (value.exitCode === null) {
      const why = value.reason === 'wfi' && harts.harts > 1 ? 'every hart waits in WFI and no interrupt can wake one' : value.reason;
      err(`penglaic: ${file} did not finish (${why})\n`);
      return 3;
    }
    return value.exitCode;
  }
  const result = runLinuxElf(bytes, {
    args: [basename(file), ...args],
    stdin: stdinReader(),
    stdout: (b) => write(1, b),
    stderr: (b) => write(2, b),
    maxInstructions,
    tierStats: options.stats,
  });
  if (!result.ok) throw new UsageError(`${file}: ${result.error.message}`);
  const value = result.value;
  if (options.stats) printStats(value.instret, value.wallMs, value.tiers);
  if (value.outOfMemory && value.fault) {
    err(`penglaic: ${file} ran out of emulated memory: the page at ${hex(value.fault.tval)} (touched at pc ${hex(value.fault.pc)}) has no RAM left to back it; killed as by SIGKILL\n`);
  } else if (value.fault) {
    err(`penglaic: ${file} faulted: cause ${value.fault.cause} at pc 0x${value.fault.pc.toString(16)}, address 0x${value.fault.tval.toString(16)}\n`);
  }
  if (value.exitCode === null) {
    err(`penglaic: ${file} did not finish (${value.reason})\n`);
    return 3;
  }
  return value.exitCode;
}

export function emuCommand(setStatus: (status: number) => void): Command {
  return new Command('emu')
    .description('run one static riscv64 ELF: a Linux user program, or with --bare a bare-metal program using HTIF')
    .argument('<elf>', 'the ELF file')
    .argument('[args...]', 'arguments for the program')
    .option('--bare', 'boot in M-mode at the entry point; exit through HTIF tohost')
    .option('--stats', 'print retired instructions, wall time, MIPS and each execution tier\'s share to stderr')
    .option('--max-steps <n>', 'instruction budget (default 10000000000)')
    .option('--gdb <port>', 'wait for gdb on 127.0.0.1:PORT before the first instruction (gdb-multiarch: target remote :PORT)')
    .option('--harts <n>', 'with --bare: harts sharing memory, all starting at the entry with a0 = mhartid (default 1)')
    .option('--schedule <kind>', 'how harts take turns: round-robin (default) or random')
    .option('--seed <s>', 'with --schedule random: the seed of the interleaving (default 1)')
    .option('--quantum <n>', 'instructions per turn (random: up to this many; default 1000)')
    .action(async (file, args, options) => setStatus(await emu(file, args, options)));
}
