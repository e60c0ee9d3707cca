// A burst of 1,000 edits into a 5,000-line file, with a request after every 10 edits:
// every request is answered (with its result, or ContentModified when edits it predates were
// already queued behind it), none waits for long, and the last diagnostics are the CLI
// checker's for the final text. The 1 s latency figure itself is measured by
// `npm run bench -- lsp-latency`; the bound here is generous so a loaded machine passes.

import { describe, it, expect } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkSource } from '../../compiler/check/index.js';
import { generateSource } from '../../vscode-extension/bench/generated-source.mjs';
import { startTestClient } from './lsp-harness.js';

const URI = 'file:///burst/main.pen';
const FILE = '/burst/main.pen';

describe('edit bursts', () => {
  it('answers all 100 requests among 1,000 edits and ends with the diagnostics of the final text', async () => {
    const text = generateSource(5000);
    const lines = text.split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(5000);
    const callLines = lines.flatMap((l, i) => (l === '    total += adder.add_two(3);' ? [i] : []));
    const client = await startTestClient();
    await client.open(URI, text);
    expect(await client.nextDiagnostics(URI, 1)).toEqual([]);

    let expected = TextDocument.create(URI, 'penglai', 1, text);
    const answers: Promise<{ ms: number; outcome: string }>[] = [];
    const methods = ['textDocument/hover', 'textDocument/documentSymbol', 'textDocument/completion', 'textDocument/definition', 'textDocument/semanticTokens/full'];
    let version = 1;
    for (let i = 0; i < 1000; i += 1) {
      const line = callLines[(i * 7) % callLines.length];
      // Digits go into the argument; every 250th edit is a letter (an unknown name), so the
      // final text has real errors at known places.
      const change = { range: { start: { line, character: 28 }, end: { line, character: 28 } }, text: i % 250 === 249 ? 'q' : String(i % 10) };
      version += 1;
      expected = TextDocument.update(expected, [change], version);
      void client.change(URI, version, [change]);
      if (i % 10 === 9) {
        const method = methods[(i / 10) % methods.length | 0];
        const sent = performance.now();
        const params = { textDocument: { uri: URI }, position: { line, character: 20 } };
        answers.push(client.request(method, params).then(
          () => ({ ms: performance.now() - sent, outcome: 'result' }),
          (error: { code?: number }) => ({ ms: performance.now() - sent, outcome: `error ${error.code}` }),
        ));
        // Typing, not a paste: the client yields now and then, so the server works in between.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    const results = await Promise.all(answers);
    expect(results.length).toBe(100);
    for (const [k, r] of results.entries()) {
      expect(['result', 'error -32801'], `request ${k}`).toContain(r.outcome);
      expect(r.ms, `request ${k} (${r.outcome})`).toBeLessThan(5000);
    }
    const final = await client.nextDiagnostics(URI, version);
    const cli = checkSource(expected.getText(), FILE).diagnostics;
    expect(cli.length).toBe(4);
    expect(final.map((d) => [d.code, d.range.start.line + 1, d.range.start.character + 1, d.range.end.line + 1, d.range.end.character + 1])).toEqual(
      cli.map((d) => [d.code, d.span.startLine, d.span.startCol, d.span.endLine, d.span.endCol]),
    );
    // Diagnostics were published for far fewer versions than there were edits: edits merged.
    const versions = client.published.filter((p) => p.uri === URI).map((p) => p.version);
    expect(versions.length).toBeLessThan(100);
    // After the burst, requests get real answers again.
    const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: URI }, position: { line: 2, character: 6 } });
    expect(hover?.contents.value).toContain('fn Adder.add_two(tag: u64) -> u64');
    console.log(`burst: slowest answer ${Math.max(...results.map((r) => r.ms)).toFixed(0)} ms, ${results.filter((r) => r.outcome !== 'result').length} ContentModified, ${versions.length} diagnostics versions`);
    client.close();
  }, 60_000);
});
