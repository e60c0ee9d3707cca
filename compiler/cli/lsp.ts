// `penglaic lsp --stdio`: the language server, bundled separately, on this process's stdio.
import { Command } from 'commander';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from './common.js';

function lsp(options: { stdio?: boolean }): number {
  if (!options.stdio) throw new UsageError('the language server speaks over standard input and output: use `penglaic lsp --stdio`');
  // dist/penglaic-lsp.js sits beside the CLI's entry; this code may run from a chunk in dist/cli-chunks/.
  const here = dirname(fileURLToPath(import.meta.url));
  const server = [here, dirname(here)].map((dir) => join(dir, 'penglaic-lsp.js')).find((path) => existsSync(path));
  if (!server) throw new UsageError(`the language server bundle penglaic-lsp.js is missing beside ${here}; run \`npm run build\``);
  const result = spawnSync(process.execPath, [server, '--stdio'], { stdio: 'inherit' });
  return result.status ?? 1;
}

export function lspCommand(setStatus: (status: number) => void): Command {
  return new Command('lsp')
    .description('start the language server for editors (VS Code, neovim, Emacs eglot, ...)')
    .option('--stdio', 'speak LSP over standard input and output')
    .action((options) => setStatus(lsp(options)));
}
