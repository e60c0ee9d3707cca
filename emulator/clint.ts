// The CLINT (SiFive core-local interruptor layout, as in qemu virt): msip at +0x0,
// mtimecmp at +0x4000, mtime at +0xBFF8. mtime is derived from the retired-instruction
// count (README "Time"), so the machine is deterministic.

import type { Device } from './bus.js';
import type { Hart } from './hart.js';

export const CLINT_BASE = 0x0200_0000;
export const CLINT_SIZE = 0x1_0000;
const MSIP = 0x0;
const MTIMECMP = 0x4000;
const MTIME = 0xbff8;

export class Clint implements Device {
  readonly name = 'clint';
  constructor(private readonly hart: Hart) {}

  read(offset: number, size: number): bigint | undefined {
    const h = this.hart;
    let reg: bigint;
    let base: number;
    if (offset >= MSIP && offset < MSIP + 4) [reg, base] = [BigInt(h.msip), MSIP];
    else if (offset >= MTIMECMP && offset < MTIMECMP + 8) [reg, base] = [toU64(h.mtimecmp), MTIMECMP];
    else if (offset >= MTIME && offset < MTIME + 8) [reg, base] = [BigInt(h.mtime()), MTIME];
    else return 0n;
    const shift = BigInt((offset - base) * 8);
    return (reg >> shift) & ((1n << BigInt(size * 8)) - 1n);
  }

  write(offset: number, size: number, value: bigint): boolean {
    const h = this.hart;
    if (offset === MSIP) {
      h.msip = Number(value & 1n);
    } else if (offset >= MTIMECMP && offset < MTIMECMP + 8) {
      h.mtimecmp = fromU64(merge(toU64(h.mtimecmp), offset - MTIMECMP, size, value));
    } else if (offset >= MTIME && offset < MTIME + 8) {
      const next = merge(BigInt(h.mtime()), offset - MTIME, size, value);
      h.timeOffset += Number(next) - h.mtime();
    }
    h.requestInterruptCheck();
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
