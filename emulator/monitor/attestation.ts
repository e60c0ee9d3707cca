// Attestation (reference §1 report layout, §2 get_report / get_key, §8 item 14): the
// monitor signs, with its SM2 key, SM3(measurement || nonce) of an enclave; a device key
// vouches for the monitor key. `verifyReport` is the pure check a relying party (or the
// `penglaic` CLI) runs with the measurement it expects and the monitor's public key.
//
// The emulated platform has no fuse or secure storage, so every key derives from a
// device secret (MonitorOptions.deviceSeed): the CLI keeps one per installation in the
// user's config directory, owner-only (compiler/cli/device-secret.ts). A verifier pins
// the device public key; the report's monitor key must be signed by it. SM2 signatures
// themselves are randomised, as SM2 requires.
import { AttestReport, MAX_KEY_SIZE } from '../../runtime/abi.js';
import { crypto, sm3, type Sm2SigningKey } from '../../runtime/crypto/index.js';

/**
 * A device secret that is published in this source file: anyone can mint reports a
 * verifier pinned to it accepts, and compute every sealing key. Only for deterministic
 * tests (`--insecure-fixed-device-key`, PENGLAIC_INSECURE_FIXED_DEVICE_KEY=1).
 */
export const INSECURE_FIXED_DEVICE_SEED = new TextEncoder().encode('penglaic emulated device');
/** What the monitor reports as its own hash: it has no image of its own to measure. */
export const MONITOR_IDENTITY = 'penglaic security monitor 1';

export interface AttestationKeys {
  monitorKey: Sm2SigningKey;
  /** x||y, 64 bytes. */
  monitorPublicKey: Uint8Array;
  deviceKey: Sm2SigningKey;
  devicePublicKey: Uint8Array;
  /** The secret GET_KEY derives from. */
  sealingSecret: Uint8Array;
}

function label(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function deriveAttestationKeys(deviceSeed: Uint8Array): AttestationKeys {
  const device = crypto.sm2Key(sm3(label('device key'), deviceSeed));
  const monitor = crypto.sm2Key(sm3(label('monitor key'), deviceSeed, label(MONITOR_IDENTITY)));
  return {
    monitorKey: monitor,
    monitorPublicKey: monitor.publicKey,
    deviceKey: device,
    devicePublicKey: device.publicKey,
    sealingSecret: sm3(label('sealing secret'), deviceSeed),
  };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function u64(value: bigint): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt.asUintN(64, value), true);
  return bytes;
}

/** SM3(measurement || nonce): the hash the monitor signs for one report. */
export function reportHash(measurement: Uint8Array, nonce: bigint): Uint8Array {
  return sm3(measurement, u64(nonce));
}

export function buildReport(keys: AttestationKeys, measurement: Uint8Array, nonce: bigint): Uint8Array {
  const report = new Uint8Array(AttestReport.SIZE);
  const smHash = sm3(label(MONITOR_IDENTITY));
  report.set(smHash, AttestReport.SM_HASH);
  report.set(crypto.sm2Sign(keys.deviceKey, concat(smHash, keys.monitorPublicKey)), AttestReport.SM_SIGNATURE);
  report.set(keys.monitorPublicKey, AttestReport.SM_PUB_KEY);
  const hash = reportHash(measurement, nonce);
  report.set(hash, AttestReport.ENCLAVE_HASH);
  report.set(crypto.sm2Sign(keys.monitorKey, hash), AttestReport.ENCLAVE_SIGNATURE);
  report.set(u64(nonce), AttestReport.ENCLAVE_NONCE);
  report.set(keys.devicePublicKey, AttestReport.DEV_PUB_KEY);
  return report;
}

/**
 * The device a verifier trusts: its public key (x||y, 64 bytes). An object, not a bare
 * key, so that a monitor public key can never be passed by mistake; AttestationKeys is one.
 */
export interface PinnedDevice {
  readonly devicePublicKey: Uint8Array;
}

