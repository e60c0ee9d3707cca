import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CompletionItem, InitializeResult } from 'vscode-languageserver';
import { BUILTIN_SIGNATURES, KEYWORD_DOCS } from '../../vscode-extension/src/describe.js';
import { startTestClient, type TestClient } from './lsp-harness.js';

const URI = 'file:///virtual/resolve/main.pen';

const SOURCE = `/// Two numbers.
struct Pair {
  /// The first.
  a: u64,
  b: u64,
}

/// Adds.
server Adder "test-server" {
  /// Adds 2 to the tag it is given.
  fn add_two(tag: u64) -> u64 {
    return tag + 2;
  }
}

enclave Caller {
  fn main() -> i64 {
    /// The handle.
    let adder = acquire Adder;
    var pair: Pair;
    <|>
    return 0;
  }
}
`;

describe('completion resolve', () => {
  let client: TestClient;
  let items: CompletionItem[];
  beforeEach(async () => {
    client = await startTestClient();
    const [position] = await client.open(URI, SOURCE);
    items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: URI }, position });
  });
  afterEach(() => client.close());

  const item = (label: string) => {
    const found = items.find((i) => i.label === label);
    if (!found) throw new Error(`no completion item ${label}`);
    return found;
  };
  const resolve = (i: CompletionItem) => client.request<CompletionItem>('completionItem/resolve', i);

  it('sends items without documentation, with data saying where to find it', () => {
    expect(items.filter((i) => i.documentation !== undefined)).toEqual([]);
    expect(item('adder').data).toEqual({ uri: URI, declaration: { file: '/virtual/resolve/main.pen', start: SOURCE.indexOf('let adder'), kind: 'LetStmt' } });
    expect(item('print').data).toEqual({ uri: URI, builtin: 'print' });
    expect(item('acquire').data).toEqual({ uri: URI, keyword: 'acquire' });
    // Nothing to look up: no data.
    expect(item('pair').data).toBeUndefined();
  });

  it('fills in the doc comment of a declaration, a builtin and a keyword, and leaves the rest of the item as it was', async () => {
    const adder = item('adder');
    expect(await resolve(adder)).toEqual({ ...adder, documentation: 'The handle.' });
    expect((await resolve(item('Pair'))).documentation).toBe('Two numbers.');
    expect((await resolve(item('print'))).documentation).toBe(BUILTIN_SIGNATURES.print.doc);
    expect((await resolve(item('acquire'))).documentation).toBe(KEYWORD_DOCS.acquire);
  });

  it('gives back an item whose data matches nothing as it came', async () => {
    const stale = { label: 'gone', data: { uri: URI, declaration: { file: '/virtual/resolve/main.pen', start: 5, kind: 'FnDecl' } } };
    expect(await resolve(stale)).toEqual(stale);
    expect(await resolve({ label: 'x', data: { builtin: 'toString' } })).toEqual({ label: 'x', data: { builtin: 'toString' } });
    expect(await resolve({ label: 'y' })).toEqual({ label: 'y' });
  });

  it('is announced', async () => {
    const fresh = await startTestClient({}, { uninitialized: true });
    const result = await fresh.request<InitializeResult>('initialize', { processId: null, rootUri: null, capabilities: {} });
    expect(result.capabilities.completionProvider).toEqual({ triggerCharacters: ['.', ' '], resolveProvider: true });
    fresh.close();
  });
});
