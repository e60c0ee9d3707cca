import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InlayHint, Position } from 'vscode-languageserver';
import { startTestClient, type TestClient } from './lsp-harness.js';

const URI = 'file:///virtual/inlay/main.pen';

// Every `<|>` marks where a hint belongs, in order.
const SOURCE = `struct Pair {
  a: u64,
  b: u64,
}

server Adder "test-server" {
  let limit<|> = 4;
  fn fill(tag: u64, nums: inout u32[4], result: out Pair) -> u64 {
    result.a = tag;
    return tag;
  }
}

enclave Caller {
  fn main() -> i64 {
    let adder<|> = acquire Adder<|>;
    var count<|> = 0;
    var nums: u32[4];
    var result: Pair;
    let tag: u64 = 7;
    let reply<|> = adder.fill(tag, <|>nums, <|>result);
    let again<|> = adder.fill(<|>0x19960000 + 1, <|>nums, <|>result);
    return 0;
  }
}
`;

const show = (hint: InlayHint) => `${hint.position.line + 1}:${hint.position.character + 1} ${typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join('')}${hint.kind ? ` (${hint.kind === 1 ? 'type' : 'parameter'})` : ''}`;

describe('inlay hints', () => {
  let client: TestClient;
  let markers: Position[];
  beforeEach(async () => {
    client = await startTestClient();
    markers = await client.open(URI, SOURCE);
  });
  afterEach(() => client.close());

  const hints = (start: Position, end: Position) => client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: URI }, range: { start, end } });

  it('shows inferred types, parameter names with their direction at server calls, and the registered name after acquire', async () => {
    // The program checks (unused-variable warnings aside): the hints describe a valid program.
    expect((await client.nextDiagnostics(URI)).filter((d) => d.severity === 1)).toEqual([]);
    const all = await hints({ line: 0, character: 0 }, { line: 100, character: 0 });
    expect(all.map((h) => h.position)).toEqual(markers);
    expect(all.map(show)).toEqual([
      // Integer literals are i64 unless something says otherwise (grammar README, "Types").
      '7:12 : i64 (type)',
      '16:14 : server<Adder> (type)',
      '16:30 "test-server"',
      '17:14 : i64 (type)',
      '21:14 : u64 (type)',
      // Arguments named like their parameters: only the directions are news there.
      '21:33 inout (parameter)',
      '21:39 out (parameter)',
      '22:14 : u64 (type)',
      '22:28 tag: (parameter)',
      '22:44 inout (parameter)',
      '22:50 out (parameter)',
    ]);
    expect(all.find((h) => h.label === '"test-server"')).toMatchObject({ paddingLeft: true, tooltip: 'the name the monitor looks up: acquire_enclave("test-server")' });
    expect(all.find((h) => h.label === 'tag:')).toMatchObject({ paddingRight: true });
  });

  it('answers only the hints inside the requested range', async () => {
    const inside = await hints({ line: 20, character: 0 }, { line: 20, character: 40 });
    expect(inside.map(show)).toEqual(['21:14 : u64 (type)', '21:33 inout (parameter)', '21:39 out (parameter)']);
    // The range ends inside the second argument: the third's hint is outside it.
    expect((await hints({ line: 21, character: 0 }, { line: 21, character: 45 })).map(show)).toEqual(['22:14 : u64 (type)', '22:28 tag: (parameter)', '22:44 inout (parameter)']);
    expect(await hints({ line: 18, character: 0 }, { line: 19, character: 0 })).toEqual([]);
  });
});
