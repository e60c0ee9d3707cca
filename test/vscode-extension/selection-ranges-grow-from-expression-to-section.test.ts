import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SelectionRange } from 'vscode-languageserver';
import { extractMarkers, showRange, startTestClient, type TestClient } from './lsp-harness.js';

const URI = 'file:///virtual/selection/main.pen';

const SOURCE = `server Counter "counter" {
  fn count(limit: u64) -> u64 {
    var total: u64 = 0;
    for i in 0..limit {
      if i > 2 {
        total += i * (limit + 1<|>);
      }
    }
    return total;
  }
}
`;

/** The chain from the innermost range outwards, each range with the text it selects. */
function chain(text: string, range: SelectionRange | undefined): string[] {
  const lines = text.split('\n');
  const slice = (r: SelectionRange['range']) => {
    if (r.start.line === r.end.line) return lines[r.start.line].slice(r.start.character, r.end.character);
    return `${lines[r.start.line].slice(r.start.character).trim()} … ${lines[r.end.line].slice(0, r.end.character).trim()}`.trim();
  };
  const out: string[] = [];
  for (let at = range; at; at = at.parent) out.push(`${showRange(at.range)} ${slice(at.range)}`);
  return out;
}

describe('selection ranges', () => {
  let client: TestClient;
  beforeEach(async () => {
    client = await startTestClient();
  });
  afterEach(() => client.close());

  it('grow from a literal through the expressions, the statement, the blocks and loops, the function and the section to the file', async () => {
    const [cursor] = await client.open(URI, SOURCE);
    const { text } = extractMarkers(SOURCE);
    const [range] = await client.request<SelectionRange[]>('textDocument/selectionRange', { textDocument: { uri: URI }, positions: [cursor] });
    expect(chain(text, range)).toEqual([
      '6:31-6:32 1',
      '6:22-6:33 (limit + 1)',
      '6:18-6:33 i * (limit + 1)',
      '6:9-6:34 total += i * (limit + 1);',
      '5:16-7:8 { … }',
      '5:7-7:8 if i > 2 { … }',
      '4:23-8:6 { … }',
      '4:5-8:6 for i in 0..limit { … }',
      '2:31-10:4 { … }',
      '2:3-10:4 fn count(limit: u64) -> u64 { … }',
      '1:1-11:2 server Counter "counter" { … }',
      '1:1-12:1 server Counter "counter" { …', // the whole file
    ]);
  });

  it('answers one chain per position, in order', async () => {
    await client.open(URI, SOURCE);
    const ranges = await client.request<SelectionRange[]>('textDocument/selectionRange', {
      textDocument: { uri: URI },
      positions: [{ line: 2, character: 10 }, { line: 8, character: 12 }],
    });
    const { text } = extractMarkers(SOURCE);
    expect(ranges.map((r) => chain(text, r).slice(0, 3))).toEqual([
      ['3:9-3:14 total', '3:5-3:24 var total: u64 = 0;', '2:31-10:4 { … }'],
      ['9:12-9:17 total', '9:5-9:18 return total;', '2:31-10:4 { … }'],
    ]);
  });
});
