// The cryptography every layer shares (the monitor's measurement, attestation and sealing,
// the compiler's interface digests and predicted measurements), as one small interface.
// The implementation is picked when the code is bundled: `./node.js` (node's crypto) by
// default, `./browser.js` (maintained JavaScript libraries) in the playground, whose build
// redirects the import (playground/build.mjs). Both are checked against each other on
// random inputs (test/runtime/crypto-implementations-agree.test.ts).
import { platformCrypto } from './node.js';

/** An SM2 private key in the implementation's own form, made once and signed with many times. */
export interface Sm2SigningKey {
  /** x||y of the public point, 64 bytes (big-endian). */
  readonly publicKey: Uint8Array;
}

export interface PlatformCrypto {
  sm3(parts: readonly Uint8Array[]): Uint8Array;
  sha256(parts: readonly Uint8Array[]): Uint8Array;
  hmacSha256(key: Uint8Array, parts: readonly Uint8Array[]): Uint8Array;
  /** AES-256-GCM with a 16-byte tag. */
  aes256GcmSeal(key: Uint8Array, iv: Uint8Array, associatedData: Uint8Array, plaintext: Uint8Array): { ciphertext: Uint8Array; tag: Uint8Array };
  /** The plaintext, or undefined when the ciphertext, tag or associated data do not authenticate. */
  aes256GcmOpen(key: Uint8Array, iv: Uint8Array, associatedData: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array): Uint8Array | undefined;
  /** The key pair of a 32-byte scalar (GB/T 32918, curve sm2p256v1). */
  sm2Key(scalar: Uint8Array): Sm2SigningKey;
  /** An SM2 signature with SM3, as r||s (64 bytes); randomised. Z (GB/T 32918.2 §5.5) is over the
   *  empty ID, as OpenSSL 3 computes it when none is set, so reports signed so far still verify. */
  sm2Sign(key: Sm2SigningKey, data: Uint8Array): Uint8Array;
  /** Whether `raw` is x||y of a point on the curve. */
  sm2IsPublicKey(raw: Uint8Array): boolean;
  /** False for a malformed key or signature as well as a wrong one. */
  sm2Verify(publicKey: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean;
}

export const crypto: PlatformCrypto = platformCrypto;

export const sm3 = (...parts: Uint8Array[]): Uint8Array => crypto.sm3(parts);
export const sha256 = (...parts: Uint8Array[]): Uint8Array => crypto.sha256(parts);
