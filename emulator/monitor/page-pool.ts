// A pool of 4 KiB physical pages with an owner per page: the monitor's bitmap of who
// owns what (Penglai's mbitmap, reference §3). Pages are zeroed when they are freed, so
// nothing an enclave wrote survives into the next owner.
import { PAGE_SIZE } from '../../runtime/abi.js';

export const PAGE_FREE = 0;

export interface PhysicalMemoryPort {
  fillPhys(pa: number, length: number, value: number): void;
}

export class PagePool {
  private readonly owners: Int32Array;
  private readonly freeStack: Int32Array;
  private freeCount: number;
  /** Told of every change of a page's owner, while a run is traced (one null check otherwise). */
  onOwnerChange: ((owner: number, delta: number) => void) | undefined;

  constructor(
    readonly name: string,
    readonly base: number,
    readonly size: number,
    private readonly memory: PhysicalMemoryPort,
  ) {
    const pages = Math.floor(size / PAGE_SIZE);
    this.owners = new Int32Array(pages);
    this.freeStack = new Int32Array(pages);
    // Hand out low addresses first: deterministic and easy to read in reports.
    for (let i = 0; i < pages; i++) this.freeStack[i] = pages - 1 - i;
    this.freeCount = pages;
  }

  get freePages(): number {
    return this.freeCount;
  }

  contains(pa: number): boolean {
    return pa >= this.base && pa < this.base + this.size;
  }

  ownerOf(pa: number): number {
    if (!this.contains(pa)) return PAGE_FREE;
    return this.owners[Math.floor((pa - this.base) / PAGE_SIZE)];
  }

  /** One page for `owner` (non-zero), or undefined when the pool is empty. */
  allocate(owner: number): number | undefined {
    if (this.freeCount === 0) return undefined;
    const index = this.freeStack[--this.freeCount];
    this.owners[index] = owner;
    this.onOwnerChange?.(owner, 1);
    return this.base + index * PAGE_SIZE;
  }

  /** Changes the owner of a page that moves between enclaves (region ownership). */
  transfer(pa: number, newOwner: number): void {
    const index = (pa - this.base) / PAGE_SIZE;
    if (this.onOwnerChange && this.owners[index] !== newOwner) {
      this.onOwnerChange(this.owners[index], -1);
      this.onOwnerChange(newOwner, 1);
    }
    this.owners[index] = newOwner;
  }

  free(pa: number): void {
    const index = (pa - this.base) / PAGE_SIZE;
    if (this.owners[index] === PAGE_FREE) return;
    this.memory.fillPhys(pa, PAGE_SIZE, 0);
    this.onOwnerChange?.(this.owners[index], -1);
    this.owners[index] = PAGE_FREE;
    this.freeStack[this.freeCount++] = index;
  }

  /** Frees every page that `owner` holds; returns how many. */
  freeAllOf(owner: number): number {
    let count = 0;
    for (let i = 0; i < this.owners.length; i++) {
      if (this.owners[i] === owner) {
        this.free(this.base + i * PAGE_SIZE);
        count++;
      }
    }
    return count;
  }
}
