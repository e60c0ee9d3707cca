import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DocumentLink, Location, Position } from 'vscode-languageserver';
import { showRange, startTestClient, type TestClient } from './lsp-harness.js';

const MAIN = 'file:///virtual/links/main.pen';
const LIB = 'file:///virtual/links/lib.pen';

const LIBRARY = `struct Pair {
  a: u64,
  b: u64,
}

server Adder "test-server" {
  fn add_two(tag: u64) -> u64 {
    return tag + 2;
  }
}
`;

const PROGRAM = `import "<|>lib.pen";
import "missing.pen";

enclave Caller {
  fn main() -> i64 {
    let ad<|>der = acquire Adder;
    var pair: Pair;
    var pairs: Pair[2];
    pa<|>irs[1] = pa<|>ir;
    let reply = ad<|>der.add<|>_two(pair.a);
    let n<|> = 1;
    return 0;
  }
}

host {
  let cal<|>ler = create Caller;
  print(run caller);
}
`;

const show = (location: Location | null) => (location ? `${location.uri.replace('file:///virtual/links/', '')} ${showRange(location.range)}` : null);

describe('type definition, declaration and document links', () => {
  let client: TestClient;
  let at: Position[];
  beforeEach(async () => {
    client = await startTestClient();
    await client.open(LIB, LIBRARY);
    at = await client.open(MAIN, PROGRAM);
  });
  afterEach(() => client.close());

  const ask = (method: string, position: Position) => client.request<Location | null>(method, { textDocument: { uri: MAIN }, position });

  it('goes from a handle to its server or enclave section and from a struct-typed value to its struct, across the import', async () => {
    const [, adderDecl, pairsUse, pairUse, handleUse, , local, callerHandle] = at;
    expect(show(await ask('textDocument/typeDefinition', adderDecl))).toBe('lib.pen 6:8-6:13');
    expect(show(await ask('textDocument/typeDefinition', handleUse))).toBe('lib.pen 6:8-6:13');
    expect(show(await ask('textDocument/typeDefinition', pairUse))).toBe('lib.pen 1:8-1:12');
    // An array of structs leads to the struct.
    expect(show(await ask('textDocument/typeDefinition', pairsUse))).toBe('lib.pen 1:8-1:12');
    expect(show(await ask('textDocument/typeDefinition', callerHandle))).toBe('main.pen 4:9-4:15');
    // A primitive type is declared nowhere.
    expect(await ask('textDocument/typeDefinition', local)).toBeNull();
  });

  it('finds the declaration of a name, which in Penglai is where it is defined', async () => {
    const [, , , , handleUse, method] = at;
    expect(show(await ask('textDocument/declaration', handleUse))).toBe('main.pen 6:9-6:14');
    expect(show(await ask('textDocument/declaration', method))).toBe('lib.pen 7:6-7:13');
  });

  it('links an import to the file it resolves to and gives an import that resolves nowhere no link', async () => {
    const links = await client.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri: MAIN } });
    expect(links.map((l) => [showRange(l.range), l.target])).toEqual([['1:9-1:16', LIB]]);
    expect(links[0].range.start).toEqual(at[0]);
    expect(await client.request('textDocument/documentLink', { textDocument: { uri: LIB } })).toEqual([]);
  });
});
