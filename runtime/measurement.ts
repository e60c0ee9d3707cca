// The enclave measurement, shared by the monitor (which measures at creation) and the
// compiler (which predicts it for `penglaic build`). Penglai hashes, with SM3, the entry
// point and then, for every mapped leaf page in VA order, its VA, the PTE permission byte
// and its contents (reference §1, lib/sbi/sm/attest.c). We also hash what the image does
// not say but what changes its behaviour: the enclave type (a SERVER is entered at _start
// with registers any caller chooses) and a server's registered name (README.md
// "Measurement").
import { EnclaveType, NAME_LEN, type EnclaveTypeValue } from './abi.js';
import { sm3 } from './crypto/index.js';

/** Who an image is created as: the type, and the registered name of a server ('' otherwise). */
export interface EnclaveIdentity {
  type: EnclaveTypeValue;
  name: string;
}

/** The identity the monitor measures for an enclave created as `type` under `name`: only a server's name is registered. */
export function enclaveIdentity(type: EnclaveTypeValue, name: string): EnclaveIdentity {
  return { type, name: type === EnclaveType.SERVER ? name : '' };
}

export const NORMAL_IDENTITY: EnclaveIdentity = { type: EnclaveType.NORMAL, name: '' };

export interface MeasuredPage {
  va: bigint;
  /** The low byte of the leaf PTE: V R W X U G A D. */
  permissions: number;
  contents: Uint8Array;
}

export function measure(entry: bigint, pages: Iterable<MeasuredPage>, identity: EnclaveIdentity): Uint8Array {
  // The type as a u64, then the name as the NUL-padded char[NAME_LEN] CREATE passes.
  const parts = [u64(entry), u64(BigInt(identity.type))];
  const name = new Uint8Array(NAME_LEN);
  name.set(Buffer.from(identity.name, 'latin1').subarray(0, NAME_LEN - 1));
  parts.push(name);
  for (const page of pages) parts.push(u64(page.va), Uint8Array.of(page.permissions & 0xff), page.contents);
  return sm3(...parts);
}

function u64(value: bigint): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt.asUintN(64, value), true);
  return bytes;
}
