// `penglaic emu`: one static riscv64 ELF, as a Linux user program or bare-metal over HTIF.
import { Command } from 'commander';
import { basename } from 'node:path';
import { runBare, runLinuxElf } from '../../emulator/index.js';
import { err, parseCount, printStats, readUserFile, UsageError, write } from './common.js';

function emu(file: string, args: string[], options: { bare?: boolean; stats?: boolean; maxSteps?: string }): number {
  const bytes = readUserFile(file);
  const maxInstructions = options.maxSteps === undefined ? 10_000_000_000 : parseCount(options.maxSteps, '--max-steps');
  if (options.bare) {
    const result = runBare(bytes, { maxInstructions, stdout: (b) => write(1, b) });
    if (!result.ok) throw new UsageError(`${file}: ${result.error.message}`);
    const value = result.value;
    if (options.stats) printStats(value.instret, value.wallMs);
    if (value.exitCode === null) {
      err(`penglaic: ${file} did not finish (${value.reason})\n`);
      return 3;
    }
    return value.exitCode;
  }
  const result = runLinuxElf(bytes, {
    args: [basename(file), ...args],
    stdout: (b) => write(1, b),
    stderr: (b) => write(2, b),
    maxInstructions,
  });
  if (!result.ok) throw new UsageError(`${file}: ${result.error.message}`);
  const value = result.value;
  if (options.stats) printStats(value.instret, value.wallMs);
  if (value.fault) {
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
    .option('--stats', 'print retired instructions, wall time and MIPS to stderr')
    .option('--max-steps <n>', 'instruction budget (default 10000000000)')
    .action((file, args, options) => setStatus(emu(file, args, options)));
}
