// One protection domain: the host process or one enclave. It owns a Sv39 page table
// and a list of mmap regions (Penglai's vma/pma lists), and reads or writes its own
// memory page by page, so a name or struct that crosses a page boundary is read
// correctly (Penglai translates only the first page; reference §7).
import { PAGE_SIZE } from '../../runtime/abi.js';
import type { PagePool } from './page-pool.js';
import { PageTable, type PagePermissions, type TableChangeListener, PTE_R, PTE_W, PTE_X, USER_READ, USER_WRITE, isCanonicalSv39 } from './page-table.js';
import type { MonitorMachine } from './machine-port.js';

/** A contiguous run of pages that moves as one unit between enclaves (an `eapp_mmap` VMA). */
export interface Region {
  va: bigint;
  size: number;
  pages: number[];
}

const PAGE_MASK = BigInt(PAGE_SIZE - 1);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export const USER_RW: PagePermissions = { read: true, write: true, execute: false, user: true };

export class AddressSpace {
  readonly pageTable: PageTable;
  /** Regions obtained through mmap (and received from other enclaves): the movable ones. */
  readonly regions: Region[] = [];
  /** The top of the heap: no region is ever placed at or below it. */
  heapTop = 0n;

  private constructor(
    readonly owner: number,
    private readonly pool: PagePool,
    private readonly machine: MonitorMachine,
    root: number,
    onChange: TableChangeListener,
  ) {
    this.pageTable = new PageTable(root, machine, () => this.pool.allocate(this.owner), onChange);
  }

  /** `onChange` hears of every page-table change (the monitor makes the TLB forget exactly what changed). */
  static create(owner: number, pool: PagePool, machine: MonitorMachine, onChange: TableChangeListener): AddressSpace | undefined {
    const root = pool.allocate(owner);
    if (root === undefined) return undefined;
    return new AddressSpace(owner, pool, machine, root, onChange);
  }

  /**
   * Maps fresh zeroed pages over [va, va+size), all or nothing: undefined (and nothing
   * kept) when the pool cannot supply every page, or a page table, or the range is not
   * free. A request larger than the free pool is refused before any page is taken.
   */
  mapFresh(va: bigint, size: number, permissions: PagePermissions): number[] | undefined {
    const count = Math.ceil(size / PAGE_SIZE);
    if (!(count >= 0) || count > this.pool.freePages || !this.rangeIsFree(va, count * PAGE_SIZE)) return undefined;
    // Tables count too: when everything fits nothing can fail half-way (one hart, no concurrency).
    if (count + this.pageTable.tablePagesNeeded(va, count * PAGE_SIZE) > this.pool.freePages) return undefined;
    const pages: number[] = [];
    for (let i = 0; i < count; i++) {
      const page = this.pool.allocate(this.owner);
      if (page === undefined || !this.pageTable.map(va + BigInt(i * PAGE_SIZE), page, permissions)) {
        if (page !== undefined) this.pool.free(page);
        this.unmapFresh(va, pages);
        return undefined;
      }
      pages.push(page);
    }
    return pages;
  }

  /** Takes back what a failed mapFresh mapped (its tables stay: they are freed with the space). */
  private unmapFresh(va: bigint, pages: number[]): void {
    for (let i = 0; i < pages.length; i++) {
      this.pageTable.unmap(va + BigInt(i * PAGE_SIZE));
      this.pool.free(pages[i]);
    }
  }

  isMapped(va: bigint): boolean {
    return this.pageTable.lookup(va) !== undefined;
  }

  /** Whether the user may access [va, va+length) with the given rights. */
  canAccess(va: bigint, length: number, write: boolean): boolean {
    return length === 0 || this.userPieces(va, length, write) !== undefined;
  }

  /**
   * The physical address of [va, va+length) when it lies in one page the user may access
   * with the given rights; -1 otherwise (inaccessible, or split over pages). One leaf
   * lookup: the IPC hot path reads and writes 48-byte call structs this way.
   */
  userPa(va: bigint, length: number, write: boolean): number {
    if (va >= 0n && va <= MAX_SAFE) return this.userPaAt(Number(va), length, write);
    const offset = Number(va & PAGE_MASK);
    if (length <= 0 || offset + length > PAGE_SIZE) return -1;
    const leaf = this.pageTable.lookup(va);
    if (!leaf || (leaf.userRights & (write ? USER_WRITE : USER_READ)) === 0) return -1;
    return leaf.pa + offset;
  }

