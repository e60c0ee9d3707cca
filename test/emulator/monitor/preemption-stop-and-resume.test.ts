// Timer preemption, stop and resume (reference §1 PLenclave_run/stop/resume, §2
// EAPP_YIELD, §4 demo/test-stop; runtime/README.md "Preemption"). A sliced run comes
// back to the single-threaded host after each slice of instructions with status 2
// (TIMER); the host resumes, stops or destroys it. Preempting inside a server call and
// destroying the run leaves the server idle and usable.
import { describe, expect, it } from 'vitest';
import { AttestReport } from '../../../runtime/abi.js';
import { INSECURE_FIXED_DEVICE_SEED, deriveAttestationKeys, verifyReport } from '../../../emulator/monitor/attestation.js';
import { predictMeasurement } from '../../../emulator/monitor/measurement-plan.js';
import { elfImage } from '../../../emulator/monitor/platform.js';
import type { ElfImage } from '../../../emulator/monitor/elf-image.js';
import { program } from './support/programs.js';
import { runScenario } from './support/scenario.js';

const ticker = () => program('ticker', ['LOOPS=1000000']);
const run = (files: Record<string, Uint8Array>, steps: string[]) => runScenario({ files, steps, enclaveMaxSteps: 50_000_000 }).transcript;
const done = 'ticker: done, x = 0x699f427436e977e1';

describe('sliced runs', () => {
  it('a sliced run returns TIMER after each slice and finishes with the same result as a plain run', () => {
    expect(run({ 't.elf': ticker() }, ['run:plain:t.elf', 'slice:t1:t.elf:0x100000', 'finish:t1:0x100000'])).toBe(
      [done, 'host: run plain: status 0, value 0x77e1', 'host: slice: status 2, value 0x0', done, 'host: finish: status 0, value 0x77e1, slices 3', ''].join('\n'),
    );
  });

  it('a stopped enclave can be attested, and resumes where it stopped', () => {
    const transcript = run({ 't.elf': ticker() }, ['slice:t1:t.elf:0x100000', 'resume:t1:0x100000', 'stop:t1', 'resume:t1:0x0']).split('\n');
    expect(transcript).toEqual(['host: slice: status 2, value 0x0', 'host: resume: status 2, value 0x0', 'host: stop: 0', done, 'host: resume: status 0, value 0x77e1', '']);
    const attested = run({ 't.elf': ticker() }, ['slice:t1:t.elf:0x100000', 'stop:t1', 'attest:t1:0x7']).split('\n')[2];
    const report = new Uint8Array(Buffer.from(attested.split(' ')[3], 'hex'));
    expect(report.length).toBe(AttestReport.SIZE);
    expect(verifyReport(report, predictMeasurement(elfImage(ticker()) as ElfImage), deriveAttestationKeys(INSECURE_FIXED_DEVICE_SEED), 7n).ok).toBe(true);
  });

  it('YIELD in a sliced run hands the host its turn (status 3) and returns 0 to the enclave', () => {
    expect(run({ 't.elf': program('ticker', ['LOOPS=1000000', 'YIELDS']) }, ['slice:t1:t.elf:0x10000000', 'finish:t1:0x10000000'])).toBe(
      ['host: slice: status 3, value 0x0', done, 'host: finish: status 0, value 0x77e1, slices 10', ''].join('\n'),
    );
  });

  it('an enclave that never stops is stopped, resumed and destroyed by the host; the vault still answers', () => {
    const files = { 'r.elf': program('runaway'), 'vault.elf': program('vault'), 'client.elf': program('vault-client') };
    expect(run(files, ['server:vault:vault.elf', 'slice:r:r.elf:0x100000', 'resume:r:0x100000', 'stop:r', 'resume:r:0x100000', 'destroy:r', 'resume:r:0x1', 'run:client:client.elf'])).toBe(
      [
        'runaway: looping',
        'host: slice: status 2, value 0x0',
        'host: resume: status 2, value 0x0',
        'host: stop: 0',
        'host: resume: status 2, value 0x0',
        'host: destroy r: 0',
        'host: resume: status -10, value 0x0',
        'vault: call 1, secret intact',
        'client: vault answered 0, resp_val 0x600d',
        'host: run client: status 0, value 0x0',
        '',
      ].join('\n'),
    );
  });

  it('a run preempted inside a server call resumes there; destroyed there, the server is left idle and serves the next caller', () => {
    const files = { 'tv.elf': program('ticker', ['LOOPS=1000000', 'VIA_SERVER']), 's.elf': program('slowpoke') };
    expect(run(files, ['server:slowpoke:s.elf', 'slice:a:tv.elf:0x100000', 'finish:a:0x100000', 'slice:b:tv.elf:0x100000', 'destroy:b', 'run:c:tv.elf'])).toBe(
      [
        'host: slice: status 2, value 0x0',
        'slowpoke: done',
        'ticker: slowpoke answered 0, resp_val 0x77e1, region 8',
        'host: finish: status 0, value 0x77e1, slices 3',
        'host: slice: status 2, value 0x0',
        'host: destroy b: 0',
        'slowpoke: done',
        'ticker: slowpoke answered 0, resp_val 0x77e1, region 8',
        'host: run c: status 0, value 0x77e1',
        '',
      ].join('\n'),
    );
  });

  it('servers cannot be stopped or resumed; a zero slice and unknown enclaves are refused', () => {
    const files = { 'vault.elf': program('vault'), 't.elf': ticker() };
    expect(run(files, ['server:vault:vault.elf', 'stop:vault', 'resume:vault:0x0', 'call:200:0x0:0x100', 'call:200:0x7:0x100', 'slice:t:t.elf:0x0', 'stop:t', 'resume:t:0x0'])).toBe(
      [
        'host: stop: -18',
        'host: resume: status -18, value 0x0',
        'host: call 200: -18',
        'host: call 200: -10',
        'host: slice: status -16, value 0x0',
        'host: stop: -12',
        'host: resume: status -12, value 0x0',
        '',
      ].join('\n'),
    );
  });
});
