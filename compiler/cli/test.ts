// `penglaic test`: builds the program, then runs each `test` block as its own host on a fresh machine.
import { Command } from 'commander';
import { basename, resolve } from 'node:path';
import { TestTraces } from '../trace/test-traces.js';
import { runPlatform } from '../../emulator/index.js';
import { buildProgram } from '../build.js';
import { budgets, DiskSources, displayPath, findSource, out, parseCount, report } from './common.js';
import { describeEvent } from './describe-event.js';
import { deviceKeyOptions, deviceSeed, type DeviceKeyOptions } from './device-secret.js';
import { manifestLookup } from './run.js';

function test(target: string | undefined, options: DeviceKeyOptions & { maxSteps?: string; filter?: string; trace?: string }): number {
  const maxSteps = options.maxSteps === undefined ? undefined : parseCount(options.maxSteps, '--max-steps');
  const source = findSource(target);
  const sources = new DiskSources();
  const result = buildProgram(displayPath(source), sources, basename(source));
  report(result.diagnostics.filter((d) => d.severity === 'error'), sources, false);
  if (!result.manifest) return 1;
  const files = new Map(result.images.map((image) => [image.source.fileName, image.elf]));
  const selected = result.tests.filter((test) => options.filter === undefined || test.name.includes(options.filter));
  if (result.tests.length === 0) {
    out('no tests: add `test "name" { ... }` blocks to the program\n');
    return 0;
  }
  const traces = options.trace === undefined ? undefined : new TestTraces(resolve(options.trace), result.manifest, files);
  const seed = deviceSeed(options);
  let passed = 0;
  let failed = 0;
  for (const test of selected) {
    let captured = '';
    const trace = traces?.start(test);
    const outcome = runPlatform({
      tracer: trace?.tracer,
      deviceSeed: seed,
      hostElf: test.elf,
      hostArgs: [test.name],
      files,
      stdout: (bytes) => (captured += Buffer.from(bytes).toString('utf8')),
      onEvent: (event) => (captured += describeEvent(event, manifestLookup(result.manifest!, files))),
      ...budgets(maxSteps),
    });
    trace?.finish('error' in outcome ? { instret: 0, stopReason: outcome.error } : outcome);
    const ok = !('error' in outcome) && outcome.exitCode === 0;
    if (ok) passed++;
    else failed++;
    out(`test "${test.name}" ... ${ok ? 'ok' : 'FAILED'}\n`);
    if (!ok) {
      const why = 'error' in outcome ? outcome.error : outcome.exitCode === undefined ? outcome.stopReason : `the host exited with status ${outcome.exitCode}`;
      for (const line of `${captured}${why}`.trimEnd().split('\n')) out(`    ${line}\n`);
    }
  }
  out(`\n${passed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}

export function testCommand(setStatus: (status: number) => void): Command {
  const command = new Command('test')
    .description('build a program and run each of its `test "name" { ... }` blocks as a host of its own; exits 1 if any fails')
    .argument('[path]', 'a .pen file, or a directory with main.pen (default: .)')
    .option('--filter <text>', 'run only the tests whose name contains this text')
    .option('--max-steps <n>', 'instruction budget of each enclave run')
    .option('--trace <dir>', 'write one trace per test into this directory (draw them with `penglaic trace`)');
  for (const option of deviceKeyOptions()) command.addOption(option);
  return command.action((path, options) => setStatus(test(path, options)));
}
