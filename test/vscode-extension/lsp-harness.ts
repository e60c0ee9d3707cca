// An in-process LSP client for tests: the server runs on a pair of in-memory streams, sources
// carry cursor markers (`<|>`) that become positions, and helpers wait for exactly the answer
// the test asserts on.
import { PassThrough } from 'node:stream';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, Position, PublishDiagnosticsParams, Range } from 'vscode-languageserver';
import { startLanguageServer, type LanguageServerOptions } from '../../vscode-extension/src/server.js';

export const MARKER = '<|>';

/** Removes every `<|>` and returns the clean text with the marker positions, in order. */
export function extractMarkers(marked: string): { text: string; positions: Position[]; offsets: number[] } {
  const positions: Position[] = [];
  const offsets: number[] = [];
  let text = '';
  let rest = marked;
  for (;;) {
    const at = rest.indexOf(MARKER);
    if (at < 0) break;
    text += rest.slice(0, at);
    rest = rest.slice(at + MARKER.length);
    offsets.push(text.length);
    const lines = text.split('\n');
    positions.push({ line: lines.length - 1, character: lines[lines.length - 1].length });
  }
  return { text: text + rest, positions, offsets };
}

export interface TestClient {
  connection: MessageConnection;
  /** Opens a document and returns the marker positions of its text. */
  open(uri: string, marked: string): Promise<Position[]>;
  change(uri: string, version: number, changes: { range?: Range; text: string }[]): Promise<void>;
  /** The first diagnostics published for `uri` at `version` (or any version when omitted) after the call. */
  nextDiagnostics(uri: string, version?: number): Promise<Diagnostic[]>;
  request<R>(method: string, params: unknown): Promise<R>;
  /** Every diagnostics notification received so far, in order. */
  published: PublishDiagnosticsParams[];
  /** window/logMessage notifications, in order. */
  logs: { type: number; message: string }[];
  /** Capabilities the server registered with client/registerCapability. */
  registrations: { method: string; registerOptions?: unknown }[];
  /** Writes bytes to the server as they are, framing and all (for protocol tests). */
  writeRaw(bytes: string | Uint8Array): void;
  close(): void;
}

export interface TestClientOptions {
  /** ClientCapabilities sent with initialize. */
  capabilities?: Record<string, unknown>;
  /** Skip initialize/initialized (for lifecycle tests). */
  uninitialized?: boolean;
  /** More initialize parameters (`workspaceFolders`, `rootUri`). */
  initialize?: Record<string, unknown>;
}

/** One base-protocol frame (LSP "Base Protocol"): a Content-Length header and the JSON content. */
export function frame(message: unknown): string {
  const json = JSON.stringify(message);
  return `Content-Length: ${Buffer.byteLength(json, 'utf8')}\r\n\r\n${json}`;
}

export async function startTestClient(options: LanguageServerOptions = {}, clientOptions: TestClientOptions = {}): Promise<TestClient> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  startLanguageServer(toServer, toClient, options);
  const published: PublishDiagnosticsParams[] = [];
  const logs: TestClient['logs'] = [];
  const registrations: TestClient['registrations'] = [];
  const connection = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
    logs.push(params);
  });
  connection.onRequest('client/registerCapability', (params: { registrations: TestClient['registrations'] }) => {
    registrations.push(...params.registrations);
    return null;
  });
  const waiting: { uri: string; version?: number; resolve: (d: Diagnostic[]) => void }[] = [];
  const latest = new Map<string, PublishDiagnosticsParams>();
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    latest.set(params.uri, params);
    published.push(params);
    for (let i = 0; i < waiting.length; i++) {
      const w = waiting[i];
      if (w.uri === params.uri && (w.version === undefined || w.version === params.version)) {
        waiting.splice(i--, 1);
        w.resolve(params.diagnostics);
      }
    }
  });
  connection.listen();
  if (!clientOptions.uninitialized) {
    await connection.sendRequest('initialize', { processId: null, rootUri: null, capabilities: clientOptions.capabilities ?? {}, ...clientOptions.initialize });
    await connection.sendNotification('initialized', {});
  }
  const versions = new Map<string, number>();
  return {
    connection,
    published,
    logs,
    registrations,
    writeRaw(bytes) {
      toServer.write(bytes);
    },
    async open(uri, marked) {
      const { text, positions } = extractMarkers(marked);
      versions.set(uri, 1);
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'penglai', version: 1, text } });
      return positions;
    },
    async change(uri, version, changes) {
      versions.set(uri, version);
      await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    },
    nextDiagnostics(uri, version) {
      const ready = latest.get(uri);
      if (ready && (version === undefined || ready.version === version)) return Promise.resolve(ready.diagnostics);
      return new Promise((resolve) => waiting.push({ uri, version, resolve }));
    },
    request(method, params) {
      return connection.sendRequest(method, params);
    },
    close() {
      connection.dispose();
      toServer.end();
    },
  };
}

/** `line:col-line:col`, 1-based like the CLI prints, so expectations read like diagnostics. */
export function showRange(range: Range): string {
  return `${range.start.line + 1}:${range.start.character + 1}-${range.end.line + 1}:${range.end.character + 1}`;
}

/** A server driven with raw bytes, every message it sends collected in order (for protocol tests). */
export interface RawSession {
  write(bytes: string | Uint8Array): void;
  received: Record<string, unknown>[];
  /** The first received message (past or future) that satisfies `match`. */
  waitFor(match: (message: Record<string, unknown>) => boolean, what: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  close(): void;
}

export function startRawSession(options: LanguageServerOptions = {}): RawSession {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  startLanguageServer(toServer, toClient, options);
  const received: Record<string, unknown>[] = [];
  const waiting: { match: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] = [];
  new StreamMessageReader(toClient).listen((message) => {
    const m = message as unknown as Record<string, unknown>;
    received.push(m);
    for (let i = 0; i < waiting.length; i++) {
      if (waiting[i].match(m)) {
        waiting[i].resolve(m);
        waiting.splice(i--, 1);
      }
    }
  });
  return {
    write: (bytes) => toServer.write(bytes),
    received,
    waitFor(match, what, timeoutMs = 5000) {
      const seen = received.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms; received ${JSON.stringify(received).slice(0, 2000)}`)), timeoutMs);
        waiting.push({ match, resolve: (m) => { clearTimeout(timer); resolve(m); } });
      });
    },
    close: () => toServer.end(),
  };
}
