// Building trace records (runtime/trace-format.ts) from the monitor's state. Only called
// behind `monitor.tracer?.`, so none of this runs when a run is not traced.
import { HOST_EID, type RegionMove } from '../../runtime/trace-format.js';
import type { Enclave } from './enclave.js';

export const hexOf = (value: bigint | number) => '0x' + BigInt.asUintN(64, BigInt(value)).toString(16);

/** The trace's eid of a domain: an enclave's, or HOST_EID. */
export const traceEid = (enclave: Enclave | undefined) => (enclave ? enclave.eid : HOST_EID);

/** A region (known by its page list, which travels with it) going from one owner to another. */
export function regionMove(pages: readonly number[], va: bigint, toVa: bigint, from: number, to: number): RegionMove {
  return { id: hexOf(pages[0] ?? 0), va: hexOf(va), toVa: hexOf(toVa), pages: pages.length, from, to };
}

export const bytesHex = (measurement: Uint8Array) => '0x' + Buffer.from(measurement).toString('hex');
