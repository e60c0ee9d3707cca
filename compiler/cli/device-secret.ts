// The emulated device's secret, from which the device key, the monitor key and every
// GET_KEY sealing key derive (emulator/monitor/attestation.ts). One per installation:
// made from the system's random source on first use and kept owner-only in the user's
// config directory ($XDG_CONFIG_HOME/penglaic/device-key, else ~/.config/penglaic/).
// `--device-key FILE` names another. The seed published in the source is reachable only
// through `--insecure-fixed-device-key` or PENGLAIC_INSECURE_FIXED_DEVICE_KEY=1, for
// deterministic tests: with it anyone can mint reports and compute sealing keys.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Option } from 'commander';
import { INSECURE_FIXED_DEVICE_SEED } from '../../emulator/index.js';
import { UsageError } from './common.js';

export interface DeviceKeyOptions {
  deviceKey?: string;
  insecureFixedDeviceKey?: boolean;
}

export const INSECURE_ENV = 'PENGLAIC_INSECURE_FIXED_DEVICE_KEY';
const SECRET_BYTES = 32;
const FORMAT = /^([0-9a-f]{64})\n?$/;

/** The options every command that uses the device takes. */
export function deviceKeyOptions(): Option[] {
  return [
    new Option('--device-key <file>', 'the device secret to use (default: the installation\'s, made on first use in the config directory)'),
    new Option('--insecure-fixed-device-key', `use the fixed device secret published in penglaic's source (deterministic tests only: anyone can forge its reports; also ${INSECURE_ENV}=1)`),
  ];
}

/** Where the installation's secret lives. */
export function defaultDeviceKeyPath(): string {
  const config = process.env.XDG_CONFIG_HOME && process.env.XDG_CONFIG_HOME.startsWith('/') ? process.env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(config, 'penglaic', 'device-key');
}

/** The device secret the options select; makes the installation's on first use. */
export function deviceSeed(options: DeviceKeyOptions): Uint8Array {
  const insecure = options.insecureFixedDeviceKey || process.env[INSECURE_ENV] === '1';
  if (insecure && options.deviceKey !== undefined) throw new UsageError('give either --device-key or --insecure-fixed-device-key, not both');
  if (insecure) return INSECURE_FIXED_DEVICE_SEED;
  if (options.deviceKey !== undefined) return readSecret(resolve(options.deviceKey), options.deviceKey);
  const path = defaultDeviceKeyPath();
  if (!existsSync(path)) createSecret(path);
  return readSecret(path, path);
}

function createSecret(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // `wx`: never overwrite a secret another process made meanwhile.
    writeFileSync(path, Buffer.from(randomBytes(SECRET_BYTES)).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw new UsageError(`cannot create the device secret ${path}: ${(e as Error).message}`);
  }
}

function readSecret(path: string, shown: string): Uint8Array {
  if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`device key ${shown} does not exist`);
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new UsageError(`device key ${shown} is readable or writable by others (mode ${mode.toString(8).padStart(3, '0')}); make it owner-only: chmod 600 ${shown}`);
  }
  const match = FORMAT.exec(readFileSync(path, 'latin1'));
  if (!match) throw new UsageError(`device key ${shown} is not a penglaic device secret (64 hex digits)`);
  return new Uint8Array(Buffer.from(match[1], 'hex'));
}

/** A device public key from `--device-public-key`: 128 hex digits, given directly or in a file. */
export function readDevicePublicKey(value: string): Uint8Array {
  const text = /^[0-9a-fA-F]{128}$/.test(value) ? value : existsSync(value) && statSync(value).isFile() ? readFileSync(value, 'latin1').trim() : undefined;
  if (text === undefined) throw new UsageError(`--device-public-key ${value} is neither a file nor 128 hex digits`);
  if (!/^[0-9a-fA-F]{128}$/.test(text)) throw new UsageError(`--device-public-key ${value} does not hold a device public key (128 hex digits, from \`penglaic device-key --public\`)`);
  return new Uint8Array(Buffer.from(text, 'hex'));
}
