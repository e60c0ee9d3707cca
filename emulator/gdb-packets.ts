// The framing of the GDB remote serial protocol (gdb manual, "Overview" of Remote
// Protocol): `$data#cs` packets with a modulo-256 checksum, `+`/`-` acknowledgements,
// the `}` escape of binary data and the out-of-band interrupt byte 0x03. Anything else on
// the wire is skipped; a bad checksum is answered with `-` (a retransmission request).

/** The largest packet we accept; a longer one is dropped as malformed (and answered `-`). */
export const MAX_PACKET = 0x4000;

export type WireEvent =
  | { kind: 'packet'; data: string }
  | { kind: 'bad-packet' }
  | { kind: 'interrupt' }
  | { kind: 'ack' }
  | { kind: 'nak' };

/** Splits the incoming byte stream into events, across any chunking. */
export class PacketReader {
  private state: 'idle' | 'data' | 'escape' | 'sum1' | 'sum2' = 'idle';
  private data: number[] = [];
  private sum = 0;
  private given = '';

  push(chunk: Uint8Array): WireEvent[] {
    const events: WireEvent[] = [];
    for (const byte of chunk) {
      switch (this.state) {
        case 'idle':
          if (byte === 0x24) this.begin();
          else if (byte === 0x03) events.push({ kind: 'interrupt' });
          else if (byte === 0x2b) events.push({ kind: 'ack' });
          else if (byte === 0x2d) events.push({ kind: 'nak' });
          break;
        case 'data':
        case 'escape':
          if (byte === 0x23 && this.state === 'data') {
            this.state = 'sum1';
          } else if (byte === 0x24) {
            // A `$` inside a packet: the previous one was cut short; start again.
            events.push({ kind: 'bad-packet' });
            this.begin();
          } else {
            this.sum = (this.sum + byte) & 0xff;
            if (this.state === 'escape') {
              this.data.push(byte ^ 0x20);
              this.state = 'data';
            } else if (byte === 0x7d) this.state = 'escape';
            else this.data.push(byte);
            if (this.data.length > MAX_PACKET) {
              events.push({ kind: 'bad-packet' });
              this.state = 'idle';
            }
          }
          break;
        case 'sum1':
          this.given = String.fromCharCode(byte);
          this.state = 'sum2';
          break;
        case 'sum2': {
          this.given += String.fromCharCode(byte);
          this.state = 'idle';
          const ok = /^[0-9a-fA-F]{2}$/.test(this.given) && parseInt(this.given, 16) === this.sum;
          events.push(ok ? { kind: 'packet', data: String.fromCharCode(...this.data) } : { kind: 'bad-packet' });
          break;
        }
      }
    }
    return events;
  }

  private begin(): void {
    this.state = 'data';
    this.data = [];
    this.sum = 0;
  }
}

/** `$data#cs`, escaping the characters the protocol reserves. `data` holds bytes as chars. */
export function framePacket(data: string): Uint8Array {
  const out: number[] = [0x24];
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    let c = data.charCodeAt(i) & 0xff;
    if (c === 0x23 || c === 0x24 || c === 0x7d || c === 0x2a) {
      out.push(0x7d);
      sum += 0x7d;
      c ^= 0x20;
    }
    out.push(c);
    sum += c;
  }
  out.push(0x23, ...Buffer.from((sum & 0xff).toString(16).padStart(2, '0'), 'latin1'));
  return Uint8Array.from(out);
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** Even-length hex to bytes, or undefined when it is not hex. */
export function fromHex(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return undefined;
  return new Uint8Array(Buffer.from(text, 'hex'));
}

/** A register value as gdb expects it: 8 bytes, little endian, in hex. */
export function registerHex(value: bigint): string {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt.asUintN(64, value), true);
  return toHex(bytes);
}

export function registerFromHex(text: string): bigint | undefined {
  const bytes = fromHex(text);
  if (!bytes || bytes.length !== 8) return undefined;
  return new DataView(bytes.buffer).getBigUint64(0, true);
}

/** A hex number of at most 16 digits (an address or a length), or undefined. */
export function parseHexNumber(text: string): bigint | undefined {
  return /^[0-9a-fA-F]{1,16}$/.test(text) ? BigInt('0x' + text) : undefined;
}
