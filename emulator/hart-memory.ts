// The hart's memory side: physical RAM views, PMP, the software TLB and its fast load/store
// paths, Sv39 translation with fault raising, and the per-page cache of decoded code
// (privileged spec v1.12 §3.7, §4.3). `Hart` (hart.ts) extends it with registers, CSRs,
// traps and the run loop; they are one object so the hot paths touch plain fields.

import { Bus, RAM_BASE, PAGE_SHIFT } from './bus.js';
import { Pmp } from './pmp.js';
import { walkSv39, WALK_PAGE_FAULT, type PteMemory } from './mmu.js';
import { Access, type AccessKind, accessFaultCause, pageFaultCause, Exc } from './trap-cause.js';
import type { Insn } from './insn.js';
import type { CompiledBlock } from './block-compiler.js';
import { MSTATUS_SUM, MSTATUS_MXR } from './csr-file.js';
import { pairToBig, bigLo, bigHi } from './int64.js';
import { Triggers, type TriggerHost } from './triggers.js';
import type { HartGroup, GroupMember } from './hart-group.js';

export type Priv = 0 | 1 | 3;

const TLB_SIZE = 2048;
export const TLB_MASK = TLB_SIZE - 1;
export const PAGE_HALFWORDS = 2048;
/** Address spaces whose translations are kept at once (one bit each in `writeMappedBy`). */
export const TLB_SPACES = 32;
/** The address-space key of translation off (satp.MODE = Bare): no root table. */
const BARE = -1;

/**
 * The translations of one address space (one root page table), per access kind. `epoch`
 * is the global flush count when it was last cleared: a set from before a full flush is
 * cleared when it becomes current again, so a full flush costs one set, not all of them.
 */
interface TlbSet {
  readonly slot: number;
  readonly tag: [Int32Array, Int32Array, Int32Array];
  readonly off: [Int32Array, Int32Array, Int32Array];
  root: number;
  epoch: number;
  /** When it was last made current, for least-recently-used replacement. */
  lastUsed: number;
}

/** TLB tables live in the bus's state area, where translated code reads them (jit/). */
function newTlbSet(slot: number, bus: Bus): TlbSet {
  const table = () => new Int32Array(bus.memory.buffer, bus.allocState(TLB_SIZE * 4), TLB_SIZE);
  const tables = () => [table(), table(), table()] as [Int32Array, Int32Array, Int32Array];
  return { slot, tag: tables(), off: tables(), root: BARE, epoch: -1, lastUsed: 0 };
}

/** Decoded instructions and translated blocks of one physical RAM page, per halfword slot. */
export interface CodePage {
  insns: (Insn | undefined)[];
  /** undefined = not translated yet, null = cannot be translated. */
  blocks: (CompiledBlock | null | undefined)[];
  heat: Uint8Array;
  /**
   * Region translations (jit/) entered at a slot: undefined = none yet, null = cannot. Until
   * the page's first region this is the shared empty NO_REGIONS (most pages never get one).
   */
  regions: unknown[];
}

export const NO_REGIONS: readonly unknown[] = Object.freeze([]);

export function newCodePage(): CodePage {
  return {
    insns: new Array<Insn | undefined>(PAGE_HALFWORDS),
    blocks: new Array<CompiledBlock | null | undefined>(PAGE_HALFWORDS),
    heat: new Uint8Array(PAGE_HALFWORDS),
    regions: NO_REGIONS as unknown[],
  };
}

/**
 * Per-hart state in the bus's state area (byte offsets from `stateBase`), shared with
 * translated code: the register file as two Int32 halves, the next pc a region leaves at
 * (f64, exact below 2^53), and the high word of a slow-path load.
 */
export const STATE_XL = 0;
export const STATE_XH = 128;
export const STATE_NEXT_PC = 256;
export const STATE_RH = 264;
const STATE_BYTES = 272;

/** Thrown (never outside Hart.run) to abandon the current instruction. */
export const TRAP_SIGNAL = { trapSignal: true };

/** The trap cause of a debugger watchpoint: no trap, the hart stops for the debugger. */
export const DEBUG_STOP_CAUSE = -1;

export abstract class HartMemory implements PteMemory, TriggerHost, GroupMember {
  priv: Priv = 3;
  /** Effective privilege of loads and stores (MPRV, §3.1.6.3). */
  dataPriv: Priv = 3;
  /** mstatus, low 32 bits (the high bits are fixed; csr-file.ts). */
  mstatus = 0;
  /** High word of the last ld64 result. */
  rh = 0;
  /** LR/SC reservation: physical address of the reserved word, or -1. */
  reservation = -1;

