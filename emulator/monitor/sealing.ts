// Sealing (penglaic's SEAL / UNSEAL, runtime/README.md "Sealing"): AES-256-GCM under the
// enclave's storage key, which GET_KEY derives from the device secret and the enclave's
// measurement. GCM authenticates as it decrypts, so a blob changed by one bit, or sealed
// by another enclave or on another device, is refused as a whole: no plaintext at all
// comes out, never a corrupted one. The cipher runs in the monitor (runtime/crypto), not in
// RV64 code inside the enclave: the key never leaves the monitor either.
//
// The GCM nonce is synthetic (the idea of AES-GCM-SIV, RFC 8452): an HMAC under the key of
// fresh bytes from the monitor's random stream and the plaintext. The stream is seeded, so
// the same run gives the same bytes; a nonce from the stream alone would repeat in every run
// of an enclave that seals different data, and a repeated GCM nonce under one key gives
// away the XOR of the plaintexts and lets tags be forged. With the plaintext in it, two
// different plaintexts never share a nonce, whatever the stream did.
import { KeyType, SEAL_OVERHEAD, SealedBlob } from '../../runtime/abi.js';
import { crypto } from '../../runtime/crypto/index.js';
import { deriveEnclaveKey, type AttestationKeys } from './attestation.js';

/** Bound into every tag, so a blob is never mistaken for another GCM message under the same key. */
const ASSOCIATED_DATA = new TextEncoder().encode('penglaic sealed blob 1');
const KEY_SIZE = 32;
export const IV_SIZE = SealedBlob.TAG - SealedBlob.IV;
const NONCE_LABEL = new TextEncoder().encode('penglaic seal nonce 1');

function storageKey(keys: AttestationKeys, measurement: Uint8Array): Uint8Array {
  return deriveEnclaveKey(keys, measurement, KeyType.STORAGE_KEY, KEY_SIZE);
}

/** iv || tag || ciphertext, SEAL_OVERHEAD bytes longer than `plaintext`; `entropy` from the random stream. */
export function sealBlob(keys: AttestationKeys, measurement: Uint8Array, entropy: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const key = storageKey(keys, measurement);
  const iv = crypto.hmacSha256(key, [NONCE_LABEL, entropy, plaintext]).subarray(0, IV_SIZE);
  const { ciphertext, tag } = crypto.aes256GcmSeal(key, iv, ASSOCIATED_DATA, plaintext);
  const blob = new Uint8Array(SEAL_OVERHEAD + plaintext.length);
  blob.set(iv, SealedBlob.IV);
  blob.set(tag, SealedBlob.TAG);
  blob.set(ciphertext, SealedBlob.CIPHERTEXT);
  return blob;
}

/** The plaintext, or undefined when the blob does not authenticate under this enclave's key. */
export function unsealBlob(keys: AttestationKeys, measurement: Uint8Array, blob: Uint8Array): Uint8Array | undefined {
  if (blob.length <= SEAL_OVERHEAD) return undefined;
  const iv = blob.subarray(SealedBlob.IV, SealedBlob.TAG);
  const tag = blob.subarray(SealedBlob.TAG, SealedBlob.CIPHERTEXT);
  return crypto.aes256GcmOpen(storageKey(keys, measurement), iv, ASSOCIATED_DATA, blob.subarray(SealedBlob.CIPHERTEXT), tag);
}
