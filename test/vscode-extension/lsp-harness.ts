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
  close(): void;
}

export async function startTestClient(options: LanguageServerOptions = {}, clientCapabilities: Record<string, unknown> = {}): Promise<TestClient> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  startLanguageServer(toServer, toClient, options);
  const published: PublishDiagnosticsParams[] = [];
  const connection = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
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
  await connection.sendRequest('initialize', { processId: null, rootUri: null, capabilities: clientCapabilities });
  await connection.sendNotification('initialized', {});
  const versions = new Map<string, number>();
  return {
    connection,
    published,
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
