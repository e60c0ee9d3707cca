// Patching a resolved value into an instruction or data field, shared by the assembler
// (references it can resolve itself) and the linker. Formulas follow the psABI relocation
// table: pc-relative kinds receive S + A - P, absolute kinds S + A; the %pcrel_lo12 pair
// receives the value of its %pcrel_hi20 partner, so both halves agree.

import { Layout, layoutMask, scatterImmediate, type ImmediateLayout } from './bit-fields.js';
import type { RelocationKind } from './object.js';

export const PC_RELATIVE_KINDS: ReadonlySet<RelocationKind> = new Set<RelocationKind>([
  'branch', 'jal', 'call', 'pcrel-hi20', 'pcrel-lo12-i', 'pcrel-lo12-s', 'rvc-branch', 'rvc-jump',
]);

function read32(bytes: Uint8Array, offset: number): number {
  return (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) >>> 0;
}
function write32(bytes: Uint8Array, offset: number, word: number): void {
  for (let i = 0; i < 4; i++) bytes[offset + i] = (word >>> (8 * i)) & 0xff;
}
function read16(bytes: Uint8Array, offset: number): number {
  return bytes[offset]! | (bytes[offset + 1]! << 8);
}
function write16(bytes: Uint8Array, offset: number, half: number): void {
  bytes[offset] = half & 0xff;
  bytes[offset + 1] = (half >>> 8) & 0xff;
}

function patch32(bytes: Uint8Array, offset: number, layout: ImmediateLayout, field: number): undefined {
  const word = read32(bytes, offset);
  write32(bytes, offset, ((word & ~layoutMask(layout)) | scatterImmediate(field, layout)) >>> 0);
  return undefined;
}
function patch16(bytes: Uint8Array, offset: number, layout: ImmediateLayout, field: number): undefined {
  const half = read16(bytes, offset);
  write16(bytes, offset, (half & ~layoutMask(layout)) | scatterImmediate(field, layout));
  return undefined;
}

/**
 * Patch `value` into the field at `offset`; returns a message when it cannot fit. The
 * arithmetic is on numbers: a bigint beyond 2^53 is out of range for every field but the
 * 64-bit one and the low 12-bit parts, which get its exact bits.
 */
export function applyRelocation(
  bytes: Uint8Array,
  offset: number,
  kind: RelocationKind,
  value: bigint | number,
): string | undefined {
  if (typeof value === 'number') return patchField(bytes, offset, kind, value, value);
  if (kind === 'abs64') {
    writeLittleEndian(bytes, offset, 8, value);
    return undefined;
  }
  if (value >= MIN_SAFE && value <= MAX_SAFE) return patchField(bytes, offset, kind, Number(value), value);
  const lowPart = kind === 'lo12-i' || kind === 'lo12-s' || kind === 'pcrel-lo12-i' || kind === 'pcrel-lo12-s';
  return patchField(bytes, offset, kind, Number(lowPart ? BigInt.asIntN(32, value) : value), value);
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const TWO_32 = 2 ** 32;

/** Checks a pc-relative offset of a `bits`-wide signed, even field; `shown` is the value as messages print it. */
function pcRelativeTarget(value: number, bits: number, what: string, shown: bigint | number): string | undefined {
  const limit = 2 ** (bits - 1);
  if (value < -limit || value >= limit) return `${what} target is ${shown} bytes away, outside the ±${limit} byte range`;
  if (value & 1) return `${what} target offset ${shown} is odd; targets must be 2-byte aligned`;
  return undefined;
}

function patchField(bytes: Uint8Array, offset: number, kind: RelocationKind, value: number, shown: bigint | number): string | undefined {
  const field = value >>> 0;
  switch (kind) {
    case 'branch':
      return pcRelativeTarget(value, 13, 'branch', shown) ?? patch32(bytes, offset, Layout.B, field);
    case 'jal':
      return pcRelativeTarget(value, 21, 'jump', shown) ?? patch32(bytes, offset, Layout.J, field);
    case 'rvc-branch':
      return pcRelativeTarget(value, 9, 'compressed branch', shown) ?? patch16(bytes, offset, Layout.C_B, field);
    case 'rvc-jump':
      return pcRelativeTarget(value, 12, 'compressed jump', shown) ?? patch16(bytes, offset, Layout.C_J, field);
    case 'call':
    case 'pcrel-hi20':
    case 'hi20': {
      // auipc/lui sign-extend their 32-bit result on RV64, so only ±2 GiB is reachable.
      if (value < -(2 ** 31) - 0x800 || value >= 2 ** 31 - 0x800) {
        return `value ${shown} does not fit a 32-bit ${kind === 'hi20' ? 'absolute' : 'pc-relative'} address`;
      }
      // The upper 20 bits, rounded so that the sign-extended low 12 bits bring the sum back.
      patch32(bytes, offset, Layout.U, Math.floor((value + 0x800) / 4096) & 0xfffff);
      if (kind === 'call') patch32(bytes, offset + 4, Layout.I, value & 0xfff);
      return undefined;
    }
    case 'lo12-i':
    case 'pcrel-lo12-i':
      return patch32(bytes, offset, Layout.I, value & 0xfff);
    case 'lo12-s':
    case 'pcrel-lo12-s':
      return patch32(bytes, offset, Layout.S, value & 0xfff);
    case 'abs8':
    case 'abs16':
    case 'abs32': {
      const size = kind === 'abs8' ? 1 : kind === 'abs16' ? 2 : 4;
      const bits = size * 8;
      if (value < -(2 ** (bits - 1)) || value >= 2 ** bits) return `value ${shown} does not fit in ${size} byte${size > 1 ? 's' : ''}`;
      for (let i = 0; i < size; i++) bytes[offset + i] = (field >>> (8 * i)) & 0xff;
      return undefined;
    }
    case 'abs64': {
      if (value < 0) {
        writeLittleEndian(bytes, offset, 8, BigInt(value));
        return undefined;
      }
      const high = Math.floor(value / TWO_32);
      for (let i = 0; i < 4; i++) bytes[offset + i] = (field >>> (8 * i)) & 0xff;
      for (let i = 0; i < 4; i++) bytes[offset + 4 + i] = (high >>> (8 * i)) & 0xff;
      return undefined;
    }
  }
}

export function writeLittleEndian(bytes: Uint8Array, offset: number, size: number, value: bigint): void {
  let v = BigInt.asUintN(size * 8, value);
  for (let i = 0; i < size; i++) {
    bytes[offset + i] = Number(v & 0xffn);
    v >>= 8n;
  }
}
