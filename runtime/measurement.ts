// The enclave measurement, shared by the monitor (which measures at creation) and the
// compiler (which predicts it for `penglaic build`). Penglai hashes, with SM3, the entry
// point and then, for every mapped leaf page in VA order, its VA, the PTE permission byte
// and its contents (reference §1, lib/sbi/sm/attest.c).
import { createHash } from 'node:crypto';

export interface MeasuredPage {
  va: bigint;
  /** The low byte of the leaf PTE: V R W X U G A D. */
  permissions: number;
  contents: Uint8Array;
}

export function measure(entry: bigint, pages: Iterable<MeasuredPage>): Uint8Array {
  const hash = createHash('sm3');
  hash.update(u64(entry));
  for (const page of pages) {
    hash.update(u64(page.va));
    hash.update(Uint8Array.of(page.permissions & 0xff));
    hash.update(page.contents);
  }
  return new Uint8Array(hash.digest());
}

function u64(value: bigint): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt.asUintN(64, value), true);
  return bytes;
}
