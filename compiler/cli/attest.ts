// `penglaic attest` and `penglaic verify`: a monitor-signed report for an image, and its check
// against the measurement `build` predicts.
import { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { attestImage, deriveAttestationKeys, verifyReport } from '../../emulator/index.js';
import { predictedMeasurement } from './build.js';
import { out, readUserFile, UsageError } from './common.js';

function parseNonce(value: string): bigint {
  if (!/^(0x[0-9a-fA-F]+|\d+)$/.test(value) || BigInt(value) >= 1n << 64n) throw new UsageError(`--nonce must be a 64-bit number, not "${value}"`);
  return BigInt(value);
}

function attest(file: string, options: { nonce: string; out: string; server?: boolean }): number {
  const result = attestImage(readUserFile(file), parseNonce(options.nonce), options.server ?? false);
  if ('error' in result) throw new UsageError(`${file}: ${result.error}`);
  writeFileSync(resolve(options.out), result.report);
  out(`wrote ${options.out}: report of ${file} for nonce ${options.nonce}\n`);
  return 0;
}

function verify(reportPath: string, options: { elf: string; nonce?: string }): number {
  const report = readUserFile(reportPath);
  const expected = predictedMeasurement(readUserFile(options.elf), options.elf);
  const verdict = verifyReport(report, expected, deriveAttestationKeys().monitorPublicKey, options.nonce === undefined ? undefined : parseNonce(options.nonce));
  if (!verdict.ok) {
    out(`report rejected: ${verdict.message}\n`);
    return 1;
  }
  out(`report verified: ${options.elf} (measurement ${Buffer.from(expected).toString('hex')}), nonce ${verdict.nonce}\n`);
  return 0;
}

export function attestCommand(setStatus: (status: number) => void): Command {
  return new Command('attest')
    .description('create an enclave from an ELF on a fresh machine and write the monitor-signed report for a nonce')
    .argument('<elf>', 'the enclave or server image')
    .requiredOption('--nonce <n>', 'the nonce the report answers')
    .requiredOption('--out <file>', 'where to write the 328-byte report')
    .option('--server', 'create it as a SERVER enclave')
    .action((file, options) => setStatus(attest(file, options)));
}

export function verifyCommand(setStatus: (status: number) => void): Command {
  return new Command('verify')
    .description("check a report against the measurement predicted from the image and the monitor's key; exits 1 if it does not hold")
    .argument('<report>', 'a report written by `penglaic attest` or by a host')
    .requiredOption('--elf <file>', 'the image the report should be about')
    .option('--nonce <n>', 'also require this nonce (a fresh report)')
    .action((report, options) => setStatus(verify(report, options)));
}