export type ReportVerdict =
  | { ok: true; nonce: bigint }
  | { ok: false; code: 'size' | 'device-key' | 'device-signature' | 'monitor' | 'measurement' | 'nonce' | 'signature'; message: string };

/**
 * Checks a report against the measurement the verifier expects and the device public key
 * it pins (`PinnedDevice`: x||y, 64 bytes, from `penglaic device-key --public`); with `expectedNonce`,
 * also that the report is fresh. The chain is the pinned device key → the monitor key
 * (the device's signature over it) → the enclave hash (the monitor's signature); the
 * DEV_PUB_KEY the report carries is only compared with the pinned one, never trusted.
 * Pure: no monitor state, so the CLI and tests can call it on bytes from anywhere.
 */
export function verifyReport(
  report: Uint8Array,
  expectedMeasurement: Uint8Array,
  pinned: PinnedDevice,
  expectedNonce?: bigint,
): ReportVerdict {
  const devicePublicKey = pinned.devicePublicKey;
  if (report.length !== AttestReport.SIZE) {
    return { ok: false, code: 'size', message: `a report is ${AttestReport.SIZE} bytes, not ${report.length}` };
  }
  const field = (offset: number, size: number) => report.subarray(offset, offset + size);
  if (!crypto.sm2IsPublicKey(devicePublicKey)) return { ok: false, code: 'device-key', message: 'the pinned device public key is not an SM2 point (64 bytes, x||y)' };
  if (!Buffer.from(field(AttestReport.DEV_PUB_KEY, 64)).equals(Buffer.from(devicePublicKey))) {
    return { ok: false, code: 'device-key', message: 'the report comes from a different device than the pinned one' };
  }
  const smPub = field(AttestReport.SM_PUB_KEY, 64);
  const smSigned = concat(field(AttestReport.SM_HASH, 32), smPub);
  if (!crypto.sm2Verify(devicePublicKey, smSigned, field(AttestReport.SM_SIGNATURE, 64))) {
    return { ok: false, code: 'device-signature', message: "the pinned device's signature over the monitor key does not verify" };
  }
  if (!Buffer.from(field(AttestReport.SM_HASH, 32)).equals(Buffer.from(sm3(label(MONITOR_IDENTITY))))) {
    return { ok: false, code: 'monitor', message: 'the report names a different security monitor' };
  }
  const nonce = new DataView(report.buffer, report.byteOffset + AttestReport.ENCLAVE_NONCE, 8).getBigUint64(0, true);
  if (expectedNonce !== undefined && nonce !== BigInt.asUintN(64, expectedNonce)) {
    return { ok: false, code: 'nonce', message: `the report answers nonce ${nonce}, not ${BigInt.asUintN(64, expectedNonce)}` };
  }
  const hash = field(AttestReport.ENCLAVE_HASH, 32);
  if (!Buffer.from(hash).equals(Buffer.from(reportHash(expectedMeasurement, nonce)))) {
    return { ok: false, code: 'measurement', message: 'the enclave measurement is not the expected one' };
  }
  if (!crypto.sm2Verify(smPub, hash, field(AttestReport.ENCLAVE_SIGNATURE, 64))) {
    return { ok: false, code: 'signature', message: "the monitor's signature over the enclave hash does not verify" };
  }
  return { ok: true, nonce };
}

/**
 * GET_KEY: a key bound to the device secret and the enclave's measurement, so only the
 * same enclave code, created as the same type under the same registered name
 * (runtime/measurement.ts binds both), on the same device gets it back (sealing). SM3 in
 * counter mode.
 */
export function deriveEnclaveKey(keys: AttestationKeys, measurement: Uint8Array, type: number, size: number): Uint8Array {
  const out = new Uint8Array(Math.min(size, MAX_KEY_SIZE));
  for (let block = 0; block * 32 < out.length; block++) {
    const piece = sm3(keys.sealingSecret, measurement, u64(BigInt(type)), u64(BigInt(block)));
    out.set(piece.subarray(0, Math.min(32, out.length - block * 32)), block * 32);
  }
  return out;
}
