// Sv39 page tables built by the monitor in guest physical memory (privileged spec
// §10.6 "Sv39"): three levels of 512 eight-byte PTEs, VPN[2] = va[38:30],
// VPN[1] = va[29:21], VPN[0] = va[20:12]. The emulated MMU walks exactly these tables,
// so isolation is enforced by the machine, not by checks here.
import { PAGE_SIZE } from '../../runtime/abi.js';
import * as Pte from '../../runtime/riscv/page-table.js';

/** The PTE bits as bigints, for 64-bit PTE arithmetic. */
export const PTE_V = BigInt(Pte.PTE_V);
export const PTE_R = BigInt(Pte.PTE_R);
export const PTE_W = BigInt(Pte.PTE_W);
export const PTE_X = BigInt(Pte.PTE_X);
export const PTE_U = BigInt(Pte.PTE_U);
export const PTE_A = BigInt(Pte.PTE_A);
export const PTE_D = BigInt(Pte.PTE_D);

export const SATP_MODE_SV39 = BigInt(Pte.SATP_MODE_SV39) << 60n;

export interface PageTableMemory {
  readPhys64(pa: number): bigint;
  writePhys64(pa: number, value: bigint): void;
}

/** Permission bits of a leaf; A and D are preset so the MMU never needs to update them. */
export interface PagePermissions {
  read: boolean;
  write: boolean;
  execute: boolean;
  user: boolean;
}

export function leafBits(p: PagePermissions): bigint {
  let bits = PTE_V | PTE_A | PTE_D;
  if (p.read) bits |= PTE_R;
  if (p.write) bits |= PTE_W;
  if (p.execute) bits |= PTE_X;
  if (p.user) bits |= PTE_U;
  return bits;
}

/** A mapped page: its physical address, its PTE, and what U-mode may do with it. */
export interface Leaf {
  pa: number;
  pte: bigint;
  userRights: number;
}

/** Leaf.userRights: U-mode may read (and write) the page. */
export const USER_READ = 1;
export const USER_WRITE = 2;

function userRights(pte: bigint): number {
  if ((pte & PTE_U) === 0n || (pte & PTE_R) === 0n) return 0;
  return (pte & PTE_W) === 0n ? USER_READ : USER_READ | USER_WRITE;
}

/** Canonical Sv39 VAs are the signed 39-bit ones: page numbers in [-2^26, 2^26). */
const CANONICAL_PAGES = 2 ** 26;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** The signed page number of a VA (unsigned 64-bit); outside ±CANONICAL_PAGES when not canonical. */
function pageNumber(va: bigint): number {
  // Low VAs (all of user space but the kbuffer) convert exactly without bigint arithmetic.
  if (va >= 0n && va <= MAX_SAFE) return Math.floor(Number(va) / PAGE_SIZE);
  return Number(BigInt.asIntN(64, va) >> 12n);
}

/**
 * VPN[level] of a page number: canonical Sv39 VAs sign-extend bit 38; the table index
 * uses only bits 38..12, which the low 32 bits of the page number hold.
 */
const vpn = (page: number, level: number) => (page >> (9 * level)) & 0x1ff;

export function isCanonicalSv39(va: bigint): boolean {
  const top = va >> 38n;
  return top === 0n || top === (1n << 26n) - 1n;
}

/**
 * Hears of page-table changes: one leaf (`va` = its page) or, with `va` undefined, the
 * whole table, whose pages are about to be freed.
 */
export type TableChangeListener = (root: number, va: bigint | undefined) => void;

/**
 * A broken promise inside the monitor (not bad input): mapping over a live entry would
 * silently orphan the page it held. Tests and fuzzers catch it; callers never trigger
 * it, since every mapping path checks the range is free first.
 */
export class MonitorInvariantError extends Error {
  override readonly name = 'MonitorInvariantError';
}

export class PageTable {
  /**
   * Leaves already looked up, by page VA. Every change to these tables goes through
   * map/unmap below (leaves carry A and D preset, so the MMU never writes them), so the
   * cache stays exact; it spares the monitor's hot path (call structs, names) the
   * three-level walk through physical memory on every access.
   */
  private readonly leafCache = new Map<number, Leaf | null>();
  /** The last page looked up and its leaf: the call struct a caller passes is in the same page call after call. */
  private lastKey = NaN;
  private lastLeaf: Leaf | undefined;
  /** The level-0 table of each 2 MiB range (page number / 512) walked so far. */
  private readonly leafTables = new Map<number, number>();
  /** The last satp built (an address space is entered with the same ASID every time). */
  private lastSatp = { asid: -1, value: 0n };

