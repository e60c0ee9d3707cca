// The machine as its users see it: its harts, the bus with RAM and the CLINT, and an API
// off the hot path (bigint values) for the security monitor, the loaders and tests. The
// monitor plays M-mode firmware through the trap hook (README "Trap hook contract").
// With several harts the scheduler gives them turns (scheduler.ts) and the register, pc
// and CSR calls below act on the hart whose turn it is (or that selectHart chose).

import { Bus, RAM_BASE, type Device } from './bus.js';
import { Hart, type Priv, type TrapHook, type HaltReason } from './hart.js';
import { Clint, CLINT_BASE, CLINT_SIZE } from './clint.js';
import { csrRead, csrWrite } from './csr-file.js';
import { walkSv39, WALK_PAGE_FAULT, type PteMemory } from './mmu.js';
import { accessFaultCause, pageFaultCause, type AccessKind } from './trap-cause.js';
import { bigLo, bigHi, pairToBig } from './int64.js';
import { HartGroup, MAX_HARTS } from './hart-group.js';
import { Scheduler, type SchedulePolicy } from './scheduler.js';

export { RAM_BASE } from './bus.js';
export type { Priv, TrapHook, TrapInfo, TrapHookResult, TrapLoop } from './hart.js';
export type { SchedulePolicy } from './scheduler.js';
export { MAX_HARTS } from './hart-group.js';

export interface MachineOptions {
  /** RAM bytes at RAM_BASE (0x8000_0000); default 64 MiB. */
  ramSize?: number;
  hartId?: number;
  /** Harts sharing RAM, the CLINT and the devices, numbered from hartId (default 1, at most MAX_HARTS). */
  harts?: number;
  /** How several harts take turns (default: round-robin, 1000 instructions a turn). */
  schedule?: SchedulePolicy;
  /** Translate hot blocks to JS functions (default true); false = predecoded stepping only. */
  translateBlocks?: boolean;
  /** Also translate hot regions to WebAssembly (default true; needs translateBlocks). */
  translateRegions?: boolean;
  /** Stop with reason 'trap-loop' when a trap re-enters itself with nothing retired (bare-metal boots). */
  detectTrapLoops?: boolean;
}

export type RunReason = 'hook-stop' | 'budget' | 'htif-exit' | 'wfi' | 'trap-loop' | 'debug';

export interface RunResult {
  reason: RunReason;
  /** Steps used from the budget (retired instructions plus traps taken). */
  steps: number;
  instret: number;
}

export type AccessName = 'read' | 'write' | 'execute';
export type TranslateResult = { pa: bigint } | { fault: number };

const ACCESS: Record<AccessName, AccessKind> = { read: 0, write: 1, execute: 2 };
const U64 = (1n << 64n) - 1n;

export class Machine {
  readonly bus: Bus;
  /** Every hart, by index (hart i has mhartid = hartId + i). */
  readonly harts: readonly Hart[];
  readonly clint: Clint;
  /** Gives several harts their turns; null for a lone hart, which runs directly. */
  readonly scheduler: Scheduler | null;
  private active: Hart;

