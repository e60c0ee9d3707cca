// `penglaic run --disk FILE`: the block device behind READ_SECT / WRITE_SECT is loaded from
// FILE and saved back to it when an enclave wrote, so a sector one run writes is there in
// the next run. A bad --disk is a usage error, never a stack trace.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/eapp-build.js';
import { program } from './support/programs.js';

function penglaicRun(args: string[]) {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin/penglaic.js'), 'run', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('penglaic run --disk', () => {
  it('a sector written in one run is read in the next from the same file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'penglaic-disk-'));
    const writer = join(dir, 'writer.elf');
    const reader = join(dir, 'reader.elf');
    writeFileSync(writer, program('disk-user', ['WRITER']));
    writeFileSync(reader, program('disk-user'));
    const disk = join(dir, 'disk.img');
    expect(existsSync(disk)).toBe(false);
    const first = penglaicRun(['--caller', writer, '--disk', disk]);
    expect(first.status).toBe(0);
    expect(first.stdout.split('\n')[0]).toBe('disk-user: write 7: 0 (0)');
    const image = readFileSync(disk);
    expect(image.length).toBe(4 * 1024 * 1024);
    expect(image.subarray(7 * 4096, 7 * 4096 + 30).toString('latin1')).toBe('sector 7 written by the writer');
    const second = penglaicRun(['--caller', reader, '--disk', disk]);
    expect(second.stdout.split('\n').slice(0, 2)).toEqual(['disk-user: read 7: 0 (0)', 'disk-user: sector 7 says "sector 7 written by the writer", 0 pattern bytes differ']);
    const fresh = penglaicRun(['--caller', reader]);
    expect(fresh.stdout.split('\n')[1]).toBe('disk-user: sector 7 says "", 4034 pattern bytes differ'); // without --disk: a fresh zeroed disk
  });

  it('a directory as --disk is a usage error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'penglaic-disk-'));
    mkdirSync(join(dir, 'not-a-file'));
    const caller = join(dir, 'reader.elf');
    writeFileSync(caller, program('disk-user'));
    const run = penglaicRun(['--caller', caller, '--disk', join(dir, 'not-a-file')]);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`penglaic: error: --disk ${join(dir, 'not-a-file')} is not a file\n`);
    expect(run.status).toBe(2);
  });
});