  // Derived translation context, kept by Hart.setSatp.
  protected satpOn = false;
  protected satpRoot = 0;

  readonly bus: Bus;
  /** Byte offset of this hart's state (STATE_*) in `bus.memory`. */
  readonly stateBase: number;
  readonly pmp = new Pmp();
  protected readonly u8: Uint8Array;
  protected readonly u16: Uint16Array;
  protected readonly i32: Int32Array;
  protected readonly ramSize: number;

  // Software TLB, one direct-mapped table per access kind. A tag is (vpn << 2 | priv) so
  // privilege switches need no flush; an entry exists only when the whole 4 KiB page is
  // plain RAM that PMP allows for that access, so a hit needs no further checks. Each
  // address space (root page table, satp.PPN) has its own set of tables, so switching
  // satp between known spaces flushes nothing (README "TLB and address spaces").
  private readonly tlbSets = new Map<number, TlbSet>();
  private readonly tlbBySlot: TlbSet[] = [];
  private tlbEpoch = 0;
  private tlbClock = 0;
  // The current set and its tables (useTlbSet), read on every access.
  private tlb!: TlbSet;
  private tlbR!: Int32Array;
  private tlbW!: Int32Array;
  private tlbROff!: Int32Array;
  private tlbWOff!: Int32Array;
  protected tlbX!: Int32Array;
  protected tlbXOff!: Int32Array;
  /** Per RAM page, a bit per TLB set that may hold a write entry for it (see codeFor). */
  private readonly writeMappedBy: Int32Array;

  // Predecoded instructions per physical RAM page (halfword granularity for RVC).
  private readonly codeCache = new Map<number, CodePage>();
  /** Per RAM page, a bit per hart holding decoded code for it (shared by a group's harts). */
  private readonly codePage: Int32Array;
  /** Per RAM page, a bit per hart that may hold a reservation in it (all zero for a lone hart). */
  private readonly reservedPage: Int32Array;
  /** The other harts of the machine (hart-group.ts), or null for a lone hart. */
  readonly group: HartGroup | null;
  /** This hart's position in its group (0 for a lone hart) and its bit in the page masks. */
  readonly hartIndex: number;
  private readonly hartBit: number;
  // The page the pc is in: VA of its base, RAM offset of its base, its decoded slots.
  protected fetchVa = NaN;
  protected fetchOff = 0;
  protected fetchCode: (Insn | undefined)[] = [];
  protected fetchPage: CodePage = newCodePage();

  /** Sdtrig triggers and the debugger's breakpoints and watchpoints (triggers.ts). */
  readonly triggers = new Triggers(this);

  // Pending synchronous trap, set by raise().
  protected trapCause = 0;
  protected trapTval = 0n;

  constructor(bus: Bus, group: HartGroup | null = null, hartIndex = 0) {
    this.bus = bus;
    this.stateBase = bus.allocState(STATE_BYTES);
    this.u8 = bus.u8;
    this.u16 = bus.u16;
    this.i32 = bus.i32;
    this.ramSize = bus.ramSize;
    this.group = group;
    this.hartIndex = hartIndex;
    this.hartBit = 1 << hartIndex;
    this.codePage = group ? group.codeHolders : new Int32Array(bus.ramSize >>> PAGE_SHIFT);
    this.reservedPage = group ? group.reservationHolders : new Int32Array(bus.ramSize >>> PAGE_SHIFT);
    this.writeMappedBy = new Int32Array(bus.ramSize >>> PAGE_SHIFT);
    const bare = newTlbSet(0, bus);
    this.tlbBySlot.push(bare);
    this.tlbSets.set(BARE, bare);
    this.useTlbSet(bare);
    this.flushTlb();
  }

  /**
   * Data triggers are checked in `translate`, the slow path: while one is armed no load or
   * store translation enters the TLB, so every access reaches the check.
   */
  triggersChanged(): void {
    this.flushTlb();
  }

  /** Forgets every translation of every address space (SFENCE.VMA with rs1 = x0, PMP changes). */
  flushTlb(): void {
    this.tlbEpoch += 1;
    this.clearTlbSet(this.tlb);
    this.fetchVa = NaN;
  }