  /** userPa of a VA held as a JS number (a safe integer ≥ 0): no bigint arithmetic at all. */
  userPaAt(va: number, length: number, write: boolean): number {
    // Not va % PAGE_SIZE: on a number beyond 2^31 that is a floating-point remainder.
    const page = Math.floor(va / PAGE_SIZE);
    const offset = va - page * PAGE_SIZE;
    if (length <= 0 || offset + length > PAGE_SIZE) return -1;
    const leaf = this.pageTable.lookupPage(page);
    if (!leaf || (leaf.userRights & (write ? USER_WRITE : USER_READ)) === 0) return -1;
    return leaf.pa + offset;
  }

  /**
   * readInto of whole words at a VA held as a JS number (a safe integer ≥ 0, as
   * `MonitorCore.safeReg` gives); a struct split over pages takes readInto's way.
   */
  readWordsAt(va: number, target: Int32Array, write: boolean): boolean {
    const pa = this.userPaAt(va, target.length * 4, write);
    if (pa < 0) return this.readInto(BigInt(va), new Uint8Array(target.buffer, target.byteOffset, target.byteLength), write);
    this.machine.readPhysWords(pa, target);
    return true;
  }

  /** write of whole words at a VA held as a JS number (a safe integer ≥ 0). */
  writeWordsAt(va: number, words: Int32Array): boolean {
    const pa = this.userPaAt(va, words.length * 4, true);
    if (pa < 0) return this.write(BigInt(va), new Uint8Array(words.buffer, words.byteOffset, words.byteLength));
    this.machine.writePhysWords(pa, words);
    return true;
  }

  /** Reads user memory; undefined if any byte is not readable by the user. */
  read(va: bigint, length: number): Uint8Array | undefined {
    const out = new Uint8Array(Math.max(length, 0));
    return length >= 0 && this.readInto(va, out, false) ? out : undefined;
  }

  /**
   * Fills `target` from user memory at `va`; false if any byte is not accessible with the
   * given rights (`write` also asks that the user may write it all).
   */
  readInto(va: bigint, target: Uint8Array, write: boolean): boolean {
    const pa = this.userPa(va, target.length, write);
    if (pa >= 0) {
      this.machine.readPhysInto(pa, target);
      return true;
    }
    const pieces = this.userPieces(va, target.length, write);
    if (!pieces) return false;
    let done = 0;
    for (const piece of pieces) {
      this.machine.readPhysInto(piece.pa, target.subarray(done, done + piece.length));
      done += piece.length;
    }
    return true;
  }

  /** Physical pieces of [va, va+length) if the user may access all of it, else undefined. */
  private userPieces(va: bigint, length: number, write: boolean): { pa: number; length: number }[] | undefined {
    const pieces: { pa: number; length: number }[] = [];
    let done = 0;
    while (done < length) {
      const at = va + BigInt(done);
      const offset = Number(at & PAGE_MASK);
      const chunk = Math.min(length - done, PAGE_SIZE - offset);
      if (!isCanonicalSv39(at)) return undefined;
      const leaf = this.pageTable.lookup(at - BigInt(offset));
      if (!leaf || (leaf.userRights & (write ? USER_WRITE : USER_READ)) === 0) return undefined;
      pieces.push({ pa: leaf.pa + offset, length: chunk });
      done += chunk;
    }
    return pieces;
  }

  /** Writes user memory; false (and nothing written) if any byte is not writable. */
  write(va: bigint, bytes: Uint8Array): boolean {
    const pa = this.userPa(va, bytes.length, true);
    if (pa >= 0) {
      this.machine.writePhys(pa, bytes);
      return true;
    }
    const pieces = this.userPieces(va, bytes.length, true);
    if (!pieces) return false;
    let done = 0;
    for (const piece of pieces) {
      this.machine.writePhys(piece.pa, bytes.subarray(done, done + piece.length));
      done += piece.length;
    }
    return true;
  }

  /** Writes through the page table whatever the PTE rights: the loader filling text pages. */
  writeUnchecked(va: bigint, bytes: Uint8Array): boolean {
    let done = 0;
    while (done < bytes.length) {
      const at = va + BigInt(done);
      const offset = Number(at & BigInt(PAGE_SIZE - 1));
      const chunk = Math.min(bytes.length - done, PAGE_SIZE - offset);
      const leaf = this.pageTable.lookup(at & ~BigInt(PAGE_SIZE - 1));
      if (!leaf) return false;
      this.machine.writePhys(leaf.pa + offset, bytes.subarray(done, done + chunk));
      done += chunk;
    }
    return true;
  }

