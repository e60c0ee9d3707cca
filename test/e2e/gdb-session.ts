// Runs `penglaic ARGS --gdb 0` in a directory and gdb-multiarch in batch mode against it,
// the way a user does: the port comes from penglaic's "waiting for gdb" line.
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './cli.js';

export function requireGdb(): void {
  if (spawnSync('which', ['gdb-multiarch']).status !== 0) throw new Error('required external tool missing: gdb-multiarch (apt-get install gdb-multiarch)');
}

/** `command` is `run` or `emu`; `args` follow `--gdb 0`; gdb loads `elf` and runs `commands`. */
export async function debugWithGdb(dir: string, command: 'run' | 'emu', args: string[], elf: string, commands: string) {
  requireGdb();
  writeFileSync(join(dir, 'gdb.cmd'), commands);
  const run = spawn(process.execPath, [join(repoRoot, 'bin/penglaic.js'), command, '--gdb', '0', ...args], { cwd: dir });
  let stdout = '';
  let stderr = '';
  run.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  const port = await new Promise<string>((resolve, reject) => {
    run.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
      const m = /waiting for gdb on 127\.0\.0\.1:(\d+) /.exec(stderr);
      if (m) resolve(m[1]);
    });
    run.on('exit', () => reject(new Error(`penglaic exited early: ${stderr}`)));
  });
  const status = new Promise<number | null>((resolve) => run.on('exit', (code) => resolve(code)));
  const gdb = spawnSync('gdb-multiarch', ['-q', '-batch', '-nx', elf, '-ex', `target remote :${port}`, '-x', 'gdb.cmd'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  return { gdb, status: await status, stdout };
}
