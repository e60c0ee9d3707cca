import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DocumentDiagnosticReport, InitializeResult, WorkspaceDiagnosticReport } from 'vscode-languageserver';
import { BROKEN_CALL, FIXED_CALL } from './editor-harness.js';
import { showRange, startRawSession, startTestClient, type TestClient } from './lsp-harness.js';
import { didOpenFrame, initializeFrames, notify, request } from './protocol-scripts.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const MAIN = 'file:///virtual/pull/main.pen';
const OTHER = 'file:///virtual/pull/other.pen';
const SAMPLE = readFileSync(join(import.meta.dirname, '../../samples/server-call/main.pen'), 'utf8');
const BROKEN = SAMPLE.replace(FIXED_CALL, BROKEN_CALL);

describe('pull diagnostics', () => {
  let client: TestClient;
  beforeEach(async () => {
    client = await startTestClient();
  });
  afterEach(() => client.close());

  const pull = (uri: string, previousResultId?: string) =>
    client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri }, ...(previousResultId ? { previousResultId } : {}) });

  it('answers textDocument/diagnostic with exactly the pushed diagnostics, then `unchanged` for the same result id', async () => {
    await client.open(MAIN, BROKEN);
    const pushed = await client.nextDiagnostics(MAIN, 1);
    expect(pushed.map((d) => d.code)).toEqual(['E0312']);
    const first = await pull(MAIN);
    expect(first.kind).toBe('full');
    if (first.kind !== 'full') return;
    expect(first.items).toEqual(pushed);
    expect(first.resultId).toMatch(/^[0-9a-f]{20}$/);
    expect(await pull(MAIN, first.resultId)).toEqual({ kind: 'unchanged', resultId: first.resultId });
    // The fix changes the report: a full one with a new id and no items.
    const line = BROKEN.split('\n').findIndex((l) => l.includes(BROKEN_CALL));
    const column = BROKEN.split('\n')[line].indexOf(', 1)');
    await client.change(MAIN, 2, [{ range: { start: { line, character: column }, end: { line, character: column + 3 } }, text: '' }]);
    const fixed = await pull(MAIN, first.resultId);
    expect(fixed).toMatchObject({ kind: 'full', items: [] });
    expect(fixed.resultId).not.toBe(first.resultId);
    expect(await client.nextDiagnostics(MAIN, 2)).toEqual([]);
  });

  it('answers workspace/diagnostic over the open documents, `unchanged` for those the client already has', async () => {
    await client.open(MAIN, BROKEN);
    await client.open(OTHER, SAMPLE);
    const pushedMain = await client.nextDiagnostics(MAIN, 1);
    const all = await client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
    expect(all.items.map((r) => [r.uri, r.kind, r.version, r.kind === 'full' ? r.items.length : -1])).toEqual([
      [MAIN, 'full', 1, 1],
      [OTHER, 'full', 1, 0],
    ]);
    expect(all.items[0].kind === 'full' && all.items[0].items).toEqual(pushedMain);
    const again = await client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [{ uri: OTHER, value: all.items[1].resultId }] });
    expect(again.items.map((r) => [r.uri, r.kind])).toEqual([[MAIN, 'full'], [OTHER, 'unchanged']]);
  });

  it('reports problems of an imported file that is not open as a related document, as the push does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'penglaic-pull-'));
    writeFileSync(join(dir, 'lib.pen'), 'server Adder "test-server" {\n  fn add_two(tag: u64) -> u64 {\n    return tag + true;\n  }\n}\n');
    const importing = pathToFileURL(join(dir, 'main.pen')).href;
    const library = pathToFileURL(join(dir, 'lib.pen')).href;
    await client.open(importing, 'import "lib.pen";\nimport "nowhere.pen";\nhost {\n  print(1);\n}\n');
    const report = await pull(importing);
    expect(report.kind === 'full' && report.items.map((d) => [d.code, showRange(d.range)])).toEqual([['E0110', '2:8-2:21']]);
    const related = report.relatedDocuments?.[library];
    expect(related?.kind === 'full' && related.items.map((d) => [d.code, showRange(d.range)])).toEqual([['E0204', '3:18-3:22']]);
    await client.nextDiagnostics(library);
    expect(related?.kind === 'full' && related.items).toEqual(client.published.find((p) => p.uri === library)?.diagnostics);
  });

  it('sends a client that pulls no pushed diagnostics, and asks it to pull again when a document it imports changes', async () => {
    const puller = await startTestClient({}, { capabilities: { textDocument: { diagnostic: {} }, workspace: { diagnostics: { refreshSupport: true } } } });
    let refreshes = 0;
    puller.connection.onRequest('workspace/diagnostic/refresh', () => {
      refreshes++;
      return null;
    });
    const library = 'file:///virtual/pull/lib.pen';
    const importing = 'file:///virtual/pull/uses-lib.pen';
    await puller.open(library, 'server Adder "test-server" {\n  fn add_two(tag: u64) -> u64 {\n    return tag + 2;\n  }\n}\n');
    await puller.open(importing, 'import "lib.pen";\nenclave Caller {\n  fn main() -> i64 {\n    let adder = acquire Adder;\n    return adder.add_two(1) as i64;\n  }\n}\n');
    const clean = await puller.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: importing } });
    expect(clean).toMatchObject({ kind: 'full', items: [] });
    const before = refreshes;
    // Renaming the server function breaks the importing document without touching it.
    await puller.change(library, 2, [{ range: { start: { line: 1, character: 5 }, end: { line: 1, character: 12 } }, text: 'add_three' }]);
    await vi.waitFor(() => expect(refreshes).toBeGreaterThan(before));
    const broken = await puller.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: importing }, previousResultId: clean.resultId });
    expect(broken.kind === 'full' && broken.items.map((d) => d.code)).toEqual(['E0310']);
    expect(puller.published).toEqual([]);
    puller.close();
  });

  it('cancels a pull about a text with edits waiting behind it and asks the client to pull again', async () => {
    const session = startRawSession();
    session.write(initializeFrames(1) + didOpenFrame(BROKEN, MAIN));
    await session.waitFor((m) => m.id === 1, 'the initialize answer');
    const edit = { textDocument: { uri: MAIN, version: 2 }, contentChanges: [{ text: SAMPLE }] };
    session.write(request(2, 'textDocument/diagnostic', { textDocument: { uri: MAIN } }) + notify('textDocument/didChange', edit) + request(3, 'textDocument/diagnostic', { textDocument: { uri: MAIN } }));
    const stale = await session.waitFor((m) => m.id === 2, 'the answer to the stale pull');
    expect(stale.error).toMatchObject({ code: -32802, data: { retriggerRequest: true } });
    const fresh = await session.waitFor((m) => m.id === 3, 'the answer to the pull after the edit');
    expect(fresh.result).toMatchObject({ kind: 'full', items: [] });
    session.close();
  });

  it('is announced, unless the client asks for pushed diagnostics only', async () => {
    const announced = async (initializationOptions?: unknown) => {
      const fresh = await startTestClient({}, { uninitialized: true });
      const result = await fresh.request<InitializeResult>('initialize', { processId: null, rootUri: null, capabilities: {}, initializationOptions });
      fresh.close();
      return result.capabilities.diagnosticProvider;
    };
    expect(await announced()).toEqual({ identifier: 'penglaic', interFileDependencies: true, workspaceDiagnostics: true });
    expect(await announced({ pullDiagnostics: false })).toBeUndefined();
  });
});
