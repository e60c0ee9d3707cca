// PlatformCrypto in plain JavaScript, for the playground (a page has no node crypto, and
// WebCrypto is asynchronous and has neither SM2 nor SM3 while the monitor is synchronous):
// SM2 and SM3 from sm-crypto-v2 (on @noble/curves), SHA-256, HMAC and AES-GCM from
// @noble/hashes and @noble/ciphers. test/runtime/crypto-implementations-agree.test.ts checks
// every function against node's on random inputs, signatures in both directions.
import { gcm } from '@noble/ciphers/aes';
import { hmac } from '@noble/hashes/hmac';
import { sha256 } from '@noble/hashes/sha2';
import { sm2, sm3 } from 'sm-crypto-v2';
import type { PlatformCrypto, Sm2SigningKey } from './index.js';

interface BrowserSm2Key extends Sm2SigningKey {
  readonly privateHex: string;
  /** 04||x||y in hex, as sm-crypto-v2 takes it. */
  readonly publicHex: string;
}

const TAG_SIZE = 16;
/** The ID Z is computed over (index.ts: OpenSSL 3's default, the empty one). */
const SM2_ID = '';
const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const fromHex = (text: string) => Uint8Array.from(text.match(/../g) ?? [], (pair) => parseInt(pair, 16));

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export const platformCrypto: PlatformCrypto = {
  sm3: (parts) => fromHex(sm3(concat(parts))),
  sha256(parts) {
    const hash = sha256.create();
    for (const part of parts) hash.update(part);
    return hash.digest();
  },
  hmacSha256(key, parts) {
    const mac = hmac.create(sha256, key);
    for (const part of parts) mac.update(part);
    return mac.digest();
  },
  aes256GcmSeal(key, iv, associatedData, plaintext) {
    const sealed = gcm(key, iv, associatedData).encrypt(plaintext);
    return { ciphertext: sealed.slice(0, sealed.length - TAG_SIZE), tag: sealed.slice(sealed.length - TAG_SIZE) };
  },
  aes256GcmOpen(key, iv, associatedData, ciphertext, tag) {
    try {
      return gcm(key, iv, associatedData).decrypt(concat([ciphertext, tag]));
    } catch {
      return undefined;
    }
  },
  sm2Key(scalar): BrowserSm2Key {
    const privateHex = hex(scalar);
    const publicHex = sm2.getPublicKeyFromPrivateKey(privateHex);
    return { privateHex, publicHex, publicKey: fromHex(publicHex.slice(2)) };
  },
  sm2IsPublicKey(raw) {
    try {
      return raw.length === 64 && sm2.verifyPublicKey('04' + hex(raw));
    } catch {
      return false;
    }
  },
  sm2Sign(key, data) {
    const { privateHex, publicHex } = key as BrowserSm2Key;
    return fromHex(sm2.doSignature(data, privateHex, { hash: true, der: false, publicKey: publicHex, userId: SM2_ID }));
  },
  sm2Verify(publicKey, data, signature) {
    if (publicKey.length !== 64 || signature.length !== 64) return false;
    try {
      return sm2.doVerifySignature(data, hex(signature), '04' + hex(publicKey), { hash: true, der: false, userId: SM2_ID });
    } catch {
      return false;
    }
  },
};
