// Relay ("schrodinger") pages (reference §1 schrodinger_get / set_mem_arg, §2 entry a3/a4
// and RETURN_RELAY_PAGE, §8 item 11): host pages with exactly one owner at a time. While
// the enclave runs they are unmapped from the host and mapped at 0x38_0000_0000 in the
// enclave (a movable region, so it can lend them to a server); RETURN_RELAY_PAGE hands
// them back to the host and suspends the run with status RELAY_PAGE until the host
// RESUMEs it (Penglai's rerun), when they move back. Whenever the enclave ends they go
// back to the host.
import { EnclaveVA, PAGE_SIZE } from '../../runtime/abi.js';
import type { Enclave } from './enclave.js';
import { USER_RW, type AddressSpace } from './address-space.js';

/** Relay regions live between the relay base and the host-shm base (not under MMAP_TOP). */
export function regionCeiling(va: bigint): bigint {
  return va >= EnclaveVA.RELAY_BASE && va < EnclaveVA.HOST_SHM_BASE ? EnclaveVA.HOST_SHM_BASE : EnclaveVA.MMAP_TOP;
}

/** Moves the relay pages from the host to the enclave, at the relay base. */
export function relayToEnclave(host: AddressSpace, enclave: Enclave): boolean {
  const relay = enclave.relay;
  if (!relay || !relay.withHost) return true;
  const placed = enclave.space.attachRegion(relay.pages, EnclaveVA.RELAY_BASE, EnclaveVA.HOST_SHM_BASE);
  if (!placed || placed.va !== EnclaveVA.RELAY_BASE) {
    if (placed) enclave.space.detachRegion(placed);
    return false;
  }
  for (let i = 0; i < relay.pages.length; i++) host.pageTable.unmap(relay.hostVa + BigInt(i * PAGE_SIZE));
  relay.withHost = false;
  return true;
}

/** Moves the relay pages back to the host at the VA it gave them from; false if the enclave does not hold them. */
export function relayToHost(host: AddressSpace, enclave: Enclave): boolean {
  const relay = enclave.relay;
  if (!relay || relay.withHost) return false;
  const region = enclave.space.regions.find((r) => r.pages === relay.pages);
  if (!region) return false;
  enclave.space.detachRegion(region);
  relay.pages.forEach((pa, i) => host.pageTable.map(relay.hostVa + BigInt(i * PAGE_SIZE), pa, USER_RW));
  relay.withHost = true;
  return true;
}
