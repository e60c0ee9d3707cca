import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hover, MarkupContent } from 'vscode-languageserver';
import { showRange, startTestClient, type TestClient } from './lsp-harness.js';

const URI = 'file:///virtual/hover/main.pen';

const SOURCE = `const LIMIT: u64 = 10;

server Adder "test-server" {
  /// Adds 2 to the tag it is given.
  fn add_two(tag: u64, nums: inout u32[4]) -> u64 {
    return t<|>ag + 2;
  }
}

enclave Caller {
  fn main() -> i64 {
    var nums: u32[4];
    let ad<|>der = acq<|>uire Add<|>er;
    let reply = adder.add_<|>two(LIM<|>IT, nums);
    print(reply + <|>1);
    return 0;
  }
}

host {
  let caller = create Caller;
  pri<|>nt("returned ", run caller);
}
`;

describe('hover', () => {
  let client: TestClient;
  let markers: { line: number; character: number }[];
  beforeAll(async () => {
    client = await startTestClient();
    markers = await client.open(URI, SOURCE);
  });
  afterAll(() => client.close());

  const hover = async (i: number) => {
    const result = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: URI }, position: markers[i] });
    return result ? { text: (result.contents as MarkupContent).value, range: showRange(result.range!) } : null;
  };

  it('shows a parameter with its type', async () => {
    expect(await hover(0)).toEqual({ text: '```penglai\n(parameter) tag: u64\n```', range: '6:12-6:15' });
  });

  it('shows a handle local with its server type', async () => {
    expect(await hover(1)).toEqual({ text: '```penglai\nlet adder: server<Adder>\n```', range: '13:9-13:14' });
  });

  it('explains an enclave operation keyword', async () => {
    expect(await hover(2)).toEqual({
      text: '`acquire Name`: an enclave or server looks up a server by its registered name and gets a `server<Name>` handle for typed calls. Enclaves and servers only.',
      range: '13:17-13:24',
    });
  });

  it('shows a server with its registered name and interface', async () => {
    expect(await hover(3)).toEqual({ text: '```penglai\nserver Adder "test-server"\n```\n\nFunctions:\n- `add_two`', range: '13:25-13:30' });
  });

  it('shows a server function signature and its doc comment', async () => {
    expect(await hover(4)).toEqual({
      text: '```penglai\nfn Adder.add_two(tag: u64, nums: inout u32[4]) -> u64\n```\n\nAdds 2 to the tag it is given.',
      range: '14:23-14:30',
    });
  });

  it('shows a constant with its value', async () => {
    expect(await hover(5)).toEqual({ text: '```penglai\nconst LIMIT: u64 = 10\n```', range: '14:31-14:36' });
  });

  it('shows the type of a literal expression', async () => {
    expect(await hover(6)).toEqual({ text: '```penglai\nu64\n```', range: '15:19-15:20' });
  });

  it('describes a builtin', async () => {
    expect(await hover(7)).toEqual({
      text: '```penglai\nprint(values...)\n```\n\nPrints strings, integers, booleans and `hex(x)` on one line.',
      range: '22:3-22:8',
    });
  });
});
