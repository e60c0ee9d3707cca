// The LSP base protocol reader ("Base Protocol": header part, `\r\n\r\n`, content part) that
// survives a misbehaving peer. vscode-jsonrpc's own reader stops for good at a header
// without Content-Length (the unread body is then parsed as the next header, forever);
// here every framing or JSON fault is answered with a JSON-RPC error (id null, as JSON-RPC
// 2.0 §5 prescribes when the id cannot be known) and reading resumes at the next header.
// It also lets the server see each message as it arrives, before the connection queues it
// (server.ts uses that to skip work that later edits would make stale).
import { AbstractMessageReader, type DataCallback, type Disposable, type Message } from 'vscode-languageserver';

/** JSON-RPC 2.0 error codes for what a reader can detect. */
export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;

/** A message body larger than this is refused rather than buffered (no editor sends such). */
const MAX_CONTENT_LENGTH = 64 * 1024 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n');
/** Where the next header starts: bodies are not newline-terminated, so it may follow one directly. */
const CONTENT_LENGTH = /content-length[ \t]*:/i;

export interface ProtocolFault {
  code: number;
  message: string;
  /** The request id when the content parsed far enough to have one. */
  id: number | string | null;
}

export interface RecoveringReaderOptions {
  /** Called for every fault; the server answers it and logs it. */
  onFault: (fault: ProtocolFault) => void;
  /** Called for every well-formed message as it arrives, before it is handed on. */
  onArrival?: (message: Message) => void;
}

export class RecoveringMessageReader extends AbstractMessageReader {
  private buffer: Buffer = Buffer.alloc(0);
  /** Content bytes still expected for the current message, or -1 while reading a header. */
  private contentLength = -1;
  /** After a bad header: discard input up to the next `Content-Length` header. */
  private resyncing = false;
  private callback: DataCallback | undefined;

  constructor(private readonly input: NodeJS.ReadableStream, private readonly options: RecoveringReaderOptions) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (data: Buffer | string) => this.onData(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    const onError = (error: Error) => this.fireError(error);
    const onClose = () => this.fireClose();
    this.input.on('data', onData);
    this.input.on('error', onError);
    this.input.on('end', onClose);
    this.input.on('close', onClose);
    return {
      dispose: () => {
        this.input.off('data', onData);
        this.input.off('error', onError);
        this.input.off('end', onClose);
        this.input.off('close', onClose);
      },
    };
  }

  private onData(data: Buffer): void {
    this.buffer = this.buffer.length === 0 ? data : Buffer.concat([this.buffer, data]);
    for (;;) {
      if (this.resyncing && !this.resync()) return;
      if (this.contentLength < 0) {
        const end = this.buffer.indexOf(HEADER_END);
        if (end < 0) {
          // A header part that never ends is as bad as one without Content-Length.
          if (this.buffer.length > 8192) {
            this.buffer = this.buffer.subarray(1);
            this.badHeader('a message header longer than 8 KiB without an end (\\r\\n\\r\\n)');
            continue;
          }
          return;
        }
        const header = this.buffer.subarray(0, end).toString('ascii');
        const length = contentLengthOf(header);
        if (typeof length === 'string') {
          // Junk glued in front of a good header lands in the same header part: resume at
          // the next Content-Length after this header's first byte, which may be inside it.
          this.buffer = this.buffer.subarray(1);
          this.badHeader(length);
          continue;
        }
        this.buffer = this.buffer.subarray(end + HEADER_END.length);
        this.contentLength = length;
      }
      if (this.buffer.length < this.contentLength) return;
      const content = this.buffer.subarray(0, this.contentLength);
      this.buffer = this.buffer.subarray(this.contentLength);
      this.contentLength = -1;
      this.deliver(content);
    }
  }

  /** Drops input up to the next Content-Length header line; false when it has not arrived yet. */
  private resync(): boolean {
    const text = this.buffer.toString('latin1');
    const match = CONTENT_LENGTH.exec(text);
    if (!match) {
      // Keep a tail that could be the start of a split "Content-Length".
      this.buffer = this.buffer.subarray(Math.max(0, this.buffer.length - 16));
      return false;
    }
    this.buffer = this.buffer.subarray(match.index);
    this.resyncing = false;
    return true;
  }

  private badHeader(why: string): void {
    this.options.onFault({ code: PARSE_ERROR, message: `${why}; skipped to the next Content-Length header`, id: null });
    this.resyncing = true;
  }

  private deliver(content: Buffer): void {
    let message: unknown;
    try {
      message = JSON.parse(content.toString('utf8'));
    } catch (error) {
      this.options.onFault({ code: PARSE_ERROR, message: `the message content is not JSON: ${(error as Error).message}`, id: null });
      return;
    }
    if (!isMessage(message)) {
      const id = idOf(message);
      this.options.onFault({ code: INVALID_REQUEST, message: 'the message is not a JSON-RPC 2.0 request, notification or response', id });
      return;
    }
    this.options.onArrival?.(message);
    this.callback?.(message);
  }
}

/** The Content-Length of a header part, or why there is none (Base Protocol "Header Part"). */
function contentLengthOf(header: string): number | string {
  let length: number | undefined;
  for (const line of header.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) return `a malformed header line ${JSON.stringify(line.slice(0, 60))} (expected "Name: value")`;
    if (line.slice(0, colon).trim().toLowerCase() !== 'content-length') continue;
    const value = line.slice(colon + 1).trim();
    if (!/^\d+$/.test(value)) return `Content-Length ${JSON.stringify(value.slice(0, 30))} is not a number`;
    length = Number(value);
  }
  if (length === undefined) return 'a message header without Content-Length';
  if (length > MAX_CONTENT_LENGTH) return `Content-Length ${length} is larger than ${MAX_CONTENT_LENGTH} bytes`;
  return length;
}

function isMessage(value: unknown): value is Message {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const m = value as Record<string, unknown>;
  if (m.jsonrpc !== '2.0') return false;
  const idOk = m.id === undefined || m.id === null || typeof m.id === 'number' || typeof m.id === 'string';
  if (typeof m.method === 'string') return idOk;
  // A response: an id and exactly one of result / error.
  return idOk && m.id !== undefined && ('result' in m) !== ('error' in m);
}

function idOf(value: unknown): number | string | null {
  if (typeof value !== 'object' || value === null) return null;
  const id = (value as Record<string, unknown>).id;
  return typeof id === 'number' || typeof id === 'string' ? id : null;
}
