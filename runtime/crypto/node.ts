// PlatformCrypto on node's crypto (OpenSSL): what the CLI, the grader and the language
// server use. SM2 keys become KeyObjects once; OpenSSL speaks DER for SM2 keys and
// signatures, so the conversions to the raw forms the report layout uses are done here.
import { createCipheriv, createDecipheriv, createECDH, createHash, createHmac, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { PlatformCrypto, Sm2SigningKey } from './index.js';

const SM2_OID = Buffer.from('06082a811ccf5501822d', 'hex'); // 1.2.156.10197.1.301
/** SubjectPublicKeyInfo prefix of an uncompressed SM2 point (id-ecPublicKey, sm2 curve). */
const SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');

interface NodeSm2Key extends Sm2SigningKey {
  readonly key: KeyObject;
}

function digest(algorithm: string, parts: readonly Uint8Array[]): Uint8Array {
  const hash = createHash(algorithm);
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

/** An SM2 key pair from a 32-byte scalar, as a SEC1 ECPrivateKey (RFC 5915). */
function sm2Key(scalar: Uint8Array): NodeSm2Key {
  const ecdh = createECDH('SM2');
  ecdh.setPrivateKey(scalar);
  const point = ecdh.getPublicKey(); // 0x04 || x || y
  const body = Buffer.concat([
    Buffer.from('020101', 'hex'),
    Buffer.from([0x04, 32]),
    scalar,
    Buffer.from([0xa0, SM2_OID.length]),
    SM2_OID,
    Buffer.from([0xa1, point.length + 3, 0x03, point.length + 1, 0x00]),
    point,
  ]);
  const der = Buffer.concat([Buffer.from([0x30, 0x81, body.length]), body]);
  return { key: createPrivateKey({ key: der, format: 'der', type: 'sec1' }), publicKey: new Uint8Array(point.subarray(1)) };
}

function publicKeyObject(raw: Uint8Array): KeyObject | undefined {
  if (raw.length !== 64) return undefined;
  try {
    return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, Buffer.from([0x04]), raw]), format: 'der', type: 'spki' });
  } catch {
    return undefined;
  }
}

/** Node ignores `dsaEncoding` for SM2 keys and always speaks DER (SEQUENCE of two INTEGERs). */
function sm2Sign(key: Sm2SigningKey, data: Uint8Array): Uint8Array {
  const der = sign('sm3', data, (key as NodeSm2Key).key);
  const out = new Uint8Array(64);
  let at = 2 + (der[1] & 0x80 ? der[1] & 0x7f : 0);
  for (let i = 0; i < 2; i++) {
    const length = der[at + 1];
    const value = der.subarray(at + 2, at + 2 + length);
    const trimmed = value.subarray(Math.max(0, value.length - 32));
    out.set(trimmed, i * 32 + 32 - trimmed.length);
    at += 2 + length;
  }
  return out;
}

function sm2Verify(publicKey: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean {
  const key = publicKeyObject(publicKey);
  if (!key || signature.length !== 64) return false;
  const integer = (bytes: Uint8Array) => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    const body = bytes.subarray(start);
    return Buffer.concat([Buffer.from([0x02, body.length + (body[0] & 0x80 ? 1 : 0)]), body[0] & 0x80 ? Buffer.from([0]) : Buffer.alloc(0), body]);
  };
  const sequence = Buffer.concat([integer(signature.subarray(0, 32)), integer(signature.subarray(32, 64))]);
  const der = Buffer.concat([Buffer.from([0x30, sequence.length]), sequence]);
  try {
    return verify('sm3', data, key, der);
  } catch {
    return false;
  }
}

export const platformCrypto: PlatformCrypto = {
  sm3: (parts) => digest('sm3', parts),
  sha256: (parts) => digest('sha256', parts),
  hmacSha256(key, parts) {
    const hmac = createHmac('sha256', key);
    for (const part of parts) hmac.update(part);
    return new Uint8Array(hmac.digest());
  },
  aes256GcmSeal(key, iv, associatedData, plaintext) {
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(associatedData);
    const ciphertext = new Uint8Array(Buffer.concat([cipher.update(plaintext), cipher.final()]));
    return { ciphertext, tag: new Uint8Array(cipher.getAuthTag()) };
  },
  aes256GcmOpen(key, iv, associatedData, ciphertext, tag) {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(associatedData);
    decipher.setAuthTag(tag);
    const plaintext = decipher.update(ciphertext);
    try {
      decipher.final();
    } catch {
      return undefined;
    }
    return new Uint8Array(plaintext);
  },
  sm2Key,
  sm2IsPublicKey: (raw) => publicKeyObject(raw) !== undefined,
  sm2Sign,
  sm2Verify,
};