  constructor(options: MachineOptions = {}) {
    const count = options.harts ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > MAX_HARTS) throw new RangeError(`harts must be 1..${MAX_HARTS}, not ${count}`);
    // Room in the bus's memory for every hart's state area (registers and TLB, read by translated code).
    this.bus = new Bus(options.ramSize ?? 64 * 1024 * 1024, count);
    const group = count > 1 ? new HartGroup(this.bus) : null;
    const harts: Hart[] = [];
    for (let i = 0; i < count; i += 1) {
      const hart = new Hart(this.bus, (options.hartId ?? 0) + i, group, i);
      group?.join(hart);
      hart.translateBlocks = options.translateBlocks ?? true;
      hart.translateRegions = options.translateRegions ?? true;
      hart.detectTrapLoops = options.detectTrapLoops ?? false;
      harts.push(hart);
    }
    this.harts = harts;
    this.active = harts[0];
    this.scheduler = group ? new Scheduler(harts, options.schedule ?? { kind: 'round-robin' }, (h) => (this.active = h)) : null;
    this.clint = new Clint(harts, () => this.active);
    this.bus.addDevice(CLINT_BASE, CLINT_SIZE, this.clint);
  }

  /** The hart whose turn it is (the one that trapped, inside a trap hook); hart 0 before any run. */
  get hart(): Hart {
    return this.active;
  }

  /** Makes hart `index` the one the register, pc, privilege and CSR calls act on. */
  selectHart(index: number): Hart {
    const hart = this.harts[index];
    if (hart === undefined) throw new RangeError(`no hart ${index} (this machine has ${this.harts.length})`);
    this.active = hart;
    return hart;
  }

  addDevice(base: number, size: number, device: Device): void {
    this.bus.addDevice(base, size, device);
    for (const h of this.harts) h.flushTlb();
  }

  /** Installs (or with null removes) the hook called instead of entering M-mode traps, on every hart. */
  setTrapHook(hook: TrapHook | null): void {
    for (const h of this.harts) h.trapHook = hook;
  }

  // ---- registers, pc, privilege: unsigned 64-bit bigints ----

  getReg(i: number): bigint {
    if (i <= 0 || i > 31) return 0n;
    return pairToBig(this.hart.xl[i], this.hart.xh[i]);
  }

  setReg(i: number, v: bigint): void {
    if (i <= 0 || i > 31) return;
    this.hart.xl[i] = bigLo(v);
    this.hart.xh[i] = bigHi(v);
  }

  get pc(): bigint {
    return this.hart.pcBig();
  }

  set pc(v: bigint) {
    this.hart.setPcBig(v);
  }

  get privilege(): Priv {
    return this.hart.priv;
  }

  set privilege(p: Priv) {
    this.hart.setPriv(p);
  }

  get instret(): number {
    return this.hart.instret;
  }

  /** Instructions retired by all harts together. */
  totalInstret(): number {
    let n = 0;
    for (const h of this.harts) n += h.instret;
    return n;
  }

  /**
   * Breaks the hart's LR/SC reservation: the next SC fails. Privileged spec §3.3.2 lets
   * an SC fail at any time and asks software to break reservations on context switches.
   */
  clearReservation(): void {
    this.hart.reservation = -1;
  }

  /** Raw CSR read (no privilege check); a CSR that does not exist reads as 0 (see hasCsr). */
  readCsr(addr: number): bigint {
    return csrRead(this.hart, addr) ?? 0n;
  }

  hasCsr(addr: number): boolean {
    return csrRead(this.hart, addr) !== undefined;
  }

  /** Raw CSR write with the CSR's WARL rules; false when the CSR does not exist. */
  writeCsr(addr: number, v: bigint): boolean {
    return csrWrite(this.hart, addr, v);
  }

  // ---- physical memory: RAM and devices, no PMP (the monitor is M-mode firmware) ----

  /** `len` bytes at `pa`; bytes outside RAM and devices read as 0 (see tryReadPhys). */
  readPhys(pa: bigint | number, len: number): Uint8Array {
    const start = Number(pa);
    const ramOff = start - RAM_BASE;
    if (ramOff >= 0 && ramOff + len <= this.bus.ramSize) return this.bus.u8.slice(ramOff, ramOff + len);
    const out = new Uint8Array(len);
    for (let k = 0; k < len; k += 1) {
      const off = start + k - RAM_BASE;
      out[k] = off >= 0 && off < this.bus.ramSize ? this.bus.u8[off] : Number(this.bus.read(start + k, 1) ?? 0n);
    }
    return out;
  }

  /** Fills `target` from physical memory at `pa`, as readPhys would, without allocating. */
  readPhysInto(pa: bigint | number, target: Uint8Array): void {
    const start = Number(pa);
    const off = start - RAM_BASE;
    if (off >= 0 && off + target.length <= this.bus.ramSize) {
      const u8 = this.bus.u8;
      for (let k = 0; k < target.length; k += 1) target[k] = u8[off + k];
    } else {
      target.set(this.readPhys(start, target.length));
    }
  }

  /**
   * Fills `target` with the words at `pa` (4-aligned, wholly in RAM: the monitor reading a
   * call struct it has translated), word by word: cheaper than byte copies on the IPC path.
   */
  readPhysWords(pa: number, target: Int32Array): void {
    const off = pa - RAM_BASE;
    if ((off & 3) !== 0 || off < 0 || off + target.length * 4 > this.bus.ramSize) {
      this.readPhysInto(pa, new Uint8Array(target.buffer, target.byteOffset, target.byteLength));
      return;
    }
    const i32 = this.bus.i32;
    const count = target.length;
    for (let k = 0, w = off >> 2; k < count; k += 1) target[k] = i32[w + k];
  }

  /** Writes `words` at `pa` as writePhys would (decoded code there is forgotten); false outside RAM. */
  writePhysWords(pa: number, words: Int32Array): boolean {
    const off = pa - RAM_BASE;
    if ((off & 3) !== 0 || off < 0 || off + words.length * 4 > this.bus.ramSize) {
      return this.writePhys(pa, new Uint8Array(words.buffer, words.byteOffset, words.byteLength));
    }
    const i32 = this.bus.i32;
    const count = words.length;
    for (let k = 0, w = off >> 2; k < count; k += 1) i32[w + k] = words[k];
    // A call struct lies in one page; a longer run may cross into the next.
    const last = (off + Math.max(count * 4, 1) - 1) >>> 12;
    for (let p = off >>> 12; p <= last; p += 1) this.hart.invalidateCode(p);
    return true;
  }

  /** `len` bytes at `pa`; undefined if any byte is outside RAM and devices. */
  tryReadPhys(pa: bigint | number, len: number): Uint8Array | undefined {
    const start = Number(pa);
    const off = start - RAM_BASE;
    if (off >= 0 && off + len <= this.bus.ramSize) return this.bus.u8.slice(off, off + len);
    const out = new Uint8Array(len);
    for (let k = 0; k < len; k += 1) {
      const b = this.bus.read(start + k, 1);
      if (b === undefined) return undefined;
      out[k] = Number(b);
    }
    return out;
  }

  /** Writes bytes at `pa`; false (and nothing written) if any byte is outside RAM. */
  writePhys(pa: bigint | number, bytes: Uint8Array): boolean {
    const start = Number(pa);
    const off = start - RAM_BASE;
    if (off >= 0 && off + bytes.length <= this.bus.ramSize) {
      this.bus.u8.set(bytes, off);
      this.stored(off, bytes.length);
      return true;
    }
    for (let k = 0; k < bytes.length; k += 1) if (!this.bus.write(start + k, 1, BigInt(bytes[k]))) return false;
    return true;
  }

  /** The little-endian doubleword at `pa`; 0 outside RAM and devices. */
  readPhys64(pa: bigint | number): bigint {
    const at = Number(pa);
    const off = at - RAM_BASE;
    // Aligned RAM (page tables, call structs): straight from the word array.
    if ((off & 7) === 0 && off >= 0 && off + 8 <= this.bus.ramSize && !this.bus.overlaidPage[off >>> 12]) {
      return pairToBig(this.bus.i32[off >> 2], this.bus.i32[(off >> 2) + 1]);
    }
    return this.bus.read(at, 8) ?? 0n;
  }

  /** Sets `len` bytes at `pa` to `value`; false if the range is not wholly RAM. */
  fillPhys(pa: bigint | number, len: number, value: number): boolean {
    const off = Number(pa) - RAM_BASE;
    if (off < 0 || off + len > this.bus.ramSize) return false;
    this.bus.u8.fill(value, off, off + len);
    this.stored(off, len);
    return true;
  }

  /** After the monitor or a loader wrote RAM at `off`: decoded code goes, other harts' reservations break. */
  private stored(off: number, len: number): void {
    const group = this.hart.group;
    for (let p = off >>> 12; p <= (off + Math.max(len, 1) - 1) >>> 12; p += 1) {
      this.hart.invalidateCode(p);
      if (group && group.reservationHolders[p]) group.storeSeen(p, RAM_BASE + off, len);
    }
  }

  writePhys64(pa: bigint | number, v: bigint): boolean {
    const at = Number(pa);
    const off = at - RAM_BASE;
    if ((off & 7) === 0 && off >= 0 && off + 8 <= this.bus.ramSize && !this.bus.overlaidPage[off >>> 12]) {
      this.bus.i32[off >> 2] = bigLo(v);
      this.bus.i32[(off >> 2) + 1] = bigHi(v);
      this.hart.invalidateCode(off >>> 12);
      if (this.hart.group) this.stored(off, 8);
      return true;
    }
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setBigUint64(0, v & U64, true);
    return this.writePhys(pa, bytes);
  }

  /**
   * Translates `va` under `satp` as a U-mode (or `priv`) access would, without setting A/D
   * bits or touching the TLB: Penglai's va_to_pa for the monitor. A fault gives its cause.
   */
  translate(va: bigint, access: AccessName, satp: bigint, priv: 0 | 1 = 0): TranslateResult {
    const kind = ACCESS[access];
    const lo = bigLo(va);
    const hi = bigHi(va);
    if (satp >> 60n !== 8n) return hi === 0 ? { pa: va & U64 } : { fault: accessFaultCause[kind] };
    if (hi !== (hi << 25) >> 25) return { fault: pageFaultCause[kind] };
    const ram = this.bus;
    const mem: PteMemory = {
      pteLo: 0,
      pteHi: 0,
      loadPte(pa: number): boolean {
        const off = pa - RAM_BASE;
        if (off < 0 || off + 8 > ram.ramSize) return false;
        this.pteLo = ram.i32[off >> 2];
        this.pteHi = ram.i32[(off >> 2) + 1];
        return true;
      },
      storePte: () => false,
    };
    const root = Number(satp & ((1n << 44n) - 1n)) * 4096;
    const r = walkSv39(mem, { vaLo: lo, vaHi: hi, access: kind, priv, sum: false, mxr: false, root, updateAD: false });
    if (r < 0) return { fault: r === WALK_PAGE_FAULT ? pageFaultCause[kind] : accessFaultCause[kind] };
    return { pa: BigInt(r) };
  }

  /** Forgets every cached translation (SFENCE.VMA x0, x0), on every hart (a shootdown). */
  flushTlb(): void {
    for (const h of this.harts) h.flushTlb();
  }

  /**
   * Forgets the cached translation of the page at `va` in the address space whose root
   * page table is at physical address `root` (satp.PPN * 4096): call after changing or
   * removing that page's mapping. Translations are tagged by root table (README "TLB and
   * address spaces"), so other spaces keep theirs.
   */
  flushTlbPage(root: number, va: bigint): void {
    for (const h of this.harts) h.flushTlbPage(root, bigLo(va));
  }

  /** Forgets every cached translation of the address space rooted at `root`: call before freeing its tables. */
  flushTlbSpace(root: number): void {
    for (const h of this.harts) h.flushTlbSpace(root);
  }

  /**
   * Runs until the budget is spent, the hook says stop, HTIF exits, or WFI can never wake.
   * With several harts the budget is shared by all of them, and `instret` counts all of
   * them; `hart` is then the hart that stopped the run.
   */
  run(maxInstructions: number): RunResult {
    if (this.scheduler) {
      const before = this.totalInstret();
      const r = this.scheduler.run(maxInstructions);
      return { reason: r.reason, steps: r.steps, instret: this.totalInstret() - before };
    }
    const start = this.hart.instret;
    const left = this.hart.run(maxInstructions);
    const halt: HaltReason | null = this.hart.halt;
    return {
      reason: halt ?? 'budget',
      steps: maxInstructions - left,
      instret: this.hart.instret - start,
    };
  }
}
