// Creating an enclave (Penglai's create_enclave / create_server_enclave, reference §3):
// check the layout, copy the ELF into fresh secure pages, build its page table with the
// Penglai VA layout, and measure it.
import { AbiError, EnclaveVA, EnclaveType, PAGE_SIZE, type EnclaveTypeValue, INTERFACE_SYMBOL } from '../../runtime/abi.js';
import { enclaveIdentity, measure } from '../../runtime/measurement.js';
import { AddressSpace, USER_RW, permissionsFromElfFlags } from './address-space.js';
import { Enclave } from './enclave.js';
import { checkLayout, imagePages, loadedSegments } from './enclave-layout.js';
import { ownerOf, type MonitorCore } from './monitor-core.js';

const page = BigInt(PAGE_SIZE);
const roundUp = (v: bigint) => (v + page - 1n) & ~(page - 1n);

export interface CreateRequest {
  name: string;
  type: EnclaveTypeValue;
  elf: Uint8Array;
  stackSize: number;
}

export type CreateResult = { enclave: Enclave } | { code: number; message: string };

export function createEnclave(monitor: MonitorCore, request: CreateRequest): CreateResult {
  if (request.type === EnclaveType.SERVER && monitor.servers.has(request.name)) {
    return { code: AbiError.NAME_TAKEN, message: `a server named "${request.name}" already exists` };
  }
  if (request.type !== EnclaveType.NORMAL && request.type !== EnclaveType.SERVER && request.type !== EnclaveType.SHADOW) {
    return { code: AbiError.BAD_ARGUMENT, message: `enclave type ${request.type} is not supported` };
  }
  const parsed = monitor.options.parseElf(request.elf);
  if ('error' in parsed) return { code: AbiError.BAD_ARGUMENT, message: `the enclave ELF is not valid: ${parsed.error}` };
  // Everything is checked, sizes against the pool included, before any page is taken.
  const image = loadedSegments(parsed);
  const layoutError = checkLayout(image, request.stackSize);
  if (layoutError) return { code: AbiError.BAD_ARGUMENT, message: layoutError };
  if (imagePages(image, request.stackSize) >= monitor.securePool.freePages) {
    return { code: AbiError.NO_MEM, message: 'the secure pool is exhausted' };
  }

  const eid = monitor.allocateEid();
  const space = AddressSpace.create(ownerOf(eid), monitor.securePool, monitor.machine, monitor.onTablesChanged);
  if (!space) return { code: AbiError.NO_MEM, message: 'the secure pool is exhausted' };
  const fail = (): CreateResult => {
    space.destroy();
    return { code: AbiError.NO_MEM, message: 'the secure pool is exhausted' };
  };
  const heapBase = EnclaveVA.HEAP_BASE;
  for (const segment of image.segments) {
    const start = segment.vaddr & ~(page - 1n);
    const end = roundUp(segment.vaddr + BigInt(segment.memSize));
    for (let va = start; va < end; va += page) {
      if (!space.isMapped(va) && !space.mapFresh(va, PAGE_SIZE, permissionsFromElfFlags(segment.flags))) return fail();
    }
    space.writeUnchecked(segment.vaddr, segment.data);
  }
  const stackSize = Number(roundUp(BigInt(request.stackSize)));
  if (!space.mapFresh(EnclaveVA.STACK_TOP - BigInt(stackSize), stackSize, USER_RW)) return fail();
  if (!space.mapFresh(EnclaveVA.KBUFFER, EnclaveVA.KBUFFER_SIZE, USER_RW)) return fail();

  const measurement = measure(
    image.entry,
    space.pageTable.leaves().map((leaf) => ({
      va: leaf.va,
      permissions: Number(leaf.pte & 0xffn),
      contents: monitor.machine.readPhys(leaf.pa, PAGE_SIZE),
    })),
    enclaveIdentity(request.type, request.name),
  );
  const enclave = new Enclave(eid, request.name, request.type, space, image.entry, measurement, heapBase);
  enclave.interfaceDigestVa = image.symbols?.get(INTERFACE_SYMBOL);
  enclave.stackSize = stackSize;
  monitor.enclaves.set(eid, enclave);
  if (enclave.isServer) {
    monitor.servers.set(enclave.name, enclave);
    monitor.faultedServers.delete(enclave.name);
  }
  return { enclave };
}
