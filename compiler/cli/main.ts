// The `penglaic` command line: the only place that joins compiler and emulator (through
// emulator/index.ts). Each command lives in its own file here; this one wires them to
// commander. Every failure ends as a located, readable message and an exit status, never a
// stack trace.
import { Command, CommanderError } from 'commander';
import { attestCommand, verifyCommand } from './attest.js';
import { buildCommand } from './build.js';
import { checkCommand } from './check.js';
import { err, out, UsageError } from './common.js';
import { emuCommand } from './emu.js';
import { fmtCommand } from './fmt.js';
import { lspCommand } from './lsp.js';
import { runCommand } from './run.js';
import { testCommand } from './test.js';
import { traceCommand } from './trace.js';

const VERSION = '0.1.0';

/** Every command, in the order `--help` lists them. */
const COMMANDS = [buildCommand, checkCommand, runCommand, testCommand, traceCommand, attestCommand, verifyCommand, fmtCommand, lspCommand, emuCommand];

export function main(argv: string[]): number {
  let status = 0;
  const setStatus = (value: number) => {
    status = value;
  };
  const program = new Command('penglaic')
    .description('Build and run Penglai-style enclave programs on an emulated RISC-V machine.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: err })
    .showHelpAfterError();
  for (const define of COMMANDS) {
    // Subcommands inherit neither exitOverride nor the output streams from their parent.
    program.addCommand(define(setStatus).exitOverride().configureOutput({ writeOut: out, writeErr: err }).showHelpAfterError());
  }
  try {
    program.parse(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof UsageError) {
      err(`penglaic: error: ${e.message}\n`);
      return 2;
    }
    err(`penglaic: internal error: ${(e as Error).message}\nThis is a bug in penglaic.\n`);
    return 70;
  }
  return status;
}

// Run when bundled as the `penglaic` binary (scripts/build.mjs sets this define).
declare const PENGLAIC_CLI: boolean | undefined;
if (typeof PENGLAIC_CLI !== 'undefined' && PENGLAIC_CLI) process.exitCode = main(process.argv.slice(2));
