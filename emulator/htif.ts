// HTIF, the Berkeley host-target interface used by riscv-tests and spike: a `tohost`
// doubleword in RAM that the guest writes and the host polls, and `fromhost` for replies.
// device 0 / cmd 0 with bit 0 set: exit with status value >> 1; device 0 / cmd 0 with an
// even value: pointer to a "magic memory" syscall block (only write(64) and exit(93));
// device 1 / cmd 1: console putchar of the low byte.

import type { Bus, Device } from './bus.js';
import type { Hart } from './hart.js';

export class Htif implements Device {
  readonly name = 'htif';
  exitCode: number | null = null;
  private tohost = 0n;
  private fromhost = 0n;

  constructor(
    /** The hart to stop at exit: with several harts, the one that wrote tohost. */
    private readonly hart: Pick<Hart, 'requestHalt'>,
    private readonly bus: Bus,
    private readonly putchar: (byte: number) => void,
  ) {}

  /** The 8-byte `fromhost` register, mapped separately at the ELF's fromhost symbol. */
  readonly fromhostDevice: Device = {
    name: 'htif-fromhost',
    read: (offset, size) => (this.fromhost >> BigInt(offset * 8)) & ((1n << BigInt(size * 8)) - 1n),
    write: (offset, size, value) => {
      const shift = BigInt(offset * 8);
      const mask = ((1n << BigInt(size * 8)) - 1n) << shift;
      this.fromhost = (this.fromhost & ~mask) | ((value << shift) & mask);
      return true;
    },
  };

  /** tohost, offsets 0..7. */
  read(offset: number, size: number): bigint | undefined {
    return (this.tohost >> BigInt(offset * 8)) & ((1n << BigInt(size * 8)) - 1n);
  }

  write(offset: number, size: number, value: bigint): boolean {
    const shift = BigInt(offset * 8);
    const mask = ((1n << BigInt(size * 8)) - 1n) << shift;
    this.tohost = (this.tohost & ~mask) | ((value << shift) & mask);
    // A command is complete once its upper word is written (32-bit guests write two halves).
    if (offset + size === 8 && this.tohost !== 0n) this.command(this.tohost);
    return true;
  }

  private command(v: bigint): void {
    const device = Number(v >> 56n);
    const cmd = Number((v >> 48n) & 0xffn);
    const payload = v & ((1n << 48n) - 1n);
    this.tohost = 0n;
    if (device === 0 && cmd === 0) {
      if (payload & 1n) {
        this.exitCode = Number(BigInt.asIntN(32, payload >> 1n));
        this.hart.requestHalt('htif-exit');
        return;
      }
      this.syscall(Number(payload));
    } else if (device === 1 && cmd === 1) {
      this.putchar(Number(payload & 0xffn));
    }
    this.fromhost = (BigInt(device) << 56n) | (BigInt(cmd) << 48n) | 1n;
  }

  private syscall(block: number): void {
    const arg = (k: number): bigint => this.bus.read(block + 8 * k, 8) ?? 0n;
    const which = Number(arg(0));
    let result = -38n; // -ENOSYS
    if (which === 64) {
      const base = Number(arg(2));
      const len = Number(arg(3));
      for (let k = 0; k < len; k += 1) this.putchar(Number(this.bus.read(base + k, 1) ?? 0n));
      result = BigInt(len);
    } else if (which === 93) {
      this.exitCode = Number(BigInt.asIntN(32, arg(1)));
      this.hart.requestHalt('htif-exit');
      return;
    }
    this.bus.write(block, 8, BigInt.asUintN(64, result));
  }
}