  private clearTlbSet(set: TlbSet): void {
    for (const t of set.tag) t.fill(-1);
    set.epoch = this.tlbEpoch;
  }

  /**
   * Makes the translations of the address space rooted at `root` (a physical address, or
   * -1 for Bare) the current ones. A space seen before keeps its entries; a new one takes
   * a free set or the least recently used one.
   */
  protected selectAddressSpace(root: number): void {
    if (root === this.tlb.root) return;
    this.fetchVa = NaN;
    let set = this.tlbSets.get(root);
    if (set === undefined) {
      if (this.tlbBySlot.length < TLB_SPACES) {
        set = newTlbSet(this.tlbBySlot.length, this.bus);
        this.tlbBySlot.push(set);
      } else {
        set = this.tlbBySlot[0];
        for (const s of this.tlbBySlot) if (s.lastUsed < set.lastUsed) set = s;
        this.tlbSets.delete(set.root);
        set.epoch = -1;
      }
      set.root = root;
      this.tlbSets.set(root, set);
    }
    if (set.epoch !== this.tlbEpoch) this.clearTlbSet(set);
    set.lastUsed = ++this.tlbClock;
    this.useTlbSet(set);
  }

  /**
   * Byte offsets in bus.memory of the current read tags, read offsets, write tags and write
   * offsets: the tables translated code checks inline (jit/).
   */
  readonly tlbAddr = new Int32Array(4);

  private useTlbSet(set: TlbSet): void {
    this.tlbAddr[0] = set.tag[0].byteOffset;
    this.tlbAddr[1] = set.off[0].byteOffset;
    this.tlbAddr[2] = set.tag[1].byteOffset;
    this.tlbAddr[3] = set.off[1].byteOffset;
    this.tlb = set;
    this.tlbR = set.tag[0];
    this.tlbW = set.tag[1];
    this.tlbX = set.tag[2];
    this.tlbROff = set.off[0];
    this.tlbWOff = set.off[1];
    this.tlbXOff = set.off[2];
  }

  /**
   * Forgets the translation of the page at `va` in the address space rooted at `root`
   * (SFENCE.VMA with a VA, for that space only): for a monitor that edits page tables.
   */
  flushTlbPage(root: number, vaLo: number): void {
    const set = this.tlbSets.get(root);
    if (set === undefined) return;
    const idx = (vaLo >>> 12) & TLB_MASK;
    set.tag[0][idx] = -1;
    set.tag[1][idx] = -1;
    set.tag[2][idx] = -1;
    if (set === this.tlb) this.fetchVa = NaN;
  }

  /** Forgets every translation of the address space rooted at `root` (its tables are being freed). */
  flushTlbSpace(root: number): void {
    const set = this.tlbSets.get(root);
    if (set === undefined) return;
    set.epoch = -1;
    if (set === this.tlb) this.clearTlbSet(set);
    this.fetchVa = NaN;
  }

  /** Abandons the current instruction with a synchronous exception. */
  raise(cause: number, tvalLo: number, tvalHi: number): never {
    this.trapCause = cause;
    this.trapTval = pairToBig(tvalLo, tvalHi);
    throw TRAP_SIGNAL;
  }

  raiseBig(cause: number, tval: bigint): never {
    this.trapCause = cause;
    this.trapTval = BigInt.asUintN(64, tval);
    throw TRAP_SIGNAL;
  }

  /** Decoded slots of a RAM page; marking a page as code keeps its stores off the TLB fast path. */
  protected codeFor(page: number): CodePage {
    let code = this.codeCache.get(page);
    if (code === undefined) {
      code = newCodePage();
      this.codeCache.set(page, code);
      const shared = this.codePage[page] !== 0;
      this.codePage[page] |= this.hartBit;
      // Every address space that may write this page through its TLB loses that entry:
      // this hart's, and (the first time any hart decodes it) every other hart's.
      if (this.group && !shared) this.group.watchWrites(page);
      else this.forgetWriteMappings(page);
    }
    return code;
  }

  forgetWriteMappings(page: number): void {
    const off = page << PAGE_SHIFT;
    for (let sets = this.writeMappedBy[page]; sets !== 0; sets &= sets - 1) {
      const set = this.tlbBySlot[31 - Math.clz32(sets & -sets)];
      const tags = set.tag[Access.WRITE];
      const offs = set.off[Access.WRITE];
      for (let k = 0; k < TLB_SIZE; k += 1) if (offs[k] === off) tags[k] = -1;
    }
    this.writeMappedBy[page] = 0;
  }

