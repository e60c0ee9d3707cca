// penglaic's trusted-execution calls (runtime/README.md, "Attestation and sealing inside an
// enclave"), driven from C enclaves built against the eapp ABI: every bad argument gets its
// own code and writes nothing, a sealed blob that was changed in any way or cut short
// never unseals (and no plaintext comes out), and sealed data on the disk comes back only
// in the image that sealed it.
import { describe, expect, it } from 'vitest';
import { predictMeasurement } from '../../../emulator/monitor/measurement-plan.js';
import { elfImage } from '../../../emulator/monitor/platform.js';
import type { ElfImage } from '../../../emulator/monitor/elf-image.js';
import { program } from './support/programs.js';
import { runScenario } from './support/scenario.js';

describe('trusted-execution calls with bad arguments', () => {
  it('answer precise codes, leave the output untouched, and the enclave carries on', () => {
    const garbage = program('tee-garbage');
    // The probe server sees its caller's measurement: the one predicted from the caller's ELF.
    const head = Buffer.from(predictMeasurement(elfImage(garbage) as ElfImage)).readBigUInt64BE(0);
    const { transcript } = runScenario({
      files: { 'probe.elf': program('tee-garbage', ['TEE_SERVER']), 'garbage.elf': garbage },
      steps: ['server:tee-probe:probe.elf', 'run:garbage:garbage.elf'],
    });
    expect(transcript).toBe(
      [
        'caller measurement outside a call: -12',
        'get report: 0',
        'verify a report at NULL: -16',
        'verify a report in the monitor: -16',
        'verify against a measurement at NULL: -16',
        'verify against the wrong measurement: -22',
        'seal of 0 bytes: -16',
        'seal of 2^20 bytes: -16',
        'seal from NULL: -16',
        'seal from the monitor: -16',
        'seal into rodata: -16',
        'seal into NULL: -16',
        'seal: 0',
        'unseal: 0',
        'unsealed: SEAL-ME-0123456789abcdef0123456789abcde',
        'unseal of 28 bytes: -16, output untouched',
        'unseal cut short by one byte: -23, output untouched',
        'unseal into the text: -16',
        'unseal with one ciphertext bit flipped: -23, output untouched',
        'unseal with a tag bit flipped: -23, output untouched',
        'unseal with a nonce bit flipped: -23, output untouched',
        'unseal, repaired: 0',
        'probe: caller measurement into NULL: -16',
        'probe: caller measurement into the text: -16',
        'probe: caller measurement into the monitor: -16',
        'probe: caller measurement: 0',
        `probe: caller measurement starts 0x${head.toString(16)}`,
        'call the probe: 0',
        'tee garbage: still alive, text intact: read only',
        'host: run garbage: status 0, value 0x0',
        '',
      ].join('\n'),
    );
  });
});

describe('sealing to the disk', () => {
  it('only the image that sealed a blob unseals it, in a later run too', () => {
    const { transcript } = runScenario({
      files: { 'one.elf': program('sealer'), 'two.elf': program('sealer', ['FLAVOUR=2']) },
      steps: ['run:first:one.elf', 'run:other:two.elf', 'run:again:one.elf'],
    });
    expect(transcript).toBe(
      [
        'sealer 1: sealed to sector 3: 0',
        'host: run first: status 0, value 0x0',
        'sealer 2: unseal sector 3: -23, nothing',
        'host: run other: status 0, value 0x0',
        'sealer 1: unseal sector 3: 0, SEALED-SECRET-of-flavour-one',
        'host: run again: status 0, value 0x0',
        '',
      ].join('\n'),
    );
  });
});
