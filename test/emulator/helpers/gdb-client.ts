// A scripted GDB remote-protocol client for the stub's tests: sends packets (or raw bytes)
// over TCP and reads the replies, acknowledging each as gdb does.
import { connect, type Socket } from 'node:net';
import { framePacket } from '../../../emulator/gdb-packets.js';

export class GdbClient {
  private buffer = '';
  private waiters: (() => void)[] = [];
  closed = false;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      for (const wake of this.waiters.splice(0)) wake();
    });
    socket.on('close', () => {
      this.closed = true;
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static open(port: number): Promise<GdbClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new GdbClient(socket)));
      socket.on('error', reject);
    });
  }

  raw(bytes: string | Uint8Array): void {
    this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }

  /** The next acknowledgement byte (`+` or `-`). */
  async ack(): Promise<string> {
    await this.until(() => /^[+-]/.test(this.buffer));
    const c = this.buffer[0];
    this.buffer = this.buffer.slice(1);
    return c;
  }

  /** The next whole packet's data (acknowledged with `+`). */
  async packet(timeoutMs = 30_000): Promise<string> {
    await this.until(() => /\$[^#]*#[0-9a-f]{2}/.test(this.buffer.replace(/^\++/, '')), timeoutMs);
    this.buffer = this.buffer.replace(/^\++/, '');
    const m = /^\$([^#]*)#[0-9a-f]{2}/.exec(this.buffer)!;
    this.buffer = this.buffer.slice(m[0].length);
    this.raw('+');
    return m[1].replace(/\}(.)/g, (_, c: string) => String.fromCharCode(c.charCodeAt(0) ^ 0x20));
  }

  /** Sends a packet and returns the reply's data. */
  async ask(data: string): Promise<string> {
    this.raw(framePacket(data));
    return this.packet();
  }

  close(): void {
    this.socket.destroy();
  }

  private async until(ready: () => boolean, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) {
      if (this.closed) throw new Error(`connection closed; unread: ${JSON.stringify(this.buffer)}`);
      if (Date.now() > deadline) throw new Error(`no reply in ${timeoutMs} ms; unread: ${JSON.stringify(this.buffer)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }
}