  /** Moves on whenever a page's decoded code (and its translations) is dropped. */
  codeEpoch = 0;

  /** Forgets every translation (FENCE.I): decoded instructions stay, they follow every store anyway. */
  dropTranslations(): void {
    for (const code of this.codeCache.values()) {
      code.blocks.fill(undefined);
      code.regions = NO_REGIONS as unknown[];
      code.heat.fill(0);
    }
    this.codeEpoch += 1;
  }

  /** Forgets decoded instructions of a RAM page after a store to it (on every hart holding some). */
  invalidateCode(page: number): void {
    if (!this.codePage[page]) return;
    if (this.group) this.group.dropCode(page);
    else this.dropCode(page);
  }

  /** Drops this hart's decoded code of a RAM page, with its block and region translations. */
  dropCode(page: number): void {
    this.codeEpoch += 1;
    this.codePage[page] &= ~this.hartBit;
    this.codeCache.delete(page);
    if (this.fetchOff >>> PAGE_SHIFT === page) this.fetchVa = NaN;
  }

  /**
   * LR's reservation of the word at physical `pa`. With other harts the page leaves every
   * write TLB, so their stores to it reach physStore and break the reservation.
   */
  reserve(pa: number): void {
    this.reservation = pa;
    const off = pa - RAM_BASE;
    if (this.group === null || off < 0 || off >= this.ramSize) return;
    const page = off >>> PAGE_SHIFT;
    if (this.reservedPage[page] === 0) this.group.watchWrites(page);
    this.reservedPage[page] |= this.hartBit;
  }

  // ---------------------------------------------------------------- address translation

  /**
   * Translates a virtual address for an access of `size` bytes by the current effective
   * privilege, checking PMP, and fills the TLB. Raises the matching fault.
   */
  translate(lo: number, hi: number, access: AccessKind, size: number): number {
    const p = access === Access.EXECUTE ? this.priv : this.dataPriv;
    if (access !== Access.EXECUTE && this.triggers.dataArmed) this.checkDataTriggers(lo, hi, access, size, p);
    let pa: number;
    if (this.satpOn && p < 3) {
      if (hi !== (hi << 25) >> 25) this.raise(pageFaultCause[access], lo, hi);
      const r = walkSv39(this, {
        vaLo: lo, vaHi: hi, access, priv: p,
        sum: (this.mstatus & MSTATUS_SUM) !== 0, mxr: (this.mstatus & MSTATUS_MXR) !== 0,
        root: this.satpRoot, updateAD: true,
      });
      if (r < 0) this.raise(r === WALK_PAGE_FAULT ? pageFaultCause[access] : accessFaultCause[access], lo, hi);
      pa = r;
    } else {
      if (hi !== 0) this.raise(accessFaultCause[access], lo, hi);
      pa = lo >>> 0;
    }
    if (!this.pmp.check(pa, size, access, p)) this.raise(accessFaultCause[access], lo, hi);
    const off = pa - RAM_BASE;
    if (off >= 0 && off < this.ramSize) {
      const page = Math.floor(off / 4096);
      const pageOff = page * 4096;
      if (!this.bus.overlaidPage[page] && !(access === Access.WRITE && (this.codePage[page] || this.reservedPage[page]))
          && (access === Access.EXECUTE || !this.triggers.dataArmed)
          && this.pmp.check(RAM_BASE + pageOff, 4096, access, p)) {
        const idx = (lo >>> 12) & TLB_MASK;
        this.tlb.tag[access][idx] = ((((hi & 0x7f) << 20) | (lo >>> 12)) << 2) | p;
        this.tlb.off[access][idx] = pageOff;
        if (access === Access.WRITE) this.writeMappedBy[page] |= 1 << this.tlb.slot;
      }
    }
    return pa;
  }

  /** A guest data trigger raises a breakpoint exception before the access; a debugger watchpoint stops the hart. */
  private checkDataTriggers(lo: number, hi: number, access: AccessKind, size: number, p: Priv): void {
    const va = hi * 4294967296 + (lo >>> 0);
    const hit = this.triggers.matchData(va, size, access === Access.WRITE ? 'write' : 'read', p);
    if (hit === -2) this.raise(DEBUG_STOP_CAUSE, lo, hi);
    if (hit >= 0) this.raise(Exc.BREAKPOINT, lo, hi);
  }

