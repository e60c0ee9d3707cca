// The physical memory map (TinyEMU style): RAM at RAM_BASE plus ranges claimed by devices.
// The hart reads RAM directly through typed-array views (the fast path); everything else
// reaches a device through `read`/`write` here. Unclaimed addresses answer undefined /
// false, which the hart turns into an access fault (privileged spec §3.6.1).

export const RAM_BASE = 0x8000_0000;
export const PAGE_SHIFT = 12;
export const PAGE_BYTES = 4096;

/** A memory-mapped device: offsets are relative to the range base, sizes 1/2/4/8. */
export interface Device {
  readonly name: string;
  read(offset: number, size: number): bigint | undefined;
  write(offset: number, size: number, value: bigint): boolean;
}

interface Range {
  base: number;
  size: number;
  device: Device;
}

/**
 * Bytes kept after RAM, in the same WebAssembly.Memory, per hart whose state translated code
 * reads and writes (registers, TLB tables; emulator/README.md "Region translation").
 */
export const HART_STATE_BYTES = 2 * 1024 * 1024;

export class Bus {
  readonly ramSize: number;
  /** RAM at byte 0, then the per-hart state area: one memory shared by JS views and wasm code. */
  readonly memory: WebAssembly.Memory;
  readonly ram: ArrayBuffer;
  readonly u8: Uint8Array;
  readonly i8: Int8Array;
  readonly u16: Uint16Array;
  readonly i32: Int32Array;
  readonly view: DataView;
  /** Per RAM page: 1 when a device range overlays part of it (never on the fast path). */
  readonly overlaidPage: Uint8Array;
  private readonly ranges: Range[] = [];
  private stateNext: number;
  private readonly stateEnd: number;

  /** `harts`: how many harts' state the memory has room for (each costs HART_STATE_BYTES). */
  constructor(ramSize: number, harts = 1) {
    // Whole pages only, so every RAM page can be mapped by the TLB.
    this.ramSize = Math.max(PAGE_BYTES, Math.ceil(ramSize / PAGE_BYTES) * PAGE_BYTES);
    const pages = Math.ceil((this.ramSize + harts * HART_STATE_BYTES) / 65536);
    // initial = maximum: the memory never grows, so its buffer (and every view) stays valid.
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    this.ram = this.memory.buffer;
    this.stateNext = this.ramSize;
    this.stateEnd = pages * 65536;
    this.u8 = new Uint8Array(this.ram, 0, this.ramSize);
    this.i8 = new Int8Array(this.ram, 0, this.ramSize);
    this.u16 = new Uint16Array(this.ram, 0, this.ramSize / 2);
    this.i32 = new Int32Array(this.ram, 0, this.ramSize / 4);
    this.view = new DataView(this.ram, 0, this.ramSize);
    this.overlaidPage = new Uint8Array(this.ramSize / PAGE_BYTES);
  }

  /** Reserves `bytes` (8-aligned) of the state area after RAM; its byte offset in `memory`. */
  allocState(bytes: number): number {
    const at = this.stateNext;
    if (at + bytes > this.stateEnd) throw new Error(`emulator: per-hart state area exhausted (${bytes} more bytes)`);
    this.stateNext = at + ((bytes + 7) & ~7);
    return at;
  }

  /** Claims [base, base+size) for a device; ranges may overlay RAM (e.g. HTIF tohost). */
  addDevice(base: number, size: number, device: Device): void {
    this.ranges.push({ base, size, device });
    for (let a = base; a < base + size; a += 1) {
      const off = a - RAM_BASE;
      if (off >= 0 && off < this.ramSize) this.overlaidPage[off >>> PAGE_SHIFT] = 1;
    }
  }

  /** Byte offset into RAM of `pa`, or -1 when the access is not wholly plain RAM. */
  ramOffset(pa: number, size: number): number {
    const off = pa - RAM_BASE;
    if (off < 0 || off + size > this.ramSize) return -1;
    if (this.overlaidPage[Math.floor(off / PAGE_BYTES)] && this.deviceAt(pa)) return -1;
    return off;
  }

  deviceAt(pa: number): Range | undefined {
    for (const r of this.ranges) if (pa >= r.base && pa < r.base + r.size) return r;
    return undefined;
  }

  /** A physical read of 1/2/4/8 bytes (little-endian) from RAM or a device. */
  read(pa: number, size: number): bigint | undefined {
    const r = this.deviceAt(pa);
    if (r) return pa + size <= r.base + r.size ? r.device.read(pa - r.base, size) : undefined;
    const off = this.ramOffset(pa, size);
    if (off < 0) return undefined;
    let v = 0n;
    for (let k = size - 1; k >= 0; k -= 1) v = (v << 8n) | BigInt(this.u8[off + k]);
    return v;
  }

  write(pa: number, size: number, value: bigint): boolean {
    const r = this.deviceAt(pa);
    if (r) return pa + size <= r.base + r.size ? r.device.write(pa - r.base, size, value) : false;
    const off = this.ramOffset(pa, size);
    if (off < 0) return false;
    for (let k = 0; k < size; k += 1) this.u8[off + k] = Number((value >> BigInt(8 * k)) & 0xffn);
    return true;
  }
}
