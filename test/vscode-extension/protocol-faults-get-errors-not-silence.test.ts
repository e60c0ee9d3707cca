// A peer that breaks the protocol gets a JSON-RPC error for each fault and the connection
// keeps working: bad framing, content that is not JSON-RPC, requests before `initialize`
// (ServerNotInitialized, LSP 3.17), changes with an older version (ignored, with a warning),
// and `$/cancelRequest` (RequestCancelled). A seeded fuzzer mixes faults into a valid
// session and checks that every valid request still gets exactly its one, right answer.

import { describe, it, expect } from 'vitest';
import { frame, startRawSession, startTestClient, type RawSession } from './lsp-harness.js';

const URI = 'file:///protocol/main.pen';
const TEXT = `server Adder "test-server" {
  fn add_two(tag: u64) -> u64 {
    return tag + 2;
  }
}

host {
  let a = create Adder;
  destroy a;
}
`;
const HOVER = { textDocument: { uri: URI }, position: { line: 1, character: 6 } };
const initialize = (id: number) => frame({ jsonrpc: '2.0', id, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
const request = (id: number | string, method: string, params: unknown) => frame({ jsonrpc: '2.0', id, method, params });
const notify = (method: string, params: unknown) => frame({ jsonrpc: '2.0', method, params });
const didOpen = (text = TEXT, uri = URI) => notify('textDocument/didOpen', { textDocument: { uri, languageId: 'penglai', version: 1, text } });
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

/** xorshift32. */
function random(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

describe('protocol fuzz (seeded)', () => {
  it('40 sessions of valid traffic mixed with faults: every valid request gets exactly one right answer', async () => {
    let contentModified = 0;
    const clean = await initialized();
    clean.write(didOpen() + request(2, 'textDocument/hover', HOVER));
    const expectedHover = (await clean.waitFor(answerTo(2), 'reference hover')).result;
    clean.close();
    const junk: ((r: () => number) => string)[] = [
      () => 'Content-Type: text/plain\r\n\r\n{"jsonrpc":"2.0","id":-1,"method":"shutdown"}',
      (r) => `Content-Length: ${Math.floor(r() * 5)}x\r\n\r\n`,
      (r) => `${'garbage'.slice(0, 1 + Math.floor(r() * 7))}\r\n\r\n`,
      (r) => Array.from({ length: 1 + Math.floor(r() * 40) }, () => String.fromCharCode(32 + Math.floor(r() * 90))).join('').replace(/content-length/gi, 'x'),
      () => 'Content-Length: 5\r\n\r\n{"a":',
      () => frame({ jsonrpc: '1.0', id: -2, method: 'textDocument/hover' }),
      () => frame('just a string'),
    ];
    for (let session = 0; session < 40; session += 1) {
      const r = random(1000 + session);
      const s = await initialized();
      s.write(didOpen());
      const ids: number[] = [];
      let faultsSent = 0;
      let script = '';
      for (let step = 0; step < 30; step += 1) {
        const pick = r();
        if (pick < 0.35) {
          const id = 100 + step;
          ids.push(id);
          script += request(id, 'textDocument/hover', HOVER);
        } else if (pick < 0.55) {
          script += notify('textDocument/didChange', { textDocument: { uri: URI, version: 2 + step }, contentChanges: [{ range: { start: { line: 9, character: 1 }, end: { line: 9, character: 1 } }, text: '' }] });
        } else {
          script += junk[Math.floor(r() * junk.length)](r);
          faultsSent += 1;
        }
        if (r() < 0.3) {
          s.write(script);
          script = '';
        }
      }
      // Whatever came before, a well-framed request after a complete frame is read.
      ids.push(999);
      s.write(`${script}\r\n\r\n${request(999, 'textDocument/hover', HOVER)}`);
      for (const id of ids) {
        const answer = await s.waitFor(answerTo(id), `session ${session}: answer to ${id}`);
        // A request with edits queued behind it may be answered ContentModified; the last never is.
        if (id === 999 || answer.error === undefined) expect(answer.result, `session ${session}, id ${id}`).toEqual(expectedHover);
        else {
          expect(answer.error, `session ${session}, id ${id}`).toMatchObject({ code: -32801 });
          contentModified += 1;
        }
        expect(s.received.filter(answerTo(id)).length, `session ${session}, id ${id} answered once`).toBe(1);
      }
      if (faultsSent > 0) expect(faults(s).length + s.received.filter((m) => m.id === -2).length, `session ${session}`).toBeGreaterThan(0);
      s.close();
    }
    // Some requests had edits queued behind them: the stale path was exercised too.
    expect(contentModified).toBeGreaterThan(0);
  });
});
