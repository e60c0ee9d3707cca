// A section while it is being assembled: bytes that grow, the current offset, its alignment.

import type { ObjectSection, SectionKind } from './object.js';

const NOP = 0x00000013; // addi x0, x0, 0: the padding GNU as uses for code alignment

export class SectionBuilder {
  private buffer = new Uint8Array(256);
  size = 0;
  alignment: number;

  constructor(
    readonly name: string,
    /** Undefined for sections we accept but do not link (.note.GNU-stack, .comment, ...). */
    readonly kind: SectionKind | undefined,
  ) {
    // Code is at least 4-byte aligned so a linked image starts every input on an instruction boundary.
    this.alignment = kind === 'text' ? 4 : 1;
  }

  get holdsBytes(): boolean {
    return this.kind !== 'bss' && this.kind !== undefined;
  }

  /** The bytes written so far, for patching in place. */
  get bytes(): Uint8Array {
    return this.buffer;
  }

  private reserve(count: number): void {
    if (!this.holdsBytes || this.size + count <= this.buffer.length) return;
    let capacity = this.buffer.length;
    while (capacity < this.size + count) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.buffer.subarray(0, this.size));
    this.buffer = grown;
  }

  append(bytes: ArrayLike<number>): void {
    this.reserve(bytes.length);
    if (this.holdsBytes) this.buffer.set(bytes, this.size);
    this.size += bytes.length;
  }

  appendLittleEndian(value: number, size: number): void {
    this.reserve(size);
    if (this.holdsBytes) {
      const buffer = this.buffer;
      for (let i = 0; i < size; i++) buffer[this.size + i] = (value >>> (8 * i)) & 0xff;
    }
    this.size += size;
  }

  fill(count: number, byte = 0): void {
    this.reserve(count);
    if (this.holdsBytes) this.buffer.fill(byte & 0xff, this.size, this.size + count);
    this.size += count;
  }

  /** Pad to a multiple of `alignment`; code is padded with nops so it stays executable. */
  align(alignment: number, fill?: number): void {
    this.alignment = Math.max(this.alignment, alignment);
    const padding = (alignment - (this.size % alignment)) % alignment;
    if (this.kind === 'text' && fill === undefined) {
      const odd = padding % 4;
      this.fill(odd);
      for (let i = 0; i < (padding - odd) / 4; i++) this.appendLittleEndian(NOP, 4);
    } else this.fill(padding, fill ?? 0);
  }

  toObjectSection(): ObjectSection {
    return {
      name: this.name,
      kind: this.kind!,
      bytes: this.holdsBytes ? this.buffer.slice(0, this.size) : new Uint8Array(0),
      size: this.size,
      alignment: this.alignment,
      relocations: [],
    };
  }
}
