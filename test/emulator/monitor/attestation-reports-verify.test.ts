// Attestation (reference §1 report_t, §2 get_report / get_key): reports from the host's
// ATTEST_ENCLAVE and the enclave's GET_REPORT verify against the measurement predicted
// from the ELF and the monitor's public key; any tampering is caught by verifyReport.
import { describe, expect, it } from 'vitest';
import { AttestReport, DEFAULT_STACK_SIZE, EnclaveType } from '../../../runtime/abi.js';
import { INSECURE_FIXED_DEVICE_SEED, buildReport, deriveAttestationKeys, verifyReport, type PinnedDevice } from '../../../emulator/monitor/attestation.js';
import { enclaveIdentity, NORMAL_IDENTITY, type EnclaveIdentity } from '../../../runtime/measurement.js';
import { predictMeasurement } from '../../../emulator/monitor/measurement-plan.js';
import { elfImage } from '../../../emulator/monitor/platform.js';
import type { ElfImage } from '../../../emulator/monitor/elf-image.js';
import { program } from './support/programs.js';
import { runScenario } from './support/scenario.js';

const keys = deriveAttestationKeys(INSECURE_FIXED_DEVICE_SEED);
const measurementOf = (elf: Uint8Array, identity: EnclaveIdentity = NORMAL_IDENTITY) => predictMeasurement(elfImage(elf) as ElfImage, DEFAULT_STACK_SIZE, identity);
const asServer = (name: string) => enclaveIdentity(EnclaveType.SERVER, name);
const hexBytes = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));

describe('verifyReport', () => {
  const measurement = new Uint8Array(32).fill(7);
  const report = buildReport(keys, measurement, 42n);

  it('accepts a report for the expected measurement, key and nonce', () => {
    expect(verifyReport(report, measurement, keys, 42n)).toEqual({ ok: true, nonce: 42n });
  });

  it('names what is wrong with a bad report', () => {
    const code = (r: Uint8Array, m = measurement, key: PinnedDevice = keys, nonce?: bigint) => {
      const verdict = verifyReport(r, m, key, nonce);
      return verdict.ok ? 'ok' : verdict.code;
    };
    const flip = (offset: number) => {
      const copy = report.slice();
      copy[offset] ^= 1;
      return copy;
    };
    expect(code(report.subarray(0, 100))).toBe('size');
    expect(code(report, new Uint8Array(32))).toBe('measurement');
    expect(code(report, measurement, keys, 43n)).toBe('nonce');
    expect(code(report, measurement, deriveAttestationKeys(new Uint8Array([1])))).toBe('device-key');
    expect(code(report, measurement, { devicePublicKey: keys.monitorPublicKey })).toBe('device-key');
    expect(code(flip(AttestReport.ENCLAVE_SIGNATURE + 5))).toBe('signature');
    expect(code(flip(AttestReport.ENCLAVE_HASH))).toBe('measurement');
    expect(code(flip(AttestReport.ENCLAVE_NONCE))).toBe('measurement');
    expect(code(flip(AttestReport.SM_SIGNATURE + 3))).toBe('device-signature');
    expect(code(flip(AttestReport.SM_HASH))).toBe('device-signature');
    expect(code(flip(AttestReport.DEV_PUB_KEY + 10))).toBe('device-key');
    expect(code(flip(AttestReport.SM_PUB_KEY + 1))).toBe('device-signature');
  });
});

describe('reports from the running monitor', () => {
  it("the host's ATTEST_ENCLAVE report on a fresh enclave and on a server verifies against the ELFs", () => {
    const client = program('vault-client');
    const vault = program('vault');
    const { transcript } = runScenario({
      files: { 'vault.elf': vault, 'client.elf': client },
      steps: ['server:vault:vault.elf', 'create:c1:client.elf', 'attest:c1:0x4d2', 'attest:vault:0x99', 'start:c1', 'attest:c1:0x1'],
    });
    const lines = transcript.split('\n');
    expect(lines[0]).toBe('host: create: 0');
    const reports = lines.filter((l) => l.startsWith('host: attest ')).map((l) => l.split(' '));
    expect(reports.map((r) => r[2])).toEqual(['0', '0', '-10']); // the client is gone after its run
    expect(verifyReport(hexBytes(reports[0][3]), measurementOf(client), keys, 1234n)).toEqual({ ok: true, nonce: 1234n });
    expect(verifyReport(hexBytes(reports[1][3]), measurementOf(vault, asServer('vault')), keys, 0x99n)).toEqual({ ok: true, nonce: 0x99n });
    expect(verifyReport(hexBytes(reports[0][3]), measurementOf(vault, asServer('vault')), keys).ok).toBe(false);
    expect(lines.slice(3, 7)).toEqual([
      'vault: call 1, secret intact',
      'client: vault answered 0, resp_val 0x600d',
      'host: start c1: status 0, value 0x0',
      lines[6],
    ]);
  });

  it("an enclave's GET_REPORT on itself and on a named server verifies; keys are stable and bound to the enclave", () => {
    const reporter = program('reporter');
    const vault = program('vault');
    const run = () =>
      runScenario({ files: { 'vault.elf': vault, 'reporter.elf': reporter }, steps: ['server:vault:vault.elf', 'run:reporter:reporter.elf'] })
        .transcript;
    const transcript = run();
    const field = (label: string) => transcript.split('\n').filter((l) => l.startsWith(`${label} `)).map((l) => l.slice(label.length + 1));
    expect(verifyReport(hexBytes(field('self')[0]), measurementOf(reporter), keys, 0x1234n).ok).toBe(true);
    expect(verifyReport(hexBytes(field('vault')[0]), measurementOf(vault, asServer('vault')), keys, 0x5678n).ok).toBe(true);
    const [key0, key0again] = field('key0');
    expect(key0).toMatch(/^[0-9a-f]{64}$/);
    expect(key0again).toBe(key0);
    expect(field('key1')[0]).toMatch(/^[0-9a-f]{128}$/);
    expect(field('key1')[0].slice(0, 64)).not.toBe(key0);
    expect(transcript.replace(/^(self|vault|key0|key1) [0-9a-f]+\n/gm, '')).toBe(
      [
        'report on itself: 0 (0)',
        'report on the vault: 0 (0)',
        'report on nobody: -1 (-10)',
        'report into the text: -1 (-16)',
        'enclave key: 0 (0)',
        'enclave key again: 0 (0)',
        'storage key: 0 (0)',
        'key type 3: -1 (-16)',
        'a 65-byte key: -1 (-16)',
        'a key into the monitor: -1 (-16)',
        'host: run reporter: status 0, value 0x0',
        '',
      ].join('\n'),
    );
    // Same device, same enclave code: the same sealing key on the next boot.
    const again = run();
    expect(again.split('\n').find((l) => l.startsWith('key0 '))).toBe(`key0 ${key0}`);
  });
});
