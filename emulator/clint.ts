// The CLINT (SiFive core-local interruptor layout, as in qemu virt): msip of hart i at
// +0x0 + 4i, mtimecmp of hart i at +0x4000 + 8i, the one mtime at +0xBFF8. mtime is derived
// from the retired-instruction count (README "Time"), so the machine is deterministic; the
// accessing hart's clock answers, and a write sets every hart's clock.

import type { Device } from './bus.js';
import type { Hart } from './hart.js';

export const CLINT_BASE = 0x0200_0000;
export const CLINT_SIZE = 0x1_0000;
const MSIP = 0x0;
const MTIMECMP = 0x4000;
const MTIME = 0xbff8;

export class Clint implements Device {
  readonly name = 'clint';
  /** `harts` in hart-index order; `accessing` is the hart whose load or store reaches the CLINT. */
  constructor(private readonly harts: readonly Hart[], private readonly accessing: () => Hart) {}

  read(offset: number, size: number): bigint | undefined {
    const n = this.harts.length;
    let reg: bigint;
    let base: number;
    if (offset >= MSIP && offset < MSIP + 4 * n) {
      base = offset - (offset % 4);
      reg = BigInt(this.harts[base / 4].msip);
    } else if (offset >= MTIMECMP && offset < MTIMECMP + 8 * n) {
      base = offset - (offset % 8);
      reg = toU64(this.harts[(base - MTIMECMP) / 8].mtimecmp);
    } else if (offset >= MTIME && offset < MTIME + 8) [reg, base] = [BigInt(this.accessing().mtime()), MTIME];
    else return 0n;
    const shift = BigInt((offset - base) * 8);
    return (reg >> shift) & ((1n << BigInt(size * 8)) - 1n);
  }

  write(offset: number, size: number, value: bigint): boolean {
    const n = this.harts.length;
    if (offset >= MSIP && offset < MSIP + 4 * n) {
      if (offset % 4 !== 0) return true;
      const h = this.harts[offset / 4];
      h.msip = Number(value & 1n);
      h.requestInterruptCheck();
    } else if (offset >= MTIMECMP && offset < MTIMECMP + 8 * n) {
      const base = offset - (offset % 8);
      const h = this.harts[(base - MTIMECMP) / 8];
      h.mtimecmp = fromU64(merge(toU64(h.mtimecmp), offset - base, size, value));
      h.requestInterruptCheck();
    } else if (offset >= MTIME && offset < MTIME + 8) {
      const next = Number(merge(BigInt(this.accessing().mtime()), offset - MTIME, size, value));
      for (const h of this.harts) {
        h.timeOffset += next - h.mtime();
        h.requestInterruptCheck();
      }
    } else {
      this.accessing().requestInterruptCheck();
    }
    return true;
  }
}

function merge(old: bigint, byteOffset: number, size: number, value: bigint): bigint {
  const shift = BigInt(byteOffset * 8);
  const mask = ((1n << BigInt(size * 8)) - 1n) << shift;
  return (old & ~mask) | ((value << shift) & mask);
}

const MAX = (1n << 64n) - 1n;
function toU64(v: number): bigint {
  return Number.isFinite(v) ? BigInt(Math.floor(v)) : MAX;
}
/** mtimecmp = 2^64-1 (its usual "never" value) is kept as Infinity. */
function fromU64(v: bigint): number {
  return v === MAX ? Infinity : Number(v);
}
