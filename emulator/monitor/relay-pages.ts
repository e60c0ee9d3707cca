// Relay ("schrodinger") pages (reference §1 schrodinger_get / set_mem_arg, §2 entry a3/a4
// and RETURN_RELAY_PAGE, §8 item 11): host pages with exactly one owner at a time. While
// the enclave runs they are unmapped from the host and mapped at 0x38_0000_0000 in the
// enclave (a movable region, so it can lend them to a server); RETURN_RELAY_PAGE hands
// them back to the host and suspends the run with status RELAY_PAGE until the host
// RESUMEs it (Penglai's rerun), when they move back. Whenever the enclave ends they go
// back to the host.
import { AbiError, CallArg, EnclaveState, EnclaveType, EnclaveVA, MAX_NAME_CHARS, PAGE_SIZE } from '../../runtime/abi.js';
import type { Enclave } from './enclave.js';
import { ownerOf, type Monitor } from './monitor.js';
import { USER_RW, type Region } from './address-space.js';

/** Relay regions live between the relay base and the host-shm base (not under MMAP_TOP). */
export function regionCeiling(va: bigint): bigint {
  return va >= EnclaveVA.RELAY_BASE && va < EnclaveVA.HOST_SHM_BASE ? EnclaveVA.HOST_SHM_BASE : EnclaveVA.MMAP_TOP;
}

/** Moves the relay pages from the host to the enclave, at the relay base. */
export function relayToEnclave(monitor: Monitor, enclave: Enclave): boolean {
  const relay = enclave.relay;
  if (!relay || !relay.withHost) return true;
  const placed = enclave.space.attachRegion(relay.pages, EnclaveVA.RELAY_BASE, EnclaveVA.HOST_SHM_BASE);
  if (!placed || placed.va !== EnclaveVA.RELAY_BASE) {
    if (placed) enclave.space.detachRegion(placed);
    return false;
  }
  for (let i = 0; i < relay.pages.length; i++) monitor.host.space.pageTable.unmap(relay.hostVa + BigInt(i * PAGE_SIZE));
  relay.withHost = false;
  return true;
}

/** Moves the relay pages back to the host at the VA it gave them from; false if the enclave does not hold them. */
export function relayToHost(monitor: Monitor, enclave: Enclave): boolean {
  const relay = enclave.relay;
  if (!relay || relay.withHost) return false;
  const region = enclave.space.regions.find((r) => r.pages === relay.pages);
  if (!region) return false;
  enclave.space.detachRegion(region);
  relay.pages.forEach((pa, i) => monitor.host.space.pageTable.map(relay.hostVa + BigInt(i * PAGE_SIZE), pa, USER_RW));
  relay.withHost = true;
  return true;
}

/**
 * ASYN_ENCLAVE_CALL (93): a0 = VA of a name, a1 = VA of a call_enclave_arg_t of which
 * only req_vaddr and req_size matter. The whole mmap region holding the range leaves the
 * sender at once and waits for the named FRESH normal enclave, which finds it at the
 * relay base (a3/a4) when it runs. Only the sender's own mmap regions travel this way
 * (not regions it was lent, not the host's relay pages), so the pages stay secure and
 * their owner is always one enclave. Answers undefined on success or an error code.
 */
export function sendAsync(monitor: Monitor, sender: Enclave, nameVa: bigint, argVa: bigint): number | undefined {
  const name = sender.space.readCString(nameVa, MAX_NAME_CHARS);
  const arg = sender.space.read(argVa, CallArg.SIZE);
  if (name === undefined || !arg) return AbiError.BAD_ARGUMENT;
  const view = new DataView(arg.buffer);
  const va = view.getBigUint64(CallArg.REQ_VADDR, true);
  const size = view.getBigUint64(CallArg.REQ_SIZE, true);
  const region = movableRegion(monitor, sender, va, size);
  if (typeof region === 'number') return region;
  const target = [...monitor.enclaves.values()].find(
    (e) => e.name === name && e !== sender && !e.isServer && e.type !== EnclaveType.SHADOW && e.state === EnclaveState.FRESH,
  );
  if (!target) return AbiError.NOT_FOUND;
  if (target.relay || target.pendingRelay) return AbiError.BAD_STATE;
  sender.space.detachRegion(region);
  for (const pa of region.pages) monitor.securePool.transfer(pa, ownerOf(target.eid));
  target.pendingRelay = region.pages;
  return undefined;
}

/** SPLIT_MEM_REGION (92): a0 = VA of an own mmap region, a1 = its size, a2 = where to cut (whole pages). */
export function splitRegion(monitor: Monitor, enclave: Enclave, va: bigint, size: bigint, split: bigint): number | undefined {
  const region = movableRegion(monitor, enclave, va, size);
  if (typeof region === 'number') return region;
  if (region.va !== va || BigInt(region.size) !== size) return AbiError.BAD_REGION;
  if (split <= 0n || split >= size || split % BigInt(PAGE_SIZE) !== 0n) return AbiError.BAD_ARGUMENT;
  // Penglai keeps at most RELAY_PAGE_NUM (10) pieces; we bound the pieces of one enclave alike.
  if (enclave.space.regions.length >= MAX_REGIONS) return AbiError.NO_MEM;
  const cut = Number(split / BigInt(PAGE_SIZE));
  const index = enclave.space.regions.indexOf(region);
  enclave.space.regions.splice(
    index,
    1,
    { va: region.va, size: Number(split), pages: region.pages.slice(0, cut) },
    { va: region.va + split, size: region.size - Number(split), pages: region.pages.slice(cut) },
  );
  return undefined;
}

/** Regions an enclave may give away or cut: its own mmap regions, page-aligned ranges inside one. */
const MAX_REGIONS = 64;

function movableRegion(monitor: Monitor, enclave: Enclave, va: bigint, size: bigint): Region | number {
  if (va % BigInt(PAGE_SIZE) !== 0n || size < BigInt(PAGE_SIZE) || size % BigInt(PAGE_SIZE) !== 0n || size > 1n << 40n) {
    return AbiError.BAD_REGION;
  }
  const region = enclave.space.findRegion(va, Number(size));
  if (!region) return AbiError.BAD_REGION;
  const borrowed = enclave.frame?.request?.region.pages === region.pages || enclave.relay?.pages === region.pages;
  if (borrowed || !region.pages.every((p) => monitor.securePool.contains(p))) return AbiError.NOT_PERMITTED;
  return region;
}
