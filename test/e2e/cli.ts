// Runs the bundled `penglaic` binary the way a user does, in a scratch directory.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../..');
const binary = join(repoRoot, 'bin/penglaic.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `env` replaces the environment (the default is the test's, with the fixed device secret: vitest.config.ts). */
export function penglaic(args: string[], cwd: string, env?: NodeJS.ProcessEnv): CliResult {
  const r = spawnSync(process.execPath, [binary, ...args], { cwd, encoding: 'utf8', timeout: 120_000, env: env ?? process.env });
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
