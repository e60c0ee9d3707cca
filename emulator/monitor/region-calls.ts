// Regions that change hands without a call (reference §2): ASYN_ENCLAVE_CALL sends an
// own mmap region to a named FRESH enclave, SPLIT_MEM_REGION cuts one in two, and
// RETURN_RELAY_PAGE hands the host's relay pages back (relay-pages.ts moves them).
import { AbiError, CallArg, EnclaveState, EnclaveType, EnclaveVA, MAX_NAME_CHARS, PAGE_SIZE, RunStatus } from '../../runtime/abi.js';
import type { Enclave } from './enclave.js';
import { ownerOf, type MonitorCore } from './monitor-core.js';
import type { Region } from './address-space.js';
import type { TrapVerdict } from './machine-port.js';
import type { EnclaveCallSite } from './call-site.js';
import { relayToHost } from './relay-pages.js';
import { preemptRun } from './run-control.js';
import { HOST_EID } from '../../runtime/trace-format.js';
import { hexOf, regionMove } from './trace-records.js';

export function asyncCall(call: EnclaveCallSite): TrapVerdict {
  return call.answerOrFail(sendAsync(call.monitor, call.enclave, call.arg(0), call.arg(1)));
}

export function splitCall(call: EnclaveCallSite): TrapVerdict {
  return call.answerOrFail(splitRegion(call.monitor, call.enclave, call.arg(0), call.arg(1), call.arg(2)));
}

/**
 * Only the run's top hands relay pages back; the host's RUN returns RELAY_PAGE and a
 * RESUME (Penglai's rerun) gives them back to the enclave, which then sees 0.
 */
export function ocallReturnRelayPage(call: EnclaveCallSite): TrapVerdict {
  const { monitor, enclave } = call;
  const relay = enclave.relay;
  const region = relay && enclave.space.regions.find((r) => r.pages === relay.pages);
  if (enclave !== monitor.runTop?.enclave || !relayToHost(monitor.host.space, enclave)) return call.fail(AbiError.BAD_STATE);
  if (monitor.tracer && relay && region) {
    monitor.tracer.event({ ...monitor.traceBase(), kind: 'move', pc: hexOf(call.epc), reason: 'relay-return', region: regionMove(relay.pages, region.va, relay.hostVa, enclave.eid, HOST_EID) });
  }
  preemptRun(monitor, RunStatus.RELAY_PAGE, call.epc + 4n).set(10, 0n);
  return 'resume';
}

/**
 * ASYN_ENCLAVE_CALL (93): a0 = VA of a name, a1 = VA of a call_enclave_arg_t of which
 * only req_vaddr and req_size matter. The whole mmap region holding the range leaves the
 * sender at once and waits for the named FRESH normal enclave, which finds it at the
 * relay base (a3/a4) when it runs. Only the sender's own mmap regions travel this way
 * (not regions it was lent, not the host's relay pages), so the pages stay secure and
 * their owner is always one enclave. Answers undefined on success or an error code.
 */
export function sendAsync(monitor: MonitorCore, sender: Enclave, nameVa: bigint, argVa: bigint): number | undefined {
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
  monitor.tracer?.event({ ...monitor.traceBase(), kind: 'move', reason: 'async-send', region: regionMove(region.pages, region.va, EnclaveVA.RELAY_BASE, sender.eid, target.eid) });
  sender.space.detachRegion(region);
  for (const pa of region.pages) monitor.securePool.transfer(pa, ownerOf(target.eid));
  target.pendingRelay = region.pages;
  return undefined;
}

/** SPLIT_MEM_REGION (92): a0 = VA of an own mmap region, a1 = its size, a2 = where to cut (whole pages). */
export function splitRegion(monitor: MonitorCore, enclave: Enclave, va: bigint, size: bigint, split: bigint): number | undefined {
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
  // The second piece is a region of its own from now on (the first keeps the old identity).
  const piece = enclave.space.regions[index + 1];
  monitor.tracer?.event({ ...monitor.traceBase(), kind: 'move', reason: 'split', region: regionMove(piece.pages, piece.va, piece.va, enclave.eid, enclave.eid) });
  return undefined;
}

/** Regions an enclave may give away or cut: its own mmap regions, page-aligned ranges inside one. */
const MAX_REGIONS = 64;

function movableRegion(monitor: MonitorCore, enclave: Enclave, va: bigint, size: bigint): Region | number {
  if (va % BigInt(PAGE_SIZE) !== 0n || size < BigInt(PAGE_SIZE) || size % BigInt(PAGE_SIZE) !== 0n || size > 1n << 40n) {
    return AbiError.BAD_REGION;
  }
  const region = enclave.space.findRegion(va, Number(size));
  if (!region) return AbiError.BAD_REGION;
  const borrowed = enclave.frame?.request?.region.pages === region.pages || enclave.relay?.pages === region.pages;
  if (borrowed || !region.pages.every((p) => monitor.securePool.contains(p))) return AbiError.NOT_PERMITTED;
  return region;
}
