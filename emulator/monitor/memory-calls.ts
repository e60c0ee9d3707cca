// Ocalls MMAP, UNMAP and SBRK (reference §2): an enclave's own secure pages. Regions
// from MMAP are the movable unit of calls between enclaves (server-calls.ts).
import { AbiError, EnclaveVA, PAGE_SIZE } from '../../runtime/abi.js';
import type { TrapVerdict } from './machine-port.js';
import type { EnclaveCallSite } from './call-site.js';
import { USER_RW } from './address-space.js';
import { NO_OWNER } from '../../runtime/trace-format.js';
import { hexOf, regionMove } from './trace-records.js';

const page = BigInt(PAGE_SIZE);
/** The largest single MMAP (the table's bound on a2). */
export const MAX_MMAP = 256 * 1024 * 1024;

/** a1 = 0 (no address hint), a2 = bytes (1..MAX_MMAP): fresh zeroed pages below the lowest region. */
export function ocallMmap(call: EnclaveCallSite): TrapVerdict {
  const { enclave } = call;
  const size = call.arg(2);
  const bytes = Number((size + page - 1n) & ~(page - 1n));
  const va = enclave.space.nextMmapVa(bytes, EnclaveVA.MMAP_TOP);
  if (va <= enclave.heapTop) return call.fail(AbiError.NO_MEM);
  const pages = enclave.space.mapFresh(va, bytes, USER_RW);
  if (!pages) return call.fail(AbiError.NO_MEM);
  enclave.space.regions.push({ va, size: bytes, pages });
  const { monitor } = call;
  monitor.tracer?.event({ ...monitor.traceBase(), kind: 'move', pc: hexOf(call.epc), reason: 'mmap', region: regionMove(pages, va, va, NO_OWNER, enclave.eid) });
  return call.answer(va);
}

/** a1 = VA of an own region, a2 = its size. */
export function ocallUnmap(call: EnclaveCallSite): TrapVerdict {
  const { monitor, enclave } = call;
  const region = enclave.space.regions.find((r) => r.va === call.arg(1));
  if (!region || BigInt(region.size) !== ((call.arg(2) + page - 1n) & ~(page - 1n))) return call.fail(AbiError.BAD_REGION);
  if (enclave.frame?.request?.region.pages === region.pages) return call.fail(AbiError.NOT_PERMITTED); // borrowed from the caller
  if (!region.pages.every((p) => monitor.securePool.contains(p))) return call.fail(AbiError.NOT_PERMITTED); // relay pages: the host's
  // Unmapping flushed exactly these pages from the TLB (Monitor.onTablesChanged).
  monitor.tracer?.event({ ...monitor.traceBase(), kind: 'move', pc: hexOf(call.epc), reason: 'unmap', region: regionMove(region.pages, region.va, region.va, enclave.eid, NO_OWNER) });
  enclave.space.detachRegion(region);
  for (const p of region.pages) monitor.securePool.free(p);
  return call.answer(0);
}

/** a1 = increment (whole pages, ≥ 0): the old break, or NO_MEM. */
export function ocallSbrk(call: EnclaveCallSite): TrapVerdict {
  const { enclave } = call;
  const increment = BigInt.asIntN(64, call.arg(1));
  const old = enclave.heapTop;
  if (increment === 0n) return call.answer(old);
  if (increment < 0n || (increment & (page - 1n)) !== 0n) return call.fail(AbiError.BAD_ARGUMENT);
  if (old + increment > enclave.space.nextMmapVa(0, EnclaveVA.MMAP_TOP)) return call.fail(AbiError.NO_MEM);
  if (!enclave.space.mapFresh(old, Number(increment), USER_RW)) return call.fail(AbiError.NO_MEM);
  enclave.heapTop = old + increment;
  return call.answer(old);
}
