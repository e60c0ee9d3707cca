// Runs the bundled `penglaic` binary the way a user does, in a scratch directory.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const binary = join(repoRoot, 'bin/penglaic.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `options.env` replaces the environment (the default is the test's, with the fixed device
 *  secret: vitest.config.ts); `options.input` is written to the command's standard input. */
export function penglaic(args: string[], cwd: string, options: { env?: NodeJS.ProcessEnv; input?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [binary, ...args], { cwd, encoding: 'utf8', timeout: 120_000, env: options.env ?? process.env, input: options.input });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh copy of a sample directory, so builds never write into the repository. */
export function copySample(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `penglaic-${name}-`));
  cpSync(join(repoRoot, 'samples', name), dir, { recursive: true, filter: (source) => !/[\\/]build$/.test(source) });
  return dir;
}

export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'penglaic-'));
}
