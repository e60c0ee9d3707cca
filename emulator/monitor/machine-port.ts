// What the monitor uses of the machine: registers, CSRs, physical memory, the TLB and
// the trap hook. The monitor imports the machine; the machine never imports the monitor.
export interface MonitorTrap {
  cause: number;
  interrupt: boolean;
  tval: bigint;
  epc: bigint;
  fromPriv: number;
}

export type TrapVerdict = 'resume' | 'stop' | 'architectural';

export interface MonitorMachine {
  getReg(index: number): bigint;
  setReg(index: number, value: bigint): void;
  pc: bigint;
  privilege: number;
  readCsr(address: number): bigint;
  writeCsr(address: number, value: bigint): void;
  readPhys(pa: number, length: number): Uint8Array;
  /** Copies physical memory at `pa` into `target` (no allocation: the IPC hot path). */
  readPhysInto(pa: number, target: Uint8Array): void;
  writePhys(pa: number, bytes: Uint8Array): void;
  /** Copies the words at `pa` into `target`, and back: call structs on the IPC hot path (4-aligned RAM is fastest). */
  readPhysWords(pa: number, target: Int32Array): void;
  writePhysWords(pa: number, words: Int32Array): void;
  readPhys64(pa: number): bigint;
  writePhys64(pa: number, value: bigint): void;
  fillPhys(pa: number, length: number, value: number): void;
  flushTlb(): void;
  /** Forgets the TLB entry of one page of the address space rooted at `root` (a mapping changed). */
  flushTlbPage(root: number, va: bigint): void;
  /** Forgets every TLB entry of the address space rooted at `root` (its tables are freed). */
  flushTlbSpace(root: number): void;
  /**
   * The hart's register file as 32-bit halves and its pc as the hart keeps it (a signed JS
   * number exact within ±2^53, NaN beyond with the exact value in `pcOverflow`), when the
   * machine exposes them: context switches with no bigint. Written only inside the trap
   * hook, which is what the hart expects (it drops its derived fetch state after the hook).
   */
  readonly hart?: {
    readonly xl: Int32Array;
    readonly xh: Int32Array;
    pc: number;
    pcOverflow: bigint | null;
    /**
     * satp as csrWrite sets it for a value it accepts unchanged, with the fields decoded by
     * the caller: `sv39` whether MODE is Sv39, `root` PPN * 4096 (all the monitor writes).
     */
    setSatpDecoded(value: bigint, sv39: boolean, root: number): void;
    readonly hartIndex?: number;
  };
  /** Every hart, when the machine has several (emulator/README.md "Several harts"). */
  readonly harts?: readonly unknown[];
  /** Makes hart `index` the one the calls above act on. */
  selectHart?(index: number): unknown;
  readonly instret: number;
  /** Breaks the LR/SC reservation (every domain switch does: privileged spec §3.3.2). */
  clearReservation(): void;
}
