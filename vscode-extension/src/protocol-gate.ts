// The lifecycle and ordering rules of LSP 3.17 that sit below the feature handlers, plugged
// into vscode-jsonrpc through its own hooks (ConnectionOptions.messageStrategy and
// connectionStrategy.cancelUndispatched):
// - before `initialize`, a request is answered ServerNotInitialized (-32002) and a
//   notification other than `exit` is dropped; after `shutdown`, requests get InvalidRequest;
// - `$/cancelRequest` for a request still queued answers it RequestCancelled (-32800) at once;
// - per document, the edits received but not yet applied, so the server can skip work that
//   those edits are about to make stale (server.ts);
// - reader faults (protocol-reader.ts) are answered and logged.
import { ErrorCodes, LSPErrorCodes, type ConnectionOptions, type Message, type MessageWriter, type RequestMessage, type ResponseMessage } from 'vscode-languageserver';
import type { ProtocolFault } from './protocol-reader.js';

const CANCEL = '$/cancelRequest';
const EDIT_NOTIFICATIONS = new Set(['textDocument/didOpen', 'textDocument/didChange', 'textDocument/didClose']);

type Incoming = Message & { method?: string; id?: number | string | null; params?: unknown };

function editedUri(message: Incoming): string | undefined {
  if (message.id !== undefined || !message.method || !EDIT_NOTIFICATIONS.has(message.method)) return undefined;
  const uri = (message.params as { textDocument?: { uri?: unknown } } | undefined)?.textDocument?.uri;
  return typeof uri === 'string' ? uri : undefined;
}

export class ProtocolGate {
  /** Where warnings go once the connection exists (window/logMessage). */
  log: (message: string) => void = () => {};
  private initialized = false;
  private shutDown = false;
  /** Per URI: edit notifications received by the reader and not yet dispatched. */
  private readonly queuedEdits = new Map<string, number>();
  /** Messages received and not yet dispatched (cancellations are handled on arrival, not counted). */
  private waiting = 0;

  constructor(private readonly writer: MessageWriter) {}

  /** Called by the reader for each message as it arrives, ahead of the dispatch queue. */
  arrived(message: Message): void {
    if ((message as Incoming).method !== CANCEL) this.waiting += 1;
    const uri = editedUri(message as Incoming);
    if (uri !== undefined) this.queuedEdits.set(uri, (this.queuedEdits.get(uri) ?? 0) + 1);
  }

  /** How many received messages wait for dispatch. */
  get queued(): number {
    return this.waiting;
  }

  /** Whether edits of `uri` have arrived that the handlers have not seen yet. */
  editsPending(uri: string): boolean {
    return (this.queuedEdits.get(uri) ?? 0) > 0;
  }

  answerFault(fault: ProtocolFault): void {
    this.reply(fault.id, fault.code, fault.message);
    this.log(`penglaic: protocol error ${fault.code}: ${fault.message}`);
  }

  connectionOptions(): ConnectionOptions {
    return {
      connectionStrategy: {
        cancelUndispatched: (message: Message) => this.cancelled(message),
      },
      messageStrategy: { handleMessage: (message, next) => this.dispatch(message as Incoming, next) },
    };
  }

  /** The answer to a request cancelled while it waited in the queue (it is dropped from it). */
  private cancelled(message: Message): ResponseMessage {
    this.waiting -= 1;
    return {
      jsonrpc: '2.0',
      id: (message as RequestMessage).id,
      error: { code: LSPErrorCodes.RequestCancelled, message: `${(message as RequestMessage).method} was cancelled before it ran` },
    };
  }

  private dispatch(message: Incoming, next: (message: Message) => void | Promise<void>): void | Promise<void> {
    if (message.method !== CANCEL) this.waiting -= 1;
    const uri = editedUri(message);
    if (uri !== undefined) {
      const left = (this.queuedEdits.get(uri) ?? 1) - 1;
      if (left > 0) this.queuedEdits.set(uri, left);
      else this.queuedEdits.delete(uri);
    }
    const isRequest = typeof message.method === 'string' && message.id !== undefined;
    if (!this.initialized) {
      if (isRequest && message.method === 'initialize') {
        this.initialized = true;
        return next(message);
      }
      if (isRequest) {
        this.reply(message.id ?? null, ErrorCodes.ServerNotInitialized, `the server is not initialized: \`${message.method}\` arrived before \`initialize\``);
        return;
      }
      // Notifications before initialize are dropped, except exit (LSP 3.17 "Initialize Request").
      if (message.method !== 'exit' && message.method !== undefined) return;
      return next(message);
    }
    if (isRequest && this.shutDown) {
      this.reply(message.id ?? null, ErrorCodes.InvalidRequest, `\`${message.method}\` arrived after \`shutdown\``);
      return;
    }
    if (isRequest && message.method === 'shutdown') this.shutDown = true;
    return next(message);
  }

  private reply(id: number | string | null, code: number, text: string): void {
    this.writer.write({ jsonrpc: '2.0', id, error: { code, message: text } } as Message).catch(() => {});
  }
}
