// The `penglaic` command line: the only place that joins compiler and emulator (through
// emulator/index.ts). Each command lives in its own file here; this one wires them to
// commander. Every failure ends as a located, readable message and an exit status, never a
// stack trace.
import { Command, CommanderError } from 'commander';
import { err, out, UsageError } from './common.js';
import { GRADE_WORKER_ROLE, setEntryScript } from './entry-script.js';

const VERSION = '0.1.0';

type DefineCommand = (setStatus: (status: number) => void) => Command;

/**
 * Every command, in the order `--help` lists them, each loaded only when it is needed: a
 * `penglaic run` never loads the parser or the code generator (start-up time counts when a
 * grader runs penglaic thousands of times).
 */
const COMMANDS: Record<string, () => Promise<DefineCommand[]>> = {
  new: async () => [(await import('./new.js')).newCommand],
  build: async () => [(await import('./build.js')).buildCommand],
  check: async () => [(await import('./check.js')).checkCommand],
  run: async () => [(await import('./run.js')).runCommand],
  test: async () => [(await import('./test.js')).testCommand],
  trace: async () => [(await import('./trace.js')).traceCommand],
  attest: async () => [(await import('./attest.js')).attestCommand],
  verify: async () => [(await import('./attest.js')).verifyCommand],
  'device-key': async () => [(await import('./device-key.js')).deviceKeyCommand],
  fmt: async () => [(await import('./fmt.js')).fmtCommand],
  lsp: async () => [(await import('./lsp.js')).lspCommand],
  emu: async () => [(await import('./emu.js')).emuCommand],
  grade: async () => [(await import('./grade.js')).gradeCommand],
  autograder: async () => [(await import('./autograder.js')).autograderCommand],
  explain: async () => [(await import('./explain.js')).explainCommand],
  playground: async () => [(await import('./playground.js')).playgroundCommand],
};

/** The commands to load for these arguments: the one named, or all of them for help and errors. */
async function commandsFor(argv: readonly string[]): Promise<DefineCommand[]> {
  const named = COMMANDS[argv[0] ?? ''];
  if (named) return named();
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) return [];
  return (await Promise.all(Object.values(COMMANDS).map((load) => load()))).flat();
}

export async function main(argv: string[]): Promise<number> {
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
  for (const define of await commandsFor(argv)) {
    // Subcommands inherit neither exitOverride nor the output streams from their parent.
    program.addCommand(define(setStatus).exitOverride().configureOutput({ writeOut: out, writeErr: err }).showHelpAfterError());
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
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
// Started by `penglaic grade` as one of its worker threads, the same file serves grading jobs.
if (typeof PENGLAIC_CLI !== 'undefined' && PENGLAIC_CLI) {
  setEntryScript(import.meta.url);
  const { isMainThread, workerData } = await import('node:worker_threads');
  if (!isMainThread && (workerData as { role?: string } | null)?.role === GRADE_WORKER_ROLE) (await import('./grade-worker.js')).serveGrading(workerData);
  else process.exitCode = await main(process.argv.slice(2));
}
