// SHADOW enclaves (reference §4 "Shadow and fork"): every RUN of the template forks a
// fresh instance that shares the template's read-only pages and copies its writable ones,
// inheriting the template's measurement. Instances never see each other's writes, cannot
// write the shared pages, and the template outlives them.
import { describe, expect, it } from 'vitest';
import { DEFAULT_STACK_SIZE, EnclaveType } from '../../../runtime/abi.js';
import { INSECURE_FIXED_DEVICE_SEED, deriveAttestationKeys, verifyReport } from '../../../emulator/monitor/attestation.js';
import { predictMeasurement } from '../../../emulator/monitor/measurement-plan.js';
import { elfImage } from '../../../emulator/monitor/platform.js';
import type { ElfImage } from '../../../emulator/monitor/elf-image.js';
import { program } from './support/programs.js';
import { runScenario } from './support/scenario.js';

describe('shadow enclaves', () => {
  it('each run is a fresh instance from the template: same data, new eid; the template can be attested and destroyed', () => {
    const elf = program('shadow-counter');
    const { transcript } = runScenario({
      files: { 's.elf': elf },
      steps: ['shadow:tmpl:s.elf', 'start:tmpl', 'start:tmpl', 'attest:tmpl:0x9', 'start:tmpl', 'start:tmpl:0x100000', 'call:202:0x0:0x1', 'destroy:tmpl', 'start:tmpl'],
    });
    const lines = transcript.split('\n');
    const report = new Uint8Array(Buffer.from(lines[5].split(' ')[3], 'hex'));
    expect(verifyReport(report, predictMeasurement(elfImage(elf) as ElfImage, DEFAULT_STACK_SIZE, { type: EnclaveType.SHADOW, name: '' }), deriveAttestationKeys(INSECURE_FIXED_DEVICE_SEED), 9n).ok).toBe(true);
    lines[5] = 'ATTEST';
    expect(lines).toEqual([
      'host: shadow: 0',
      'shadow instance: eid 1, counter 1',
      'host: start tmpl: status 0, value 0x1',
      'shadow instance: eid 2, counter 1',
      'host: start tmpl: status 0, value 0x1',
      'ATTEST',
      'shadow instance: eid 3, counter 1',
      'host: start tmpl: status 0, value 0x1',
      'shadow instance: eid 4, counter 1', // a sliced run that ends within its slice
      'host: start tmpl: status 0, value 0x1',
      'host: call 202: -18', // no shared memory for a template
      'host: destroy tmpl: 0',
      'host: start tmpl: status -10, value 0x0',
      '',
    ]);
  });

  it('a sliced run of a template answers the instance eid; the host resumes, stops and destroys the instance, and the template waits for it', () => {
    const { transcript } = runScenario({
      files: { 't.elf': program('ticker', ['LOOPS=1000000']) },
      steps: [
        'shadow:tmpl:t.elf',
        'start:tmpl:0x100000',
        'instance:one',
        'resume:one:0x100000',
        'stop:one',
        'attest:one:0x1',
        'destroy:tmpl',
        'finish:one:0x100000',
        'start:tmpl:0x100000',
        'instance:two',
        'destroy:two',
        'destroy:tmpl',
      ],
      enclaveMaxSteps: 50_000_000,
    });
    const lines = transcript.split('\n');
    expect(lines[4]).toMatch(/^host: attest 0 [0-9a-f]{656}$/);
    lines[4] = 'ATTEST';
    expect(lines).toEqual([
      'host: shadow: 0',
      'host: start tmpl: status 2, value 0x1',
      'host: resume: status 2, value 0x1',
      'host: stop: 0',
      'ATTEST',
      'host: destroy tmpl: -12', // an instance still shares its pages
      'ticker: done, x = 0x699f427436e977e1',
      'host: finish: status 0, value 0x77e1, slices 2',
      'host: start tmpl: status 2, value 0x2',
      'host: destroy two: 0',
      'host: destroy tmpl: 0',
      '',
    ]);
  });

  it('an instance writing the shared text faults alone; the next instance runs from an intact template', () => {
    const { transcript } = runScenario({
      files: { 'bad.elf': program('shadow-counter', ['WRITE_TEXT']) },
      steps: ['shadow:tmpl:bad.elf', 'start:tmpl', 'start:tmpl'],
    });
    expect(transcript).toBe(
      [
        'host: shadow: 0',
        'shadow instance: eid 1, counter 1',
        'monitor: tmpl killed: store page fault, address 0x1000',
        'host: start tmpl: status -19, value 0x0',
        'shadow instance: eid 2, counter 1',
        'monitor: tmpl killed: store page fault, address 0x1000',
        'host: start tmpl: status -19, value 0x0',
        '',
      ].join('\n'),
    );
  });
});
