// Property: every request added with folding, selection, inlay hints, type definition,
// declaration, links, pull diagnostics, range/on-type formatting, semantic-token ranges and
// deltas, and completion resolve answers a result (never an error) for any position or range,
// and an empty one when that position or range lies outside the document.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InitializeResult, Position, Range } from 'vscode-languageserver';
import { random32 } from './protocol-scripts.js';
import { startTestClient, type TestClient } from './lsp-harness.js';

const URI = 'file:///virtual/outside/main.pen';
const SAMPLE = readFileSync(join(import.meta.dirname, '../../samples/server-call/main.pen'), 'utf8');
const LINES = SAMPLE.split('\n');

/** Whether a position exists in the text: an existing line, a character up to its end. */
const inside = (p: Position) => Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0 && p.line < LINES.length && p.character <= LINES[p.line].length;
const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);

function randomPosition(next: () => number): Position {
  const pick = next();
  if (pick < 0.5) {
    const line = Math.floor(next() * LINES.length);
    return { line, character: Math.floor(next() * (LINES[line].length + 1)) };
  }
  if (pick < 0.7) return { line: Math.floor(next() * LINES.length), character: LINES[0].length + 50 + Math.floor(next() * 1e6) };
  if (pick < 0.85) return { line: LINES.length + Math.floor(next() * 1e6), character: Math.floor(next() * 10) };
  const odd = [-1, -1e9, 0.5, 2 ** 31, Number.MAX_SAFE_INTEGER];
  return { line: odd[Math.floor(next() * odd.length)], character: Math.floor(next() * 3) };
}

/** Each new request with the random position or range in it, and whether its answer is empty. */
const REQUESTS: { method: string; params: (p: Position, range: Range) => unknown; empty: (result: unknown) => boolean; outside: (p: Position, range: Range) => boolean }[] = [
  { method: 'textDocument/selectionRange', params: (p) => ({ textDocument: { uri: URI }, positions: [p] }), empty: (r) => Array.isArray(r) && r.length === 0, outside: (p) => !inside(p) },
  { method: 'textDocument/inlayHint', params: (_, range) => ({ textDocument: { uri: URI }, range }), empty: (r) => Array.isArray(r) && r.length === 0, outside: (_, r) => !inside(r.start) || !before(r.start, r.end) },
  { method: 'textDocument/typeDefinition', params: (p) => ({ textDocument: { uri: URI }, position: p }), empty: (r) => r === null, outside: (p) => !inside(p) },
  { method: 'textDocument/declaration', params: (p) => ({ textDocument: { uri: URI }, position: p }), empty: (r) => r === null, outside: (p) => !inside(p) },
  { method: 'textDocument/rangeFormatting', params: (_, range) => ({ textDocument: { uri: URI }, range, options: { tabSize: 2, insertSpaces: true } }), empty: (r) => Array.isArray(r) && r.length === 0, outside: (_, r) => !inside(r.start) || !before(r.start, r.end) },
  { method: 'textDocument/onTypeFormatting', params: (p) => ({ textDocument: { uri: URI }, position: p, ch: '}', options: { tabSize: 2, insertSpaces: true } }), empty: (r) => Array.isArray(r) && r.length === 0, outside: (p) => !inside(p) },
  { method: 'textDocument/semanticTokens/range', params: (_, range) => ({ textDocument: { uri: URI }, range }), empty: (r) => (r as { data: number[] }).data.length === 0, outside: (_, r) => !inside(r.start) || !before(r.start, r.end) },
];
/** The new requests that take no position: they must answer whatever else is wrong with them. */
const WHOLE_DOCUMENT = ['textDocument/foldingRange', 'textDocument/documentLink', 'textDocument/diagnostic', 'textDocument/semanticTokens/full/delta'];

describe('new requests outside the document', () => {
  let client: TestClient;
  beforeAll(async () => {
    client = await startTestClient();
    await client.open(URI, SAMPLE.replace('let reply = adder.add_two(0x19960000);', 'let reply = adder.add_two(0x19960000, 1);'));
  });
  afterAll(() => client.close());

  it('answers every random position and range with a result, empty when it lies outside the text', async () => {
    const next = random32(20261204);
    let outsideSeen = 0;
    let insideWithResults = 0;
    for (let round = 0; round < 150; round++) {
      const position = randomPosition(next);
      const range = { start: randomPosition(next), end: randomPosition(next) };
      const answers = await Promise.all(REQUESTS.map((r) => client.request(r.method, r.params(position, range)).then((result) => ({ result }), (error: Error) => ({ error: error.message }))));
      answers.forEach((answer, i) => {
        const request = REQUESTS[i];
        const label = `${request.method} at ${JSON.stringify({ position, range })}`;
        expect('error' in answer ? answer.error : undefined, label).toBeUndefined();
        if (!('result' in answer)) return;
        if (request.outside(position, range)) {
          outsideSeen++;
          expect(request.empty(answer.result), `${label} answered ${JSON.stringify(answer.result)}`).toBe(true);
        } else if (!request.empty(answer.result)) {
          insideWithResults++;
        }
      });
    }
    // The generator reaches both sides: the property is not vacuous.
    expect(outsideSeen).toBeGreaterThan(300);
    expect(insideWithResults).toBeGreaterThan(100);
    // The server is still well: the broken call is still reported.
    const report = await client.request<{ items: { code: string }[] }>('textDocument/diagnostic', { textDocument: { uri: URI } });
    expect(report.items.map((d) => d.code)).toEqual(['E0312']);
  });

  it('answers malformed parameters and unknown documents with empty results, never an error', async () => {
    // (`params: null` is not JSON-RPC 2.0 at all; the protocol layer answers it InvalidParams, as for every request.)
    const garbage = [{}, { textDocument: { uri: 42 } }, { textDocument: { uri: 'file:///never/opened.pen' } }, { textDocument: { uri: URI }, range: 'everything', positions: 'here', position: null, previousResultId: { x: 1 } }];
    for (const method of [...REQUESTS.map((r) => r.method), ...WHOLE_DOCUMENT, 'completionItem/resolve', 'workspace/diagnostic']) {
      for (const params of garbage) {
        const answer = await client.request(method, params).then((result) => ({ result }), (error: Error) => ({ error: error.message }));
        expect('error' in answer ? `${method} ${JSON.stringify(params)}: ${answer.error}` : undefined).toBeUndefined();
      }
    }
    // Nor does any of them count as a fault of the server's.
    expect(client.logs.filter((l) => l.message.includes('failed'))).toEqual([]);
  });

  it('announces every new request in the capabilities', async () => {
    const fresh = await startTestClient({}, { uninitialized: true });
    const { capabilities } = await fresh.request<InitializeResult>('initialize', { processId: null, rootUri: null, capabilities: {} });
    fresh.close();
    const providers = ['foldingRangeProvider', 'selectionRangeProvider', 'inlayHintProvider', 'typeDefinitionProvider', 'declarationProvider', 'documentLinkProvider', 'documentRangeFormattingProvider'] as const;
    expect(providers.filter((name) => !capabilities[name])).toEqual([]);
    expect(capabilities.documentOnTypeFormattingProvider).toEqual({ firstTriggerCharacter: '}', moreTriggerCharacter: [';'] });
    expect(capabilities.semanticTokensProvider).toMatchObject({ full: { delta: true }, range: true });
  });
});
