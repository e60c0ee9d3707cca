// A peer that breaks the protocol gets a JSON-RPC error for each fault and the connection
// keeps working: bad framing, content that is not JSON-RPC, requests before `initialize`
// (ServerNotInitialized, LSP 3.17), changes with an older version (ignored, with a warning),
// and `$/cancelRequest` (RequestCancelled). A seeded fuzzer mixes faults into a valid
// session and checks that every valid request still gets exactly its one, right answer.

import { describe, it, expect } from 'vitest';
import { frame, startRawSession, startTestClient, type RawSession } from './lsp-harness.js';
import {
  checkTranscript, didOpenFrame, EXPECTED_HOVER, LAST_ID, notify, protocolScript, request, SCRIPT_HOVER, SCRIPT_TEXT, SCRIPT_URI,
} from './protocol-scripts.js';

const URI = SCRIPT_URI;
const TEXT = SCRIPT_TEXT;
const HOVER = SCRIPT_HOVER;
const initialize = (id: number) => frame({ jsonrpc: '2.0', id, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
const didOpen = didOpenFrame;
const answerTo = (id: number | string) => (m: Record<string, unknown>) => m.id === id && ('result' in m || 'error' in m);
const faults = (s: RawSession) => s.received.filter((m) => m.id === null && m.error !== undefined);

async function initialized(): Promise<RawSession> {
  const s = startRawSession();
  s.write(initialize(1) + notify('initialized', {}));
  await s.waitFor(answerTo(1), 'initialize result');
  return s;
}

describe('framing and content faults', () => {
  it('answers a header without Content-Length with a parse error and reads the next message', async () => {
    const s = await initialized();
    s.write('Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{"jsonrpc":"2.0","id":7,"method":"shutdown"}');
    s.write(didOpen() + request(2, 'textDocument/hover', HOVER));
    const hover = await s.waitFor(answerTo(2), 'hover answer');
    expect(JSON.stringify(hover.result)).toContain('fn Adder.add_two(tag: u64) -> u64');
    expect(faults(s)).toEqual([{ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'a message header without Content-Length; skipped to the next Content-Length header' } }]);
    // The body of the bad message was skipped, not run: no answer to id 7.
    expect(s.received.some(answerTo(7))).toBe(false);
    s.close();
  });

  it('answers each bad header or content with its own error, and keeps serving', async () => {
    const s = await initialized();
    s.write('no colon here\r\nContent-Length: 2\r\n\r\n{}');
    s.write('Content-Length: twelve\r\n\r\n{"jsonrpc":"2.0"}');
    s.write('Content-Length: 9\r\n\r\n{"jsonrp:');
    s.write('Content-Length: 13\r\n\r\n[1, 2, 3, 4 ]');
    s.write(frame({ jsonrpc: '2.0', id: 9, result: 1, error: { code: 1, message: 'both' } }));
    s.write(frame({ id: 10, method: 'textDocument/hover' }));
    s.write(didOpen() + request(3, 'textDocument/hover', HOVER));
    await s.waitFor(answerTo(3), 'hover answer');
    expect(s.received.find(answerTo(3))?.result).not.toBe(null);
    const errors = s.received.filter((m) => m.error !== undefined).map((m) => [m.id, (m.error as { code: number }).code]);
    // The bad header line is skipped up to its own Content-Length, whose content `{}` is then
    // read (and is not JSON-RPC); the bad length skips its content up to the next header.
    expect(errors).toEqual([[null, -32700], [null, -32600], [null, -32700], [null, -32700], [null, -32600], [9, -32600], [10, -32600]]);
    const messages = s.received.filter((m) => m.error !== undefined).map((m) => (m.error as { message: string }).message);
    expect(messages.slice(0, 4)).toEqual([
      'a malformed header line "no colon here" (expected "Name: value"); skipped to the next Content-Length header',
      'the message is not a JSON-RPC 2.0 request, notification or response',
      'Content-Length "twelve" is not a number; skipped to the next Content-Length header',
      expect.stringMatching(/^the message content is not JSON: /),
    ]);
    s.close();
  });
});

describe('lifecycle (LSP 3.17 "Initialize Request")', () => {
  it('answers requests before initialize with -32002, drops notifications, then works normally', async () => {
    const s = startRawSession();
    s.write(request(1, 'textDocument/hover', HOVER) + didOpen() + request('early', 'shutdown', null));
    expect(await s.waitFor(answerTo(1), 'early hover')).toEqual({
      jsonrpc: '2.0', id: 1, error: { code: -32002, message: 'the server is not initialized: `textDocument/hover` arrived before `initialize`' },
    });
    expect((await s.waitFor(answerTo('early'), 'early shutdown')).error).toMatchObject({ code: -32002 });
    s.write(initialize(2) + notify('initialized', {}));
    expect(JSON.stringify((await s.waitFor(answerTo(2), 'initialize')).result)).toContain('"hoverProvider":true');
    // The didOpen before initialize was dropped: the document is not open yet.
    s.write(request(3, 'textDocument/hover', HOVER));
    expect((await s.waitFor(answerTo(3), 'hover of an unopened document')).result).toBe(null);
    s.write(didOpen() + request(4, 'textDocument/hover', HOVER));
    expect(JSON.stringify((await s.waitFor(answerTo(4), 'hover')).result)).toContain('add_two');
    // After shutdown, requests are invalid.
    s.write(request(5, 'shutdown', null) + request(6, 'textDocument/hover', HOVER));
    expect((await s.waitFor(answerTo(5), 'shutdown')).result).toBe(null);
    expect((await s.waitFor(answerTo(6), 'hover after shutdown')).error).toEqual({ code: -32600, message: '`textDocument/hover` arrived after `shutdown`' });
    s.close();
  });
});

describe('document versions', () => {
  it('ignores a didChange with an older version and logs a warning, keeping the newer text', async () => {
    const client = await startTestClient();
    await client.open(URI, TEXT);
    await client.nextDiagnostics(URI, 1);
    const broken = { range: { start: { line: 2, character: 17 }, end: { line: 2, character: 18 } }, text: 'true' };
    await client.change(URI, 3, [broken]);
    expect((await client.nextDiagnostics(URI, 3)).map((d) => d.code)).toEqual(['E0204']);
    // An out-of-order change back to the good text, with version 2 < 3.
    const fix = { range: { start: { line: 2, character: 17 }, end: { line: 2, character: 21 } }, text: '2' };
    await client.change(URI, 2, [fix]);
    const symbols = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: URI } });
    expect(symbols.length).toBeGreaterThan(0);
    expect(client.logs).toContainEqual({ type: 2, message: `penglaic: ignored a didChange of ${URI} to version 2: the document is already at version 3` });
    expect(client.published.filter((p) => p.uri === URI).map((p) => p.version)).toEqual([1, 3]);
    const formatted = await client.request<{ newText: string }[]>('textDocument/formatting', { textDocument: { uri: URI }, options: { tabSize: 2, insertSpaces: true } });
    // The text is still version 3's: formatting it gives the broken line back.
    expect(formatted.length === 0 ? 'unchanged' : formatted[0].newText).toBe('unchanged');
    client.close();
  });
});

