// `penglaic device-key --public`: the device public key a verifier pins (`penglaic verify
// --device-public-key`), as 128 hex digits (x||y of the SM2 point). The secret itself is
// never printed.
import { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { deriveAttestationKeys } from '../../emulator/index.js';
import { out, UsageError } from './common.js';
import { deviceKeyOptions, deviceSeed, type DeviceKeyOptions } from './device-secret.js';

function deviceKey(options: DeviceKeyOptions & { public?: boolean; out?: string }): number {
  if (!options.public) throw new UsageError('say --public: device-key exports only the public key (the secret never leaves its file)');
  const hex = Buffer.from(deriveAttestationKeys(deviceSeed(options)).devicePublicKey).toString('hex') + '\n';
  if (options.out === undefined) out(hex);
  else {
    writeFileSync(resolve(options.out), hex);
    out(`wrote ${options.out}: the device public key\n`);
  }
  return 0;
}

export function deviceKeyCommand(setStatus: (status: number) => void): Command {
  const command = new Command('device-key')
    .description("export this installation's device public key, which verifiers pin (`verify --device-public-key`)")
    .option('--public', 'print (or write) the device public key as 128 hex digits')
    .option('--out <file>', 'write it to this file instead of printing it');
  for (const option of deviceKeyOptions()) command.addOption(option);
  return command.action((options) => setStatus(deviceKey(options)));
}
