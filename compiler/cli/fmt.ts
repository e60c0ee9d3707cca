// `penglaic fmt`: rewrites files in the canonical layout, or with --check lists those that differ.
import { Command } from 'commander';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatSource } from '../../grammar/format.js';
import { displayPath, findSource, out, UsageError } from './common.js';

function fmt(targets: string[], options: { check?: boolean; stdout?: boolean }): number {
  const files = targets.length > 0 ? targets.map((t) => resolve(t)) : [findSource(undefined)];
  let differing = 0;
  for (const file of files) {
    if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`${displayPath(file)} is not a file`);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
    } catch {
      throw new UsageError(`${displayPath(file)} is not UTF-8 text; it was left unchanged (\`penglaic check\` shows where)`);
    }
    const formatted = formatSource(text);
    if (options.stdout) out(formatted);
    else if (formatted !== text) {
      differing++;
      if (options.check) out(`${displayPath(file)} is not formatted\n`);
      else writeFileSync(file, formatted);
    }
  }
  return options.check && differing > 0 ? 1 : 0;
}

export function fmtCommand(setStatus: (status: number) => void): Command {
  return new Command('fmt')
    .description('format .pen files in place (default: main.pen or the only .pen file here)')
    .argument('[files...]', 'the files to format')
    .option('--check', 'change nothing; list files that are not formatted and exit 1 if any')
    .option('--stdout', 'print the formatted text instead of writing it')
    .action((files, options) => setStatus(fmt(files, options)));
}
