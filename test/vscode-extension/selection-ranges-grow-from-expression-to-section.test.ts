import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SelectionRange } from 'vscode-languageserver';
import { extractMarkers, showRange, startTestClient, type TestClient } from './lsp-harness.js';

const URI = 'file:///virtual/selection/main.pen';

const SOURCE = `server Adder "test-server" {
  fn add_two(tag: u64) -> u64 {
    return tag + 2;
  }
}

enclave Caller {
  fn main() -> i64 {
    let adder = acquire Adder;
    if true {
      let reply = adder.add_two(0x1996 + 1<|>);
    }
    return 0;
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

  it('grow from a literal through the expression, the call, the statement, the blocks, the function and the section to the file', async () => {
    const [cursor] = await client.open(URI, SOURCE);
    const { text } = extractMarkers(SOURCE);
    const [range] = await client.request<SelectionRange[]>('textDocument/selectionRange', { textDocument: { uri: URI }, positions: [cursor] });
    expect(chain(text, range)).toEqual([
      '11:42-11:43 1',
      '11:33-11:43 0x1996 + 1',
      '11:19-11:44 adder.add_two(0x1996 + 1)',
      '11:7-11:45 let reply = adder.add_two(0x1996 + 1);',
      '10:13-12:6 { … }',
      '10:5-12:6 if true { … }',
      '8:20-14:4 { … }',
      '8:3-14:4 fn main() -> i64 { … }',
      '7:1-15:2 enclave Caller { … }',
      '1:1-16:1 server Adder "test-server" { …', // the whole file
    ]);
  });

  it('answers one chain per position, in order', async () => {
    await client.open(URI, SOURCE);
    const ranges = await client.request<SelectionRange[]>('textDocument/selectionRange', {
      textDocument: { uri: URI },
      positions: [{ line: 2, character: 12 }, { line: 8, character: 9 }],
    });
    const { text } = extractMarkers(SOURCE);
    expect(ranges.map((r) => chain(text, r).slice(0, 3))).toEqual([
      ['3:12-3:15 tag', '3:12-3:19 tag + 2', '3:5-3:20 return tag + 2;'],
      ['9:9-9:14 adder', '9:5-9:31 let adder = acquire Adder;', '8:20-14:4 { … }'],
    ]);
  });
});
