// Penglai's IPC demo (reference §4) written in C against our eapp stubs, built with GNU
// gcc and run by the `penglaic run --caller --server` host: caller -> server1 -> server
// moves one 16 KiB region down the chain and back without a copy. With the sample's own
// C host (`make && penglaic run`) it is Penglai's test-caller with shm, relay pages and
// attestation, followed by the relay-page, test-stop, secure shm and disk demos.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTool } from '../helpers/cross-tools.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEnclave, repoRoot, sampleDir, type BuiltEnclave } from './support/eapp-build.js';

let caller: BuiltEnclave;
let server: BuiltEnclave;
let server1: BuiltEnclave;

beforeAll(() => {
  caller = buildEnclave('caller', { file: 'caller.c' });
  server = buildEnclave('server', { file: 'server.c' });
  server1 = buildEnclave('server1', { file: 'server1.c' });
});

function penglaicRun(args: string[]) {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin/penglaic.js'), 'run', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the C IPC demo under penglaic run', () => {
  it('caller -> server1 -> server: the region comes back summing 0x2000, the response sums 0x2000, resp_val 0x3', () => {
    const run = penglaicRun(['--caller', caller.path, '--server', `test-server=${server.path}`, '--server', `test-server1=${server1.path}`]);
    expect(run.stdout).toBe(
      [
        'caller: eid 2 acquired test-server1 (handle 1)',
        'caller: get_report on itself 0, on the server 0',
        'server: eid 0 called by 1, arg0 + sum of req region = 0x19962000',
        'server: arg0 + sum of resp region = 0x19962000',
        'server1: eid 1 called by 2, arg0 + sum of req region = 0x19961000',
        'server1: arg0 + sum of the resp region from test-server = 0x19962000',
        'caller: req region back at the same VA, sum 0x2000',
        'caller: resp region of 0x4000 bytes, sum 0x2000',
        'caller: resp_val 0x3',
        'host: test-caller returned 0',
        '',
      ].join('\n'),
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('caller -> server alone: the region comes back unchanged (0x1000) and resp_val is 0x2', () => {
    const run = penglaicRun(['--caller', caller.path, '--server', `test-server=${server.path}`]);
    expect(run.stdout).toBe(
      [
        'caller: eid 1 acquired test-server (handle 0)',
        'caller: get_report on itself 0, on the server 0',
        'server: eid 0 called by 1, arg0 + sum of req region = 0x19961000',
        'server: arg0 + sum of resp region = 0x19962000',
        'caller: req region back at the same VA, sum 0x1000',
        'caller: resp region of 0x4000 bytes, sum 0x2000',
        'caller: resp_val 0x2',
        'host: test-caller returned 0',
        '',
      ].join('\n'),
    );
    expect(run.status).toBe(0);
  });

  it("make && penglaic run: Penglai's test-caller host in C with shm, relay pages and attestation, then the relay-page, test-stop, secure shm and disk demos", () => {
    const dir = mkdtempSync(join(tmpdir(), 'penglaic-penglai-c-'));
    cpSync(sampleDir, dir, { recursive: true, filter: (source) => !/[\\/]build$/.test(source) && !source.endsWith('.elf') });
    requireTool('riscv64-unknown-elf-gcc');
    execFileSync(requireTool('make'), ['-s', '-C', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const run = penglaicRun([dir]);
    expect(run.stdout).toBe(
      [
        'host: attest test-caller with nonce 1234: 0',
        'caller: shm value 11111, size 0x4000',
        'caller: relay value 22222, size 0x4000',
        'caller: eid 2 acquired test-server1 (handle 1)',
        'caller: get_report on itself 0, on the server 0',
        'server: eid 0 called by 1, arg0 + sum of req region = 0x19962000',
        'server: arg0 + sum of resp region = 0x19962000',
        'server1: eid 1 called by 2, arg0 + sum of req region = 0x19961000',
        'server1: arg0 + sum of the resp region from test-server = 0x19962000',
        'caller: req region back at the same VA, sum 0x2000',
        'caller: resp region of 0x4000 bytes, sum 0x2000',
        'caller: resp_val 0x3',
        'host: test-caller returned 0 (status 0)',
        'relay-page: relay value 33333, size 0x1000',
        'host: relay-page handed back its pages holding 33333; clearing them and rerunning',
        'relay-page: after the rerun, relay value 0',
        'host: relay-page returned 0',
        'loop: running until the host stops it',
        'host: loop preempted 3 times; stop: 0',
        'host: resume the stopped loop for one slice: 2',
        'host: destroy the loop: 0',
        'partner: attached at 0x3fffffe000: "hello from the keeper"',
        'partner: object 0x5ec: 2 attached, 0x2000 bytes',
        'keeper: the partner wrote "thanks, keeper"',
        'partner: keeper closed the object: 0',
        'partner: object 0x5ec: 1 attached, 0x2000 bytes',
        'partner: detach 0',
        'partner: no object under 0x5ec (-10)',
        'partner: attach again: 0x0 (-10)',
        'host: partner returned 0',
        'notebook: sector 7 is blank; starting a notebook',
        'host: notebook returned 1',
        'notebook: run 2 found "written by run 1"',
        'host: notebook returned 2',
        '',
      ].join('\n'),
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('a server file that is not an ELF: the monitor refuses it and the error names the file as given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'penglaic-not-elf-'));
    const junk = join(dir, 'notes.txt');
    writeFileSync(junk, 'not an enclave\n');
    const run = penglaicRun(['--caller', caller.path, '--server', `test-server=${junk}`]);
    expect(run.stdout).toBe(
      'monitor: create "test-server" refused: the enclave ELF is not valid: file is 15 bytes, shorter than an ELF64 header\n' +
        `error: create "test-server" from ${junk}: bad argument\n`,
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
  });

  it('a caller with no server at all returns -1 to the host', () => {
    const run = penglaicRun(['--caller', caller.path]);
    expect(run.stdout).toBe('caller: no server to call\nhost: test-caller returned -1\n');
    expect(run.status).toBe(0);
  });
});
