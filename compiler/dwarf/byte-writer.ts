// A growing little-endian byte buffer with the encodings DWARF uses (DWARF 4 §7.6 LEB128).
export class ByteWriter {
  private bytes = new Uint8Array(256);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const next = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }

  u8(v: number): this {
    this.room(1);
    this.bytes[this.length++] = v & 0xff;
    return this;
  }

  u16(v: number): this {
    return this.u8(v).u8(v >> 8);
  }

  u32(v: number): this {
    return this.u16(v & 0xffff).u16(v >>> 16);
  }

  u64(v: bigint): this {
    const x = BigInt.asUintN(64, v);
    return this.u32(Number(x & 0xffff_ffffn)).u32(Number(x >> 32n));
  }

  /** Overwrites a u32 already written (a length known only later). */
  patchU32(at: number, v: number): void {
    for (let i = 0; i < 4; i++) this.bytes[at + i] = (v >>> (8 * i)) & 0xff;
  }

  uleb(value: number | bigint): this {
    let v = BigInt(value);
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v !== 0n) byte |= 0x80;
      this.u8(byte);
    } while (v !== 0n);
    return this;
  }

  sleb(value: number | bigint): this {
    let v = BigInt(value);
    for (;;) {
      const byte = Number(v & 0x7fn);
      v >>= 7n;
      const done = (v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0);
      this.u8(done ? byte : byte | 0x80);
      if (done) return this;
    }
  }

  /** A NUL-terminated UTF-8 string (DW_FORM_string). */
  string(text: string): this {
    for (const b of Buffer.from(text, 'utf8')) this.u8(b);
    return this.u8(0);
  }

  append(other: ByteWriter | Uint8Array): this {
    const data = other instanceof ByteWriter ? other.finish() : other;
    this.room(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
    return this;
  }

  finish(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}
