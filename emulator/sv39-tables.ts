// Builds Sv39 page tables in guest physical memory (privileged spec v1.12 §4.4), for
// loaders that set up an address space from outside the guest (linux-user, tests).
// Leaves get V|R|W|X|U as asked; A and D are left for the hart to set (§4.3.1).

import { PTE_R, PTE_V, PTE_X } from '../runtime/riscv/page-table.js';

export { PTE_V, PTE_R, PTE_W, PTE_X, PTE_U, PTE_G, PTE_A, PTE_D } from '../runtime/riscv/page-table.js';

export interface PhysMemory {
  readPhys64(pa: bigint | number): bigint;
  writePhys64(pa: bigint | number, v: bigint): boolean;
  fillPhys(pa: bigint | number, len: number, value: number): boolean;
}

/** Hands out zeroed 4 KiB physical pages; null when memory is exhausted. */
export type PageAllocator = () => number | null;

export class Sv39Tables {
  readonly root: number;

  private constructor(
    private readonly mem: PhysMemory,
    private readonly alloc: PageAllocator,
    root: number,
  ) {
    this.root = root;
  }

  static create(mem: PhysMemory, alloc: PageAllocator): Sv39Tables | null {
    const root = alloc();
    if (root === null) return null;
    mem.fillPhys(root, 4096, 0);
    return new Sv39Tables(mem, alloc, root);
  }

  /** satp value selecting these tables (MODE = 8, ASID 0). */
  get satp(): bigint {
    return (8n << 60n) | BigInt(this.root / 4096);
  }

  private vpn(va: bigint, level: number): number {
    return Number((va >> BigInt(12 + 9 * level)) & 0x1ffn);
  }

  /** Address of the level-0 PTE for `va`, creating intermediate tables when asked. */
  private leafSlot(va: bigint, create: boolean): number | null {
    let table = this.root;
    for (let level = 2; level > 0; level -= 1) {
      const slot = table + this.vpn(va, level) * 8;
      const pte = this.mem.readPhys64(slot);
      if (pte & BigInt(PTE_V)) {
        if (pte & BigInt(PTE_R | PTE_X)) return null; // a superpage is in the way
        table = Number((pte >> 10n) & ((1n << 44n) - 1n)) * 4096;
        continue;
      }
      if (!create) return null;
      const next = this.alloc();
      if (next === null) return null;
      this.mem.fillPhys(next, 4096, 0);
      this.mem.writePhys64(slot, (BigInt(next / 4096) << 10n) | BigInt(PTE_V));
      table = next;
    }
    return table + this.vpn(va, 0) * 8;
  }

  /** Maps the 4 KiB page at `va` to `pa` with `perms` (PTE_R/W/X/U bits). */
  map(va: bigint, pa: number, perms: number): boolean {
    const slot = this.leafSlot(va, true);
    if (slot === null) return false;
    return this.mem.writePhys64(slot, (BigInt(pa / 4096) << 10n) | BigInt(perms | PTE_V));
  }

  unmap(va: bigint): boolean {
    const slot = this.leafSlot(va, false);
    if (slot === null) return false;
    return this.mem.writePhys64(slot, 0n);
  }

  /** The physical page mapped at `va`, or null. */
  lookup(va: bigint): number | null {
    const slot = this.leafSlot(va, false);
    if (slot === null) return null;
    const pte = this.mem.readPhys64(slot);
    if (!(pte & BigInt(PTE_V))) return null;
    return Number((pte >> 10n) & ((1n << 44n) - 1n)) * 4096;
  }
}