  // PteMemory: page-table walks read RAM only, checked by PMP as S-mode accesses (§3.7.1).
  pteLo = 0;
  pteHi = 0;
  loadPte(pa: number): boolean {
    const off = pa - RAM_BASE;
    if (off < 0 || off + 8 > this.ramSize || !this.pmp.check(pa, 8, Access.READ, 1)) return false;
    this.pteLo = this.i32[off >> 2];
    this.pteHi = this.i32[(off >> 2) + 1];
    return true;
  }
  storePte(pa: number, lo: number, hi: number): boolean {
    const off = pa - RAM_BASE;
    if (off < 0 || off + 8 > this.ramSize || !this.pmp.check(pa, 8, Access.WRITE, 1)) return false;
    this.i32[off >> 2] = lo;
    this.i32[(off >> 2) + 1] = hi;
    this.invalidateCode(off >>> PAGE_SHIFT);
    return true;
  }

  // ---------------------------------------------------------------- loads and stores

  ld8(lo: number, hi: number): number {
    if (hi === (hi << 25) >> 25) {
      const idx = (lo >>> 12) & TLB_MASK;
      if (this.tlbR[idx] === (((((hi & 0x7f) << 20) | (lo >>> 12)) << 2) | this.dataPriv)) {
        return this.u8[this.tlbROff[idx] + (lo & 0xfff)];
      }
    }
    return this.ldSlow(lo, hi, 1);
  }

  ld16(lo: number, hi: number): number {
    if (hi === (hi << 25) >> 25 && (lo & 1) === 0) {
      const idx = (lo >>> 12) & TLB_MASK;
      if (this.tlbR[idx] === (((((hi & 0x7f) << 20) | (lo >>> 12)) << 2) | this.dataPriv)) {
        return this.u16[(this.tlbROff[idx] + (lo & 0xfff)) >> 1];
      }
    }
    return this.ldSlow(lo, hi, 2);
  }

  ld32(lo: number, hi: number): number {
    if (hi === (hi << 25) >> 25 && (lo & 3) === 0) {
      const idx = (lo >>> 12) & TLB_MASK;
      if (this.tlbR[idx] === (((((hi & 0x7f) << 20) | (lo >>> 12)) << 2) | this.dataPriv)) {
        return this.i32[(this.tlbROff[idx] + (lo & 0xfff)) >> 2];
      }
    }
    return this.ldSlow(lo, hi, 4);
  }

  /** Returns the low word; the high word is left in `rh`. */
  ld64(lo: number, hi: number): number {
    if (hi === (hi << 25) >> 25 && (lo & 7) === 0) {
      const idx = (lo >>> 12) & TLB_MASK;
      if (this.tlbR[idx] === (((((hi & 0x7f) << 20) | (lo >>> 12)) << 2) | this.dataPriv)) {
        const w = (this.tlbROff[idx] + (lo & 0xfff)) >> 2;
        this.rh = this.i32[w + 1];
        return this.i32[w];
      }
    }
    return this.ldSlow(lo, hi, 8);
  }

  st8(lo: number, hi: number, v: number): void {
    if (hi === (hi << 25) >> 25) {
      const idx = (lo >>> 12) & TLB_MASK;
      if (this.tlbW[idx] === (((((hi & 0x7f) << 20) | (lo >>> 12)) << 2) | this.dataPriv)) {
        this.u8[this.tlbWOff[idx] + (lo & 0xfff)] = v;
        return;
      }
    }
    this.stSlow(lo, hi, 1, v, 0);
  }

  st16(lo: number, hi: number, v: number): void {
    if (hi === (hi << 25) >> 25 && (lo & 1) === 0) {
      const idx = (lo >>> 12) & TLB_MASK;
      if (this.tlbW[idx] === (((((hi & 0x7f) << 20) | (lo >>> 12)) << 2) | this.dataPriv)) {
        this.u16[(this.tlbWOff[idx] + (lo & 0xfff)) >> 1] = v;
        return;
      }
    }
    this.stSlow(lo, hi, 2, v, 0);
  }

  st32(lo: number, hi: number, v: number): void {
    if (hi === (hi << 25) >> 25 && (lo & 3) === 0) {
      const idx = (lo >>> 12) & TLB_MASK;
      if (this.tlbW[idx] === (((((hi & 0x7f) << 20) | (lo >>> 12)) << 2) | this.dataPriv)) {
        this.i32[(this.tlbWOff[idx] + (lo & 0xfff)) >> 2] = v;
        return;
      }
    }
    this.stSlow(lo, hi, 4, v, 0);
  }

