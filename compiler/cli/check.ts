// `penglaic check`: diagnostics without building.
import { Command } from 'commander';
import { checkProgram } from '../check/index.js';
import { hasErrors } from '../check/model.js';
import { DiskSources, displayPath, findSource, report } from './common.js';

function check(target: string | undefined, options: { json?: boolean }): number {
  const source = findSource(target);
  const sources = new DiskSources();
  const checked = checkProgram(displayPath(source), sources);
  report(checked.diagnostics, sources, options.json ?? false);
  return hasErrors(checked) ? 1 : 0;
}

export function checkCommand(setStatus: (status: number) => void): Command {
  return new Command('check')
    .description('check a program and report diagnostics without building')
    .argument('[path]', 'a .pen file, or a directory with main.pen (default: .)')
    .option('--json', 'print diagnostics as JSON')
    .action((path, options) => setStatus(check(path, options)));
}