  readU64(va: bigint): bigint | undefined {
    const bytes = this.read(va, 8);
    return bytes && new DataView(bytes.buffer).getBigUint64(0, true);
  }

  /** A NUL-terminated string of at most `max` bytes (excluding NUL); undefined if unterminated or unreadable. */
  readCString(va: bigint, max: number): string | undefined {
    const bytes: number[] = [];
    for (let i = 0; i <= max; i++) {
      const b = this.read(va + BigInt(i), 1);
      if (!b) return undefined;
      if (b[0] === 0) return Buffer.from(bytes).toString('latin1');
      bytes.push(b[0]);
    }
    return undefined;
  }

  findRegion(va: bigint, size: number): Region | undefined {
    return this.regions.find((r) => va >= r.va && va + BigInt(size) <= r.va + BigInt(r.size));
  }

  /** Whether nothing is mapped in [va, va+size) (a walk bounded by what is mapped, not by size). */
  rangeIsFree(va: bigint, size: number): boolean {
    if (size <= 0) return true;
    if (size <= 16 * PAGE_SIZE) {
      for (let offset = 0; offset < size; offset += PAGE_SIZE) if (this.isMapped(va + BigInt(offset))) return false;
      return true;
    }
    return this.pageTable.leavesIn(va, va + BigInt(size)).length === 0;
  }

  /** Unlinks a region and removes its pages from this page table (the sender's side of a move). */
  detachRegion(region: Region): void {
    const index = this.regions.indexOf(region);
    if (index >= 0) this.regions.splice(index, 1);
    for (let i = 0; i < region.pages.length; i++) this.pageTable.unmap(region.va + BigInt(i * PAGE_SIZE));
  }

  /**
   * Maps a region received from another domain: at `preferredVa` when that range is free and
   * below `ceiling`, otherwise just below the lowest region (Penglai's placement, reference §3).
   */
  attachRegion(pages: number[], preferredVa: bigint, ceiling: bigint): Region | undefined {
    const size = pages.length * PAGE_SIZE;
    let va = preferredVa;
    if (!(va > this.heapTop && va + BigInt(size) <= ceiling && this.rangeIsFree(va, size))) {
      va = this.nextMmapVa(size, ceiling);
      // All or nothing: the fallback must be free too, and above the heap.
      if (va <= this.heapTop || !this.rangeIsFree(va, size)) return undefined;
    }
    for (let i = 0; i < pages.length; i++) {
      if (!this.pageTable.map(va + BigInt(i * PAGE_SIZE), pages[i], USER_RW)) {
        for (let j = 0; j < i; j++) this.pageTable.unmap(va + BigInt(j * PAGE_SIZE));
        return undefined;
      }
    }
    // Relay pages are host pages on loan: the secure pool keeps no owner for them.
    for (const pa of pages) if (this.pool.contains(pa)) this.pool.transfer(pa, this.owner);
    const region = { va, size, pages };
    this.regions.push(region);
    return region;
  }

  /** The VA for a new mmap region of `size` bytes: mmap grows down from `ceiling`. */
  nextMmapVa(size: number, ceiling: bigint): bigint {
    let lowest = ceiling;
    for (const r of this.regions) if (r.va < lowest && r.va + BigInt(r.size) <= ceiling) lowest = r.va;
    return lowest - BigInt(size);
  }

  /**
   * Gives back, zeroed, every page this domain owns: mapped or not, leaf or table. The
   * pool's owner map, not the page table, is the record, so a page that was ever this
   * domain's cannot outlive it.
   */
  destroy(): void {
    this.pageTable.retire();
    this.pool.freeAllOf(this.owner);
    this.regions.length = 0;
  }
}

export function permissionsFromElfFlags(flags: number): PagePermissions {
  // ELF p_flags: PF_X = 1, PF_W = 2, PF_R = 4.
  return { read: (flags & 4) !== 0 || (flags & 2) !== 0, write: (flags & 2) !== 0, execute: (flags & 1) !== 0, user: true };
}

export const PTE_RWX = PTE_R | PTE_W | PTE_X;