  st64(lo: number, hi: number, vlo: number, vhi: number): void {
    if (hi === (hi << 25) >> 25 && (lo & 7) === 0) {
      const idx = (lo >>> 12) & TLB_MASK;
      if (this.tlbW[idx] === (((((hi & 0x7f) << 20) | (lo >>> 12)) << 2) | this.dataPriv)) {
        const w = (this.tlbWOff[idx] + (lo & 0xfff)) >> 2;
        this.i32[w] = vlo;
        this.i32[w + 1] = vhi;
        return;
      }
    }
    this.stSlow(lo, hi, 8, vlo, vhi);
  }

  /**
   * Misaligned accesses are performed one byte at a time, each byte translated on its own
   * (README "Misaligned accesses"); a fault reports the address of the faulting byte.
   */
  private ldSlow(lo: number, hi: number, size: number): number {
    if (lo & (size - 1)) {
      let rlo = 0;
      let rhi = 0;
      for (let k = 0; k < size; k += 1) {
        const blo = (lo + k) | 0;
        const bhi = (hi + ((blo >>> 0) < (lo >>> 0) ? 1 : 0)) | 0;
        const b = this.ldSlow(blo, bhi, 1);
        if (k < 4) rlo |= b << (8 * k);
        else rhi |= b << (8 * (k - 4));
      }
      this.rh = rhi;
      return rlo;
    }
    const pa = this.translate(lo, hi, Access.READ, size);
    const off = this.bus.ramOffset(pa, size);
    if (off >= 0) {
      if (size === 1) return this.u8[off];
      if (size === 2) return this.u16[off >> 1];
      if (size === 4) return this.i32[off >> 2];
      this.rh = this.i32[(off >> 2) + 1];
      return this.i32[off >> 2];
    }
    const v = this.bus.read(pa, size);
    if (v === undefined) return this.raise(Exc.LOAD_ACCESS, lo, hi);
    this.rh = bigHi(v);
    return size === 4 || size === 8 ? bigLo(v) : Number(v);
  }

  private stSlow(lo: number, hi: number, size: number, vlo: number, vhi: number): void {
    if (lo & (size - 1)) {
      // Translate every byte first so a fault leaves memory untouched.
      const pas: number[] = [];
      for (let k = 0; k < size; k += 1) {
        const blo = (lo + k) | 0;
        const bhi = (hi + ((blo >>> 0) < (lo >>> 0) ? 1 : 0)) | 0;
        pas.push(this.translate(blo, bhi, Access.WRITE, 1));
      }
      for (let k = 0; k < size; k += 1) {
        const byte = k < 4 ? (vlo >>> (8 * k)) & 0xff : (vhi >>> (8 * (k - 4))) & 0xff;
        if (!this.physStore(pas[k], 1, byte, 0)) this.raise(Exc.STORE_ACCESS, (lo + k) | 0, hi);
      }
      return;
    }
    const pa = this.translate(lo, hi, Access.WRITE, size);
    if (!this.physStore(pa, size, vlo, vhi)) this.raise(Exc.STORE_ACCESS, lo, hi);
  }

  /** A store to a physical address already checked by PMP; false = nothing there. */
  physStore(pa: number, size: number, vlo: number, vhi: number): boolean {
    const off = this.bus.ramOffset(pa, size);
    if (off >= 0) {
      if (size === 1) this.u8[off] = vlo;
      else if (size === 2) this.u16[off >> 1] = vlo;
      else if (size === 4) this.i32[off >> 2] = vlo;
      else {
        this.i32[off >> 2] = vlo;
        this.i32[(off >> 2) + 1] = vhi;
      }
      this.invalidateCode(off >>> PAGE_SHIFT);
      if (this.reservation >= 0 && (pa & ~7) === this.reservation) this.reservation = -1;
      if (this.group && this.reservedPage[off >>> PAGE_SHIFT]) this.group.storeSeen(off >>> PAGE_SHIFT, pa, size);
      return true;
    }
    const value = size === 8 ? pairToBig(vlo, vhi) : BigInt(vlo >>> 0) & ((1n << BigInt(size * 8)) - 1n);
    return this.bus.write(pa, size, value);
  }
}
