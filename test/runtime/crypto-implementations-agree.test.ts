// The playground's crypto (runtime/crypto/browser.ts, JavaScript libraries) against node's
// (runtime/crypto/node.ts, OpenSSL) on the same seeded random inputs: every digest, MAC and
// ciphertext byte for byte, and every signature made by one verifies under the other.
import { describe, expect, it } from 'vitest';
import { platformCrypto as browser } from '../../runtime/crypto/browser.js';
import { platformCrypto as node } from '../../runtime/crypto/node.js';
import { random64 } from '../emulator/helpers/random64.js';

const next = random64(0x5eed_c0de_2026n);
function bytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Number(next() & 0xffn);
  return out;
}
const size = (max: number) => Number(next() % BigInt(max + 1));
const parts = () => Array.from({ length: 1 + size(3) }, () => bytes(size(200)));
const ROUNDS = 200;

describe('the browser crypto agrees with node crypto', () => {
  it('SM3, SHA-256 and HMAC-SHA-256 give the same digests', () => {
    for (let i = 0; i < ROUNDS; i++) {
      const input = parts();
      const key = bytes(size(80));
      expect(browser.sm3(input)).toEqual(node.sm3(input));
      expect(browser.sha256(input)).toEqual(node.sha256(input));
      expect(browser.hmacSha256(key, input)).toEqual(node.hmacSha256(key, input));
    }
  });

  it('AES-256-GCM seals to the same bytes and each opens what the other sealed', () => {
    for (let i = 0; i < ROUNDS; i++) {
      const [key, iv, aad, plaintext] = [bytes(32), bytes(12), bytes(size(40)), bytes(1 + size(300))];
      const sealed = node.aes256GcmSeal(key, iv, aad, plaintext);
      expect(browser.aes256GcmSeal(key, iv, aad, plaintext)).toEqual(sealed);
      expect(browser.aes256GcmOpen(key, iv, aad, sealed.ciphertext, sealed.tag)).toEqual(plaintext);
      expect(node.aes256GcmOpen(key, iv, aad, sealed.ciphertext, sealed.tag)).toEqual(plaintext);
      const tampered = sealed.ciphertext.slice();
      tampered[size(tampered.length - 1)] ^= 1 << size(7);
      expect(browser.aes256GcmOpen(key, iv, aad, tampered, sealed.tag)).toBeUndefined();
      expect(node.aes256GcmOpen(key, iv, aad, tampered, sealed.tag)).toBeUndefined();
    }
  });

  it('SM2 derives the same public key, and signatures verify across the two', () => {
    for (let i = 0; i < 40; i++) {
      const scalar = bytes(32);
      scalar[0] &= 0x7f; // below the group order n (0xfffffffe...)
      const [fromNode, fromBrowser] = [node.sm2Key(scalar), browser.sm2Key(scalar)];
      expect(fromBrowser.publicKey).toEqual(fromNode.publicKey);
      const data = bytes(size(100));
      const byNode = node.sm2Sign(fromNode, data);
      const byBrowser = browser.sm2Sign(fromBrowser, data);
      expect(browser.sm2Verify(fromBrowser.publicKey, data, byNode)).toBe(true);
      expect(node.sm2Verify(fromNode.publicKey, data, byBrowser)).toBe(true);
      const wrong = byBrowser.slice();
      wrong[size(63)] ^= 1 << size(7);
      expect(browser.sm2Verify(fromBrowser.publicKey, data, wrong)).toBe(false);
      expect(node.sm2Verify(fromNode.publicKey, data, wrong)).toBe(false);
    }
  });

  it('SM2 refuses the same malformed public keys', () => {
    for (let i = 0; i < 40; i++) {
      const raw = i % 2 === 0 ? bytes(64) : bytes(size(70));
      expect(browser.sm2IsPublicKey(raw)).toBe(node.sm2IsPublicKey(raw));
      expect(browser.sm2Verify(raw, bytes(8), bytes(64))).toBe(false);
    }
    const real = node.sm2Key(bytes(32)).publicKey;
    expect(browser.sm2IsPublicKey(real)).toBe(true);
    expect(node.sm2IsPublicKey(real)).toBe(true);
  });
});