  constructor(
    readonly root: number,
    private readonly memory: PageTableMemory,
    /** Supplies a zeroed page for an intermediate table, or undefined when out of memory. */
    private readonly allocateTablePage: () => number | undefined,
    /** Told of every leaf that changed (its root and page VA), so the TLB forgets exactly that page. */
    private readonly onChange: TableChangeListener = () => {},
  ) {}

  satp(asid: number): bigint {
    if (this.lastSatp.asid !== asid) {
      this.lastSatp = { asid, value: SATP_MODE_SV39 | (BigInt(asid & 0xffff) << 44n) | BigInt(this.root / PAGE_SIZE) };
    }
    return this.lastSatp.value;
  }

  /**
   * Maps one 4 KiB page; false when an intermediate table could not be allocated. The
   * page must be unmapped: overwriting a live entry would lose its page.
   */
  map(va: bigint, pa: number, permissions: PagePermissions): boolean {
    const slot = this.leafSlot(va, true);
    if (slot === undefined) return false;
    if ((this.memory.readPhys64(slot) & PTE_V) !== 0n) {
      throw new MonitorInvariantError(`page table ${this.root.toString(16)}: 0x${BigInt.asUintN(64, va).toString(16)} is already mapped`);
    }
    this.memory.writePhys64(slot, (BigInt(pa / PAGE_SIZE) << 10n) | leafBits(permissions));
    this.forgetLeaf(pageNumber(va));
    this.onChange(this.root, va);
    return true;
  }

  /** Removes the mapping of one page; returns the physical page it pointed at. */
  unmap(va: bigint): number | undefined {
    const slot = this.leafSlot(va, false);
    if (slot === undefined) return undefined;
    const pte = this.memory.readPhys64(slot);
    if ((pte & PTE_V) === 0n) return undefined;
    this.memory.writePhys64(slot, 0n);
    this.forgetLeaf(pageNumber(va));
    this.onChange(this.root, va);
    return Number(pte >> 10n) * PAGE_SIZE;
  }

  /** The physical page behind `va`, if mapped. */
  lookup(va: bigint): Leaf | undefined {
    return this.lookupPage(pageNumber(va));
  }

  /**
   * The physical page behind page number `key` (a VA / 4096, signed), if mapped: lookup
   * without bigint arithmetic, for the monitor's hot path (call structs).
   */
  lookupPage(key: number): Leaf | undefined {
    if (key === this.lastKey) return this.lastLeaf;
    if (key < -CANONICAL_PAGES || key >= CANONICAL_PAGES) return undefined;
    const cached = this.leafCache.get(key);
    if (cached !== undefined) return this.remember(key, cached ?? undefined);
    const slot = this.pageSlot(key, false);
    const pte = slot === undefined ? 0n : this.memory.readPhys64(slot);
    const leaf = (pte & PTE_V) === 0n ? null : { pa: Number(pte >> 10n) * PAGE_SIZE, pte, userRights: userRights(pte) };
    this.leafCache.set(key, leaf);
    return this.remember(key, leaf ?? undefined);
  }

  private remember(key: number, leaf: Leaf | undefined): Leaf | undefined {
    this.lastKey = key;
    this.lastLeaf = leaf;
    return leaf;
  }

  private forgetLeaf(key: number): void {
    this.leafCache.delete(key);
    if (key === this.lastKey) this.lastKey = NaN;
  }

  /** Every mapped leaf in VA order: what attestation measures (reference §1). */
  leaves(): { va: bigint; pa: number; pte: bigint }[] {
    const out: { va: bigint; pa: number; pte: bigint }[] = [];
    const walk = (table: number, level: number, vaPrefix: bigint) => {
      for (let i = 0; i < 512; i++) {
        const pte = this.memory.readPhys64(table + i * 8);
        if ((pte & PTE_V) === 0n) continue;
        let va = vaPrefix | (BigInt(i) << BigInt(12 + 9 * level));
        if (level === 2 && i >= 256) va |= ~((1n << 39n) - 1n) & ((1n << 64n) - 1n);
        const next = Number(pte >> 10n) * PAGE_SIZE;
        if ((pte & (PTE_R | PTE_W | PTE_X)) !== 0n) out.push({ va, pa: next, pte });
        else if (level > 0) walk(next, level - 1, va);
      }
    };
    walk(this.root, 2, 0n);
    return out;
  }

