import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic, Hover } from 'vscode-languageserver';
import { checkSource } from '../../compiler/check/index.js';
import { bundleServer } from './editor-harness.js';
import { startTestClient } from './lsp-harness.js';

const URI = 'file:///virtual/robust/main.pen';
const SAMPLE = readFileSync(join(import.meta.dirname, '../../samples/server-call/main.pen'), 'utf8');

/** A small deterministic generator (xorshift32) so a failure can be replayed. */
function random(seed: number) {
  let state = seed >>> 0 || 1;
  return (n: number) => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state % n;
  };
}

const SNIPPETS = ['{', '}', '(', ')', ';', '.', ',', 'adder.', 'acquire ', 'let x = ', 'fn f(', '"', '///', '/*', '*/', '\n', '  ', 'é', '\r\n', 'u32[', '0x', '->', 'server S "s" {', 'host {', 'run ', '\u{1F600}'];

function positionOf(text: string, offset: number) {
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length - 1, character: before[before.length - 1].length };
}

describe('robustness', () => {
  it('answers malformed and out-of-order requests without dying', async () => {
    const client = await startTestClient();
    const attempts: Promise<unknown>[] = [
      client.request('textDocument/hover', { textDocument: { uri: 'file:///never/opened.pen' }, position: { line: 0, character: 0 } }),
      client.request('textDocument/hover', null),
      client.request('textDocument/completion', { textDocument: {}, position: { line: -5, character: 1e9 } }),
      client.request('textDocument/definition', { textDocument: { uri: URI } }),
      client.request('textDocument/rename', { textDocument: { uri: URI }, position: { line: 0, character: 0 }, newName: 42 }),
      client.request('textDocument/semanticTokens/full', { textDocument: { uri: 42 } }),
      client.request('textDocument/codeAction', { textDocument: { uri: URI }, range: null }),
      client.request('penglai/unknown', { anything: true }),
    ];
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 3 }, contentChanges: [{ text: 'host {}' }] });
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: 'file:///not/open.pen' } });
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: null });
    await Promise.allSettled(attempts);
    // Still alive and correct: a real document gets diagnostics and a hover.
    const [position] = await client.open(URI, SAMPLE.replace('let reply = adder', 'let reply = add<|>er'));
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ range: { start: { line: 999, character: 0 }, end: { line: 1000, character: 5 } }, text: '' }],
    });
    expect(await client.nextDiagnostics(URI, 2)).toEqual([]);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: URI }, position });
    expect(hover.contents).toEqual({ kind: 'markdown', value: '```penglai\nlet adder: server<Adder>\n```' });
    client.close();
  });

  it('survives thousands of random edits and ends with the checker\'s diagnostics for the final text', async () => {
    const client = await startTestClient();
    const next = random(20261126);
    let text = SAMPLE;
    await client.open(URI, text);
    let version = 1;
    for (let i = 0; i < 3000; i++) {
      // A position between the `\r` and `\n` of one line break does not exist in LSP.
      const valid = (offset: number) => (text[offset - 1] === '\r' && text[offset] === '\n' ? offset + 1 : offset);
      const start = valid(next(text.length + 1));
      const end = valid(Math.min(text.length, start + (next(4) === 0 ? next(12) : 0)));
      const insert = next(3) === 0 ? '' : SNIPPETS[next(SNIPPETS.length)];
      const range = { start: positionOf(text, start), end: positionOf(text, end) };
      text = text.slice(0, start) + insert + text.slice(end);
      version++;
      await client.change(URI, version, [{ range, text: insert }]);
      if (i % 50 === 0) {
        const position = positionOf(text, next(text.length + 1));
        const asked = ['textDocument/hover', 'textDocument/completion', 'textDocument/signatureHelp', 'textDocument/definition', 'textDocument/references', 'textDocument/documentSymbol', 'textDocument/semanticTokens/full', 'textDocument/formatting', 'textDocument/codeAction', 'textDocument/prepareRename'];
        await Promise.all(asked.map((method) =>
          client.request(method, { textDocument: { uri: URI }, position, context: { includeDeclaration: true, diagnostics: [] }, range: { start: position, end: position }, options: { tabSize: 2, insertSpaces: true } }),
        ));
        const added = ['textDocument/foldingRange', 'textDocument/selectionRange', 'textDocument/inlayHint', 'textDocument/typeDefinition', 'textDocument/declaration', 'textDocument/documentLink', 'textDocument/diagnostic', 'textDocument/rangeFormatting', 'textDocument/onTypeFormatting', 'textDocument/semanticTokens/range', 'textDocument/semanticTokens/full/delta'];
        await Promise.all(added.map((method) =>
          client.request(method, { textDocument: { uri: URI }, position, positions: [position], ch: ';', previousResultId: '1', range: { start: position, end: positionOf(text, text.length) }, options: { tabSize: 2, insertSpaces: true } }),
        ));
        // The workspace views on the same broken text: hierarchies, symbols, the IPC graph.
        const params = { textDocument: { uri: URI }, position, query: SNIPPETS[next(SNIPPETS.length)] };
        const [calls, types] = await Promise.all([
          client.request<unknown[] | null>('textDocument/prepareCallHierarchy', params),
          client.request<unknown[] | null>('textDocument/prepareTypeHierarchy', params),
          client.request('workspace/symbol', params),
          client.request('penglaic/ipcGraph', params),
        ]);
        for (const item of calls ?? []) await Promise.all(['callHierarchy/incomingCalls', 'callHierarchy/outgoingCalls'].map((method) => client.request(method, { item })));
        for (const item of types ?? []) await Promise.all(['typeHierarchy/supertypes', 'typeHierarchy/subtypes'].map((method) => client.request(method, { item })));
      }
    }
    const diagnostics = await client.nextDiagnostics(URI, version);
    const expected = checkSource(text, '/virtual/robust/main.pen').diagnostics.filter((d) => d.span.file === '/virtual/robust/main.pen');
    expect(diagnostics.map((d: Diagnostic) => [d.code, d.range.start.line + 1, d.range.start.character + 1])).toEqual(
      expected.map((d) => [d.code, d.span.startLine, d.span.startCol]),
    );
    expect(client.logs.filter((l) => l.message.includes(' failed: '))).toEqual([]);
    client.close();
  }, 300_000);

  it('keeps running after a malformed message on stdio and exits cleanly on shutdown and exit', async () => {
    const server = await bundleServer(mkdtempSync(join(tmpdir(), 'penglaic-robust-')));
    const child = spawn('node', [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    const send = (body: string) => child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    send('{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}');
    send('{ this is not json');
    send('{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///x.pen"},"position":{"line":0,"character":0}}}');
    send('{"jsonrpc":"2.0","id":3,"method":"shutdown"}');
    send('{"jsonrpc":"2.0","method":"exit"}');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(output).toContain('"id":1,"result":{"capabilities"');
    expect(output).toContain('"id":2,"result":null');
    expect(output).toContain('"id":3,"result":null');
    expect(code).toBe(0);
  });
});
