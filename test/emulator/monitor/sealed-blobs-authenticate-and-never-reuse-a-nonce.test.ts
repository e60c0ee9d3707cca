// Sealing (emulator/monitor/sealing.ts; runtime/README.md, "Attestation and sealing inside
// an enclave"): every single-bit change of a blob, and every cut or extension, fails
// authentication and yields no plaintext; a blob opens only under the measurement and device
// it was sealed for; and the synthetic nonce never repeats for two plaintexts, even when the
// seeded random stream gives the same bytes (as it does at the start of every run).
import { describe, expect, it } from 'vitest';
import { createDecipheriv } from 'node:crypto';
import { KeyType, SEAL_OVERHEAD, SealedBlob } from '../../../runtime/abi.js';
import { deriveAttestationKeys, deriveEnclaveKey, INSECURE_FIXED_DEVICE_SEED } from '../../../emulator/monitor/attestation.js';
import { IV_SIZE, sealBlob, unsealBlob } from '../../../emulator/monitor/sealing.js';

const keys = deriveAttestationKeys(INSECURE_FIXED_DEVICE_SEED);
const measurement = new Uint8Array(32).fill(0x42);
const entropy = new Uint8Array(IV_SIZE).fill(9);
const plaintext = new TextEncoder().encode('balance=250;id=7');

describe('sealed blobs', () => {
  const blob = sealBlob(keys, measurement, entropy, plaintext);

  it('are the plaintext length plus 28 bytes and open to the plaintext', () => {
    expect(blob.length).toBe(plaintext.length + SEAL_OVERHEAD);
    expect(Buffer.from(unsealBlob(keys, measurement, blob)!).toString()).toBe('balance=250;id=7');
  });

  it('are AES-256-GCM under the GET_KEY storage key, as node decrypts them', () => {
    const key = deriveEnclaveKey(keys, measurement, KeyType.STORAGE_KEY, 32);
    const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(SealedBlob.IV, SealedBlob.TAG));
    decipher.setAAD(new TextEncoder().encode('penglaic sealed blob 1'));
    decipher.setAuthTag(blob.subarray(SealedBlob.TAG, SealedBlob.CIPHERTEXT));
    const opened = Buffer.concat([decipher.update(blob.subarray(SealedBlob.CIPHERTEXT)), decipher.final()]);
    expect(opened.toString()).toBe('balance=250;id=7');
  });

  it('refuse every single-bit change, in the nonce, the tag and the ciphertext', () => {
    const accepted: number[] = [];
    for (let bit = 0; bit < blob.length * 8; bit++) {
      const changed = blob.slice();
      changed[bit >> 3] ^= 1 << (bit & 7);
      if (unsealBlob(keys, measurement, changed) !== undefined) accepted.push(bit);
    }
    expect(accepted).toEqual([]);
  });

  it('refuse a blob cut short or extended, and one too short to hold a nonce and a tag', () => {
    for (let length = 0; length < blob.length; length++) expect(unsealBlob(keys, measurement, blob.subarray(0, length))).toBeUndefined();
    expect(unsealBlob(keys, measurement, Buffer.concat([blob, Buffer.from([0])]))).toBeUndefined();
  });

  it('open only under the measurement and the device they were sealed for', () => {
    expect(unsealBlob(keys, new Uint8Array(32).fill(0x43), blob)).toBeUndefined();
    expect(unsealBlob(deriveAttestationKeys(new Uint8Array([1])), measurement, blob)).toBeUndefined();
  });

  it('never share a nonce between two plaintexts, even from the same random bytes', () => {
    const other = sealBlob(keys, measurement, entropy, new TextEncoder().encode('balance=999;id=7'));
    const nonce = (b: Uint8Array) => Buffer.from(b.subarray(SealedBlob.IV, SealedBlob.TAG)).toString('hex');
    expect(nonce(other)).not.toBe(nonce(blob));
    // The same plaintext with other random bytes (a second seal in one run) gets another nonce too.
    expect(nonce(sealBlob(keys, measurement, new Uint8Array(IV_SIZE).fill(10), plaintext))).not.toBe(nonce(blob));
  });
});
