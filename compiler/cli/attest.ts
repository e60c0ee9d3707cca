// `penglaic attest` and `penglaic verify`: a monitor-signed report for an image, and its check
// against the measurement `build` predicts and the device public key the verifier pins.
import { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { attestImage, deriveAttestationKeys, verifyReport } from '../../emulator/index.js';
import { EnclaveType, MAX_NAME_CHARS } from '../../runtime/abi.js';
import { enclaveIdentity, type EnclaveIdentity } from '../../runtime/measurement.js';
import { predictedMeasurement } from './build.js';
import { out, readUserFile, UsageError } from './common.js';
import { deviceKeyOptions, deviceSeed, readDevicePublicKey, type DeviceKeyOptions } from './device-secret.js';

interface IdentityOptions {
  server?: string;
  shadow?: boolean;
}

function parseNonce(value: string): bigint {
  if (!/^(0x[0-9a-fA-F]+|\d+)$/.test(value) || BigInt(value) >= 1n << 64n) throw new UsageError(`--nonce must be a 64-bit number, not "${value}"`);
  return BigInt(value);
}

/** Who the image is created as: the measurement binds the type and a server's registered name. */
function identityOf(options: IdentityOptions): EnclaveIdentity {
  if (options.server !== undefined && options.shadow) throw new UsageError('give either --server or --shadow, not both');
  if (options.server !== undefined) {
    if (options.server.length === 0 || options.server.length > MAX_NAME_CHARS) throw new UsageError(`--server takes the registered name (1 to ${MAX_NAME_CHARS} characters), not "${options.server}"`);
    return enclaveIdentity(EnclaveType.SERVER, options.server);
  }
  return enclaveIdentity(options.shadow ? EnclaveType.SHADOW : EnclaveType.NORMAL, '');
}

function attest(file: string, options: IdentityOptions & DeviceKeyOptions & { nonce: string; out: string }): number {
  const result = attestImage(readUserFile(file), parseNonce(options.nonce), identityOf(options), deviceSeed(options));
  if ('error' in result) throw new UsageError(`${file}: ${result.error}`);
  writeFileSync(resolve(options.out), result.report);
  out(`wrote ${options.out}: report of ${file} for nonce ${options.nonce}\n`);
  return 0;
}

function verify(reportPath: string, options: IdentityOptions & DeviceKeyOptions & { elf: string; nonce?: string; devicePublicKey?: string }): number {
  const report = readUserFile(reportPath);
  const expected = predictedMeasurement(readUserFile(options.elf), options.elf, identityOf(options));
  // The pinned key: the one given, else this installation's own.
  const pinned = options.devicePublicKey !== undefined ? readDevicePublicKey(options.devicePublicKey) : deriveAttestationKeys(deviceSeed(options)).devicePublicKey;
  const verdict = verifyReport(report, expected, { devicePublicKey: pinned }, options.nonce === undefined ? undefined : parseNonce(options.nonce));
  if (!verdict.ok) {
    out(`report rejected: ${verdict.message}\n`);
    return 1;
  }
  out(`report verified: ${options.elf} (measurement ${Buffer.from(expected).toString('hex')}), nonce ${verdict.nonce}\n`);
  return 0;
}

function withIdentity(command: Command): Command {
  command.option('--server <name>', 'the image is a SERVER enclave registered under this name').option('--shadow', 'the image is a SHADOW template');
  for (const option of deviceKeyOptions()) command.addOption(option);
  return command;
}

export function attestCommand(setStatus: (status: number) => void): Command {
  return withIdentity(
    new Command('attest')
      .description('create an enclave from an ELF on a fresh machine and write the monitor-signed report for a nonce')
      .argument('<elf>', 'the enclave or server image')
      .requiredOption('--nonce <n>', 'the nonce the report answers')
      .requiredOption('--out <file>', 'where to write the 328-byte report'),
  ).action((file, options) => setStatus(attest(file, options)));
}

export function verifyCommand(setStatus: (status: number) => void): Command {
  return withIdentity(
    new Command('verify')
      .description('check a report against the measurement predicted from the image and the pinned device key; exits 1 if it does not hold')
      .argument('<report>', 'a report written by `penglaic attest` or by a host')
      .requiredOption('--elf <file>', 'the image the report should be about')
      .option('--nonce <n>', 'also require this nonce (a fresh report)')
      .option('--device-public-key <key>', "the device public key to pin (a file from `device-key --public`, or its 128 hex digits); default: this installation's"),
  ).action((report, options) => setStatus(verify(report, options)));
}
