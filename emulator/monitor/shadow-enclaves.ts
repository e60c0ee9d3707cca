// SHADOW enclaves (reference §4 "Shadow and fork", §8 item 2): a measured template that
// never runs itself. Every RUN on it forks an instance, a fresh NORMAL enclave whose page
// table maps the template's read-only pages (text, rodata) shared and copies of its
// writable ones (data, bss, stack, kbuffer); the instance inherits the template's
// measurement instead of being measured again (the OSDI'21 paper's fast creation). The
// template stays until no instance maps its pages.
import { EnclaveType, PAGE_SIZE } from '../../runtime/abi.js';
import { AddressSpace } from './address-space.js';
import { Enclave } from './enclave.js';
import { PTE_R, PTE_U, PTE_W, PTE_X } from './page-table.js';
import { ownerOf, type MonitorCore } from './monitor-core.js';

export function forkShadow(monitor: MonitorCore, template: Enclave): Enclave | undefined {
  const eid = monitor.allocateEid();
  const space = AddressSpace.create(ownerOf(eid), monitor.securePool, monitor.machine, monitor.onTablesChanged);
  if (!space) return undefined;
  for (const leaf of template.space.pageTable.leaves()) {
    const permissions = {
      read: (leaf.pte & PTE_R) !== 0n,
      write: (leaf.pte & PTE_W) !== 0n,
      execute: (leaf.pte & PTE_X) !== 0n,
      user: (leaf.pte & PTE_U) !== 0n,
    };
    let pa = leaf.pa;
    if (permissions.write) {
      const copy = monitor.securePool.allocate(ownerOf(eid));
      if (copy === undefined) {
        space.destroy();
        return undefined;
      }
      monitor.machine.writePhys(copy, monitor.machine.readPhys(leaf.pa, PAGE_SIZE));
      pa = copy;
    }
    if (!space.pageTable.map(leaf.va, pa, permissions)) {
      space.destroy();
      return undefined;
    }
  }
  const instance = new Enclave(eid, template.name, EnclaveType.NORMAL, space, template.entry, template.measurement, template.heapTop);
  instance.template = template;
  instance.stackSize = template.stackSize;
  template.instances++;
  monitor.enclaves.set(eid, instance);
  return instance;
}
