import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SemanticTokens, SemanticTokensDelta } from 'vscode-languageserver';
import { arrayEdit } from '../../vscode-extension/src/semantic-tokens-delta.js';
import { semanticTokensLegend } from '../../vscode-extension/src/semantic-tokens.js';
import { random32 } from './protocol-scripts.js';
import { startTestClient, type TestClient } from './lsp-harness.js';

const URI = 'file:///virtual/tokens-delta/main.pen';

const SOURCE = readFileSync(join(import.meta.dirname, '../../samples/server-call/main.pen'), 'utf8');

/** `line:col text type` rows of an encoded token array. */
function decode(text: string, data: number[]): string[] {
  const lines = text.split('\n');
  const rows: string[] = [];
  let line = 0;
  let col = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    col = data[i] === 0 ? col + data[i + 1] : data[i + 1];
    rows.push(`${line + 1}:${col + 1} ${lines[line].slice(col, col + data[i + 2])} ${semanticTokensLegend.tokenTypes[data[i + 3]]}`);
  }
  return rows;
}

function applyEdits(data: number[], delta: SemanticTokensDelta): number[] {
  const result = [...data];
  for (const edit of [...delta.edits].sort((a, b) => b.start - a.start)) result.splice(edit.start, edit.deleteCount, ...(edit.data ?? []));
  return result;
}

describe('semantic tokens by range and as deltas', () => {
  let client: TestClient;
  beforeEach(async () => {
    client = await startTestClient();
  });
  afterEach(() => client.close());

  const full = () => client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: URI } });

  it('answers a range with the tokens on those lines, encoded from the first of them', async () => {
    await client.open(URI, SOURCE);
    const tokens = await client.request<SemanticTokens>('textDocument/semanticTokens/range', {
      textDocument: { uri: URI },
      range: { start: { line: 13, character: 8 }, end: { line: 14, character: 10 } },
    });
    expect(decode(SOURCE, tokens.data)).toEqual([
      '14:9 reply variable',
      '14:15 = operator',
      '14:17 adder variable',
      '14:23 add_two method',
      '14:31 0x19960000 number',
      '15:5 print variable',
    ]);
    // The range's tokens are exactly the full tokens on its lines.
    const rows = decode(SOURCE, (await full()).data);
    expect(decode(SOURCE, tokens.data)).toEqual(rows.filter((r) => (r.startsWith('14:') && !r.startsWith('14:5 ')) || r.startsWith('15:5 ')));
  });

  it('answers a delta as one minimal edit of the previous array, which the client can apply', async () => {
    await client.open(URI, SOURCE);
    const before = await full();
    expect(before.resultId).toBeDefined();
    // Shortening the literal at the end of line 14 changes its length and nothing else: the next
    // token starts a new line, so its position is encoded from the line start.
    await client.change(URI, 2, [{ range: { start: { line: 13, character: 39 }, end: { line: 13, character: 40 } }, text: '' }]);
    const delta = await client.request<SemanticTokensDelta>('textDocument/semanticTokens/full/delta', { textDocument: { uri: URI }, previousResultId: before.resultId });
    const index = decode(SOURCE, before.data).indexOf('14:31 0x19960000 number');
    expect(delta.edits).toEqual([{ start: index * 5 + 2, deleteCount: 1, data: [9] }]);
    // A space before `=` moves only where `=` starts relative to `reply` (6 characters on, now 7).
    await client.change(URI, 3, [{ range: { start: { line: 13, character: 13 }, end: { line: 13, character: 13 } }, text: ' ' }]);
    const second = await client.request<SemanticTokensDelta>('textDocument/semanticTokens/full/delta', { textDocument: { uri: URI }, previousResultId: delta.resultId });
    const equals = decode(SOURCE, before.data).indexOf('14:15 = operator');
    expect(second.edits).toEqual([{ start: equals * 5 + 1, deleteCount: 1, data: [7] }]);
    expect(delta.resultId).not.toBe(before.resultId);
    const after = applyEdits(applyEdits(before.data, delta), second);
    const fresh = await full();
    expect(after).toEqual(fresh.data);
    // No change: no edits.
    const same = await client.request<SemanticTokensDelta>('textDocument/semanticTokens/full/delta', { textDocument: { uri: URI }, previousResultId: fresh.resultId });
    expect(same.edits).toEqual([]);
  });

  it('answers full tokens when the previous result is unknown', async () => {
    await client.open(URI, SOURCE);
    const reply = await client.request<SemanticTokens>('textDocument/semanticTokens/full/delta', { textDocument: { uri: URI }, previousResultId: 'never-sent' });
    expect(reply.data).toEqual((await full()).data);
    expect(reply.resultId).toBeDefined();
  });

  it('computes an edit that turns any array into any other, no longer than the differing middle', () => {
    const next = random32(17);
    for (let round = 0; round < 2000; round++) {
      const before = Array.from({ length: Math.floor(next() * 30) }, () => Math.floor(next() * 4));
      const after = [...before];
      const at = Math.floor(next() * (after.length + 1));
      after.splice(at, Math.floor(next() * 4), ...Array.from({ length: Math.floor(next() * 4) }, () => Math.floor(next() * 4)));
      const edit = arrayEdit(before, after);
      const applied = [...before];
      if (edit) applied.splice(edit.start, edit.deleteCount, ...edit.data);
      expect(applied).toEqual(after);
      if (edit) expect(edit.data.length).toBeLessThanOrEqual(after.length - edit.start);
      if (JSON.stringify(before) === JSON.stringify(after)) expect(edit).toBeUndefined();
    }
  });
});
