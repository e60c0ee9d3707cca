import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CompletionItem } from 'vscode-languageserver';
import { isBuiltinName } from '../../compiler/builtins.js';
import { startTestClient, type TestClient } from './lsp-harness.js';

const URI = 'file:///virtual/completion/main.pen';

const program = (callerBody: string) => `server Adder "test-server" {
  /// Adds 2 to the tag it is given.
  fn add_two(tag: u64) -> u64 {
    return tag + 2;
  }
  fn fill(tag: u64, nums: inout u32[4]) -> u64 {
    return tag;
  }
  private fn helper() -> u64 {
    return 1;
  }
}

server Logger "logger" {
  fn log(value: u64) {
    print(value);
  }
}

enclave Caller {
  fn main() -> i64 {
${callerBody}
  }
}

host {
  let caller = create Caller;
  print("returned ", run caller);
}
`;

describe('completion', () => {
  let client: TestClient;
  beforeEach(async () => {
    client = await startTestClient();
  });
  afterEach(() => client.close());

  const complete = async (marked: string) => {
    const [position] = await client.open(URI, marked);
    return client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: URI }, position });
  };

  it("lists a server handle's public functions with signatures after `.`", async () => {
    const items = await complete(program('    let adder = acquire Adder;\n    let r = adder.<|>\n    return 0;'));
    expect(items.map((i) => [i.label, i.detail])).toEqual([
      ['add_two', 'fn Adder.add_two(tag: u64) -> u64'],
      ['fill', 'fn Adder.fill(tag: u64, nums: inout u32[4]) -> u64'],
    ]);
    // The documentation comes with completionItem/resolve (completion-resolve-fills-in-documentation.test.ts).
    expect(items[0].documentation).toBeUndefined();
    expect((await client.request<CompletionItem>('completionItem/resolve', items[0])).documentation).toBe('Adds 2 to the tag it is given.');
  });

  it('inserts a server function as a snippet only for a client that supports snippets', async () => {
    const marked = program('    let adder = acquire Adder;\n    let r = adder.<|>\n    return 0;');
    const plain = (await complete(marked))[0];
    expect([plain.insertText, plain.insertTextFormat]).toEqual(['add_two', 1]);
    const snippetClient = await startTestClient({}, { capabilities: { textDocument: { completion: { completionItem: { snippetSupport: true } } } } });
    const [position] = await snippetClient.open(URI, marked);
    const items = await snippetClient.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: URI }, position });
    expect([items[0].insertText, items[0].insertTextFormat]).toEqual(['add_two($0)', 2]);
    snippetClient.close();
  });

  it('lists servers after `acquire`', async () => {
    const items = await complete(program('    let s = acquire <|>\n    return 0;'));
    expect(items.map((i) => [i.label, i.detail])).toEqual([
      ['Adder', 'server Adder "test-server"'],
      ['Logger', 'server Logger "logger"'],
    ]);
  });

  it('lists servers and enclaves after `create`', async () => {
    const [position] = await client.open(URI, program('    return 0;').replace('let caller = create Caller;', 'let caller = create C<|>'));
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: URI }, position });
    expect(items.map((i) => i.label)).toEqual(['Adder', 'Logger', 'Caller']);
  });

  it('offers the names in scope, builtins and keywords elsewhere', async () => {
    const items = await complete(program('    let total: u64 = 5;\n    var count: u32 = 0;\n    <|>\n    return 0;'));
    const labels = items.map((i) => i.label);
    expect(labels.slice(0, 5)).toEqual(['Adder', 'Logger', 'Caller', 'main', 'total']);
    expect(items.find((i) => i.label === 'count')?.detail).toBe('var count: u32');
    expect(labels).toContain('print');
    expect(labels).toContain('acquire');
    expect(labels).toContain('u64');
    expect(labels).not.toContain('caller'); // a host local is not visible in an enclave
  });

  it('offers only the builtins the builtin table allows in each section', async () => {
    const builtins = (items: CompletionItem[]) => items.map((i) => i.label).filter((label) => isBuiltinName(label));
    // In an enclave: not the caller's identity, which only a server has.
    expect(builtins(await complete(program('    <|>\n    return 0;')))).toEqual([
      'print', 'hex', 'assert', 'assert_eq', 'peek64', 'poke64', 'peek8', 'poke8',
      'measurement', 'random_u64', 'report', 'server_report', 'verify_report', 'seal', 'unseal', 'sealing_key',
    ]);
    const [position] = await client.open(URI, program('    return 0;').replace('print("returned ", run caller);', 'print("returned ", run caller);\n  <|>'));
    const host = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: URI }, position });
    expect(builtins(host)).toEqual(['print', 'hex', 'assert', 'assert_eq', 'measurement']);
    expect(host.find((i) => i.label === 'peek64')).toBeUndefined();
  });

  it('offers types after a `:`', async () => {
    const items = await complete(program('    var x: <|>\n    return 0;'));
    expect(items.map((i) => i.label)).toEqual(['u8', 'u16', 'u32', 'u64', 'i8', 'i16', 'i32', 'i64', 'bool', 'Adder', 'Logger', 'Caller', 'server', 'enclave']);
  });

  it('offers nothing inside a comment or a string', async () => {
    expect(await complete(program('    // acquire <|>\n    return 0;'))).toEqual([]);
    expect(await complete(program('    print("adder.<|>");\n    return 0;'))).toEqual([]);
  });

  it('maps the cursor into the last checked text when lines were typed since', async () => {
    client.close();
    // Quick diagnostics on and the full check far away: completion answers from the version-1
    // analysis while the document already has 40 more lines.
    client = await startTestClient({ quickCheckFrom: 0, fullCheckDelay: 60_000 });
    const text = program('    let adder = acquire Adder;\n    return adder.add_two(1) as i64;');
    await client.open(URI, text);
    await client.nextDiagnostics(URI, 1);
    const line = text.split('\n').indexOf('    return adder.add_two(1) as i64;');
    await client.change(URI, 2, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '\n'.repeat(40) + '    adder.\n' }]);
    await client.nextDiagnostics(URI, 2);
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: URI }, position: { line: line + 40, character: 10 } });
    expect(items.map((i) => i.label)).toEqual(['add_two', 'fill']);
  });
});