describe('$/cancelRequest', () => {
  it('answers a queued request that is cancelled with -32800 and answers the others', async () => {
    const s = await initialized();
    s.write(didOpen());
    let edits = '';
    for (let v = 2; v < 202; v += 1) {
      edits += notify('textDocument/didChange', { textDocument: { uri: URI, version: v }, contentChanges: [{ range: { start: { line: 8, character: 0 }, end: { line: 8, character: 0 } }, text: ' ' }] });
    }
    // The requests sit behind 200 edits when their cancellations arrive.
    s.write(edits + request(50, 'textDocument/hover', HOVER) + request(51, 'textDocument/documentSymbol', { textDocument: { uri: URI } })
      + notify('$/cancelRequest', { id: 50 }) + notify('$/cancelRequest', { id: 12345 }));
    expect(await s.waitFor(answerTo(50), 'cancelled hover')).toEqual({
      jsonrpc: '2.0', id: 50, error: { code: -32800, message: 'textDocument/hover was cancelled before it ran' },
    });
    const symbols = await s.waitFor(answerTo(51), 'document symbols');
    expect(Array.isArray(symbols.result)).toBe(true);
    s.close();
  });
});

describe('protocol fuzz (seeded)', () => {
  it('40 sessions of valid traffic mixed with faults: every valid request gets exactly one right answer', async () => {
    const clean = await initialized();
    clean.write(didOpen() + request(2, 'textDocument/hover', HOVER));
    expect((await clean.waitFor(answerTo(2), 'reference hover')).result).toEqual(EXPECTED_HOVER);
    clean.close();
    let contentModified = 0;
    for (let session = 0; session < 40; session += 1) {
      const script = protocolScript(1000 + session);
      const s = await initialized();
      s.write(didOpen());
      for (const bytes of script.writes) s.write(bytes);
      await s.waitFor(answerTo(LAST_ID), `session ${session}: answer to the last request`);
      const checked = checkTranscript(script, s.received);
      expect(checked.failure, `session ${session}`).toBeUndefined();
      contentModified += checked.contentModified;
      s.close();
    }
    // Some requests had edits queued behind them: the stale path was exercised too.
    expect(contentModified).toBeGreaterThan(0);
  });
});
