// `penglaic test`: builds the program of the files named and runs the tests written in them,
// each on a fresh machine, into a report (compiler/grader/) in the chosen format.
// Exit status: 0 every test passed, 1 a test failed, 2 the program did not build.
import { Command, Option } from 'commander';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderReport, REPORTERS, type ReporterName } from '../grader/reporters/index.js';
import { DiskSources, displayPath, findSource, out, parseCount, UsageError } from './common.js';
import { deviceKeyOptions, deviceSeed, type DeviceKeyOptions } from './device-secret.js';
import { runTestsOnEmulator } from './test-platform.js';
import { TestTraces } from '../trace/test-traces.js';
import { parseHartOptions, type HartChoice, type HartFlags } from './hart-options.js';

interface TestOptions extends DeviceKeyOptions, HartFlags {
  reporter: ReporterName;
  output?: string;
  filter?: string;
  maxSteps?: string;
  timeout?: string;
  hidden?: string[];
  trace?: string;
}

/** `--harts N` for every test's machine; traces do not follow several harts yet. */
function testHarts(options: TestOptions): HartChoice {
  const choice = parseHartOptions(options);
  if (choice.harts > 1 && options.trace !== undefined) throw new UsageError('--harts above 1 cannot be combined with --trace yet');
  return choice;
}

function test(targets: string[], options: TestOptions): number {
  const files = (targets.length === 0 ? [undefined] : targets).map((t) => displayPath(findSource(t)));
  const duplicate = files.find((f, i) => files.indexOf(f) !== i);
  if (duplicate) throw new UsageError(`${duplicate} is named twice`);
  const report = runTestsOnEmulator({
    files,
    sources: new DiskSources(),
    filter: options.filter,
    maxSteps: options.maxSteps === undefined ? undefined : parseCount(options.maxSteps, '--max-steps'),
    timeoutMs: options.timeout === undefined ? undefined : parseCount(options.timeout, '--timeout'),
    hiddenFiles: (options.hidden ?? []).map((h) => displayPath(findSource(h))),
    deviceSeed: deviceSeed(options),
    traces: options.trace === undefined ? undefined : new TestTraces(resolve(options.trace)),
    harts: testHarts(options),
  });
  const text = renderReport(report, options.reporter);
  if (options.output === undefined) out(text);
  else {
    try {
      writeFileSync(resolve(options.output), text);
    } catch (e) {
      throw new UsageError(`cannot write ${options.output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  return report.exitCode;
}

const EXIT_CODES = `
Exit status:
  0  every test passed
  1  a test failed, or stopped with an error (a fault in the host, a limit ran out)
  2  the program or its tests did not build: every test is reported as not-run with 0 points,
     with the compiler's diagnostics as feedback (also: bad command-line usage)

Only the tests written in the files named run, never those of the files they import. A file
with a test that is not \`visible\` (or named with --hidden) is a hidden test file: reports show
it as <hidden test>, without its source.`;

export function testCommand(setStatus: (status: number) => void): Command {
  const command = new Command('test')
    .description('build a program and run the `test "name" { ... }` blocks of the files named, each as a host of its own')
    .argument('[paths...]', '.pen files whose tests run (a directory means its main.pen; default: .)')
    .addOption(new Option('--reporter <format>', 'report format').choices([...REPORTERS]).default('text'))
    .option('--output <file>', 'write the report to this file instead of standard output')
    .option('--filter <text>', 'run only the tests whose name contains this text')
    .option('--max-steps <n>', 'instruction budget of each enclave run, unless a test sets max_steps (default 100000000)')
    .option('--timeout <ms>', 'wall-clock limit of each test in milliseconds, unless it sets timeout_ms (default 10000)')
    .option('--hidden <file>', 'treat this file as a hidden test file (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--trace <dir>', 'write one trace per test into this directory (draw them with `penglaic trace`)')
    .option('--harts <n>', 'harts of the machine of every test (default 1): the host on hart 0, `start` runs enclaves on the others')
    .option('--schedule <kind>', 'how harts take turns: round-robin (default) or random')
    .option('--seed <s>', 'with --schedule random: the seed of the interleaving (default 1)')
    .option('--quantum <n>', 'instructions per turn (random: up to this many; default 1000)')
    .addHelpText('after', EXIT_CODES);
  for (const option of deviceKeyOptions()) command.addOption(option);
  return command.action((paths, options) => setStatus(test(paths, options)));
}
