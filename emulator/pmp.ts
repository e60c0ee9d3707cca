// Physical memory protection, 16 entries (privileged spec v1.12 §3.7). Address ranges are
// recomputed on every CSR write so a check is a scan over plain numbers.
//
// Policy beyond the spec, following qemu: while every entry is OFF, S/U accesses are
// allowed (the spec would deny them once any entry is implemented). This lets programs
// that never program PMP run in S/U-mode, as they do under qemu.

import type { AccessKind } from './trap-cause.js';

export const PMP_ENTRIES = 16;
const MODE_OFF = 0;
const MODE_TOR = 1;
const MODE_NA4 = 2;
const MODE_NAPOT = 3;
const LOCK = 0x80;
const ADDR_MASK = (1n << 54n) - 1n;

export class Pmp {
  readonly cfg = new Uint8Array(PMP_ENTRIES);
  readonly addr: bigint[] = new Array<bigint>(PMP_ENTRIES).fill(0n);
  private readonly lo = new Float64Array(PMP_ENTRIES);
  private readonly hi = new Float64Array(PMP_ENTRIES);
  /** True when at least one entry is not OFF. */
  active = false;

  /** pmpcfg0 / pmpcfg2 on RV64 (odd numbers do not exist on RV64). */
  readCfg(reg: number): bigint {
    let v = 0n;
    for (let k = 7; k >= 0; k -= 1) v = (v << 8n) | BigInt(this.cfg[reg * 4 + k]);
    return v;
  }

  writeCfg(reg: number, value: bigint): void {
    for (let k = 0; k < 8; k += 1) {
      const i = reg * 4 + k;
      if (this.cfg[i] & LOCK) continue;
      let c = Number((value >> BigInt(8 * k)) & 0xffn) & 0x9f;
      // R=0,W=1 is reserved (§3.7.1): keep it unreachable by dropping W.
      if ((c & 3) === 2) c &= ~2;
      this.cfg[i] = c;
    }
    this.recompute();
  }

  readAddr(i: number): bigint {
    return this.addr[i];
  }

  writeAddr(i: number, value: bigint): void {
    if (this.cfg[i] & LOCK) return;
    if (i + 1 < PMP_ENTRIES && this.cfg[i + 1] & LOCK && ((this.cfg[i + 1] >> 3) & 3) === MODE_TOR) return;
    this.addr[i] = value & ADDR_MASK;
    this.recompute();
  }

  private recompute(): void {
    this.active = false;
    for (let i = 0; i < PMP_ENTRIES; i += 1) {
      const mode = (this.cfg[i] >> 3) & 3;
      const a = this.addr[i];
      let lo = 0n;
      let hi = 0n;
      if (mode !== MODE_OFF) this.active = true;
      if (mode === MODE_TOR) {
        lo = i === 0 ? 0n : this.addr[i - 1] << 2n;
        hi = a << 2n;
      } else if (mode === MODE_NA4) {
        lo = a << 2n;
        hi = lo + 4n;
      } else if (mode === MODE_NAPOT) {
        let ones = 0n;
        while (ones < 54n && (a >> ones) & 1n) ones += 1n;
        const size = 1n << (ones + 3n);
        lo = (a << 2n) & ~(size - 1n);
        hi = lo + size;
      }
      this.lo[i] = Number(lo);
      this.hi[i] = Number(hi);
    }
  }

  /** May `priv` perform `access` on [pa, pa+size)? (§3.7.1: lowest-numbered match wins.) */
  check(pa: number, size: number, access: AccessKind, priv: number): boolean {
    if (!this.active) return true;
    const end = pa + size;
    for (let i = 0; i < PMP_ENTRIES; i += 1) {
      const c = this.cfg[i];
      if (((c >> 3) & 3) === MODE_OFF) continue;
      const lo = this.lo[i];
      const hi = this.hi[i];
      if (end <= lo || pa >= hi) continue;
      // A partial match fails the access whatever the permissions.
      if (pa < lo || end > hi) return false;
      if (priv === 3 && !(c & LOCK)) return true;
      const bit = access === 0 ? 1 : access === 1 ? 2 : 4;
      return (c & bit) !== 0;
    }
    return priv === 3;
  }
}