  /**
   * The mapped pages in [start, end), in VA order. The walk skips every unpopulated
   * table, so its cost is bounded by what is mapped, not by the length of the range.
   */
  leavesIn(start: bigint, end: bigint): { va: bigint; pa: number }[] {
    const out: { va: bigint; pa: number }[] = [];
    const walk = (table: number, level: number, base: bigint) => {
      const span = 1n << BigInt(12 + 9 * level);
      for (let i = 0; i < 512; i++) {
        const from = base + BigInt(i) * span;
        if (from + span <= start || from >= end) continue;
        const pte = this.memory.readPhys64(table + i * 8);
        if ((pte & PTE_V) === 0n) continue;
        const next = Number(pte >> 10n) * PAGE_SIZE;
        if ((pte & (PTE_R | PTE_W | PTE_X)) !== 0n) out.push({ va: from, pa: next });
        else if (level > 0) walk(next, level - 1, from);
      }
    };
    // User ranges lie in the low half of Sv39 (below 2^38).
    if (start < 1n << 38n) walk(this.root, 2, 0n);
    return out;
  }

  /**
   * How many intermediate table pages mapping [va, va+size) would add: one per missing
   * level-1 table and one per missing level-0 table. One step per 2 MiB of the range.
   */
  tablePagesNeeded(va: bigint, size: number): number {
    if (size <= 0) return 0;
    const first = pageNumber(va);
    const last = first + Math.ceil(size / PAGE_SIZE) - 1;
    if (first < 0 || last >= CANONICAL_PAGES) return 0; // unmappable: map() refuses it anyway
    let needed = 0;
    for (let giga = first >> 18; giga <= last >> 18; giga++) {
      const upper = this.memory.readPhys64(this.root + (giga & 0x1ff) * 8);
      const from = Math.max(first >> 9, giga << 9);
      const to = Math.min(last >> 9, (giga << 9) + 511);
      if ((upper & PTE_V) === 0n) {
        needed += 1 + (to - from + 1);
        continue;
      }
      const middle = Number(upper >> 10n) * PAGE_SIZE;
      for (let mega = from; mega <= to; mega++) {
        if ((this.memory.readPhys64(middle + (mega & 0x1ff) * 8) & PTE_V) === 0n) needed++;
      }
    }
    return needed;
  }

  /** Says the whole table is going away (its pages are freed next): no translation through it may survive. */
  retire(): void {
    this.leafCache.clear();
    this.lastKey = NaN;
    this.leafTables.clear();
    this.onChange(this.root, undefined);
  }

  /** Physical pages used by the intermediate tables (for freeing). */
  tablePages(): number[] {
    const out: number[] = [this.root];
    const walk = (table: number, level: number) => {
      if (level === 0) return;
      for (let i = 0; i < 512; i++) {
        const pte = this.memory.readPhys64(table + i * 8);
        if ((pte & PTE_V) === 0n || (pte & (PTE_R | PTE_W | PTE_X)) !== 0n) continue;
        const next = Number(pte >> 10n) * PAGE_SIZE;
        out.push(next);
        walk(next, level - 1);
      }
    };
    walk(this.root, 2);
    return out;
  }

  private leafSlot(va: bigint, create: boolean): number | undefined {
    return this.pageSlot(pageNumber(va), create);
  }

  private pageSlot(page: number, create: boolean): number | undefined {
    // A non-canonical VA would alias a canonical one in the walk (and its cache entry would
    // not be the one that goes stale): it has no slot, so it can be neither mapped nor unmapped.
    if (page < -CANONICAL_PAGES || page >= CANONICAL_PAGES) return undefined;
    // Level-0 tables are never freed while the table lives, so where one sits is final.
    const range = Math.floor(page / 512);
    const known = this.leafTables.get(range);
    if (known !== undefined) return known + vpn(page, 0) * 8;
    let table = this.root;
    for (let level = 2; level > 0; level--) {
      const slot = table + vpn(page, level) * 8;
      const pte = this.memory.readPhys64(slot);
      if ((pte & PTE_V) === 0n) {
        if (!create) return undefined;
        const fresh = this.allocateTablePage();
        if (fresh === undefined) return undefined;
        this.memory.writePhys64(slot, (BigInt(fresh / PAGE_SIZE) << 10n) | PTE_V);
        table = fresh;
      } else {
        if ((pte & (PTE_R | PTE_W | PTE_X)) !== 0n) return undefined; // a superpage: never built here
        table = Number(pte >> 10n) * PAGE_SIZE;
      }
    }
    this.leafTables.set(range, table);
    return table + vpn(page, 0) * 8;
  }

}
