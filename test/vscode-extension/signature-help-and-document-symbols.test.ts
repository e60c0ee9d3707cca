import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DocumentSymbol, SignatureHelp } from 'vscode-languageserver';
import { showRange, startTestClient, type TestClient } from './lsp-harness.js';

const URI = 'file:///virtual/sig/main.pen';

const SOURCE = `const SIZE: u64 = 4;

struct Pair {
  a: u32,
  b: u32,
}

server Adder "test-server" {
  var calls: u64 = 0;
  /// Fills the numbers.
  fn fill(tag: u64, nums: inout u32[4]) -> u64 {
    calls += 1;
    return tag;
  }
  private fn helper() {}
}

enclave Caller {
  fn main() -> i64 {
    var nums: u32[4];
    let adder = acquire Adder;
    let r = adder.fill(<|>1, <|>nums);
    let s = adder.fill(2, (3 + <|>4) as u32
    return 0;
  }
}

host {
  let c = create Caller;
  print(<|>run c);
}
`;

describe('signature help', () => {
  let client: TestClient;
  let markers: { line: number; character: number }[];
  beforeEach(async () => {
    client = await startTestClient();
    markers = await client.open(URI, SOURCE);
  });
  afterEach(() => client.close());

  const help = (i: number) => client.request<SignatureHelp | null>('textDocument/signatureHelp', { textDocument: { uri: URI }, position: markers[i] });

  it('shows the server function signature with the first parameter active', async () => {
    const result = await help(0);
    expect(result).toEqual({
      signatures: [{
        label: 'fn Adder.fill(tag: u64, nums: inout u32[4]) -> u64',
        parameters: [{ label: [14, 22] }, { label: [24, 42] }],
        documentation: 'Fills the numbers.',
      }],
      activeSignature: 0,
      activeParameter: 0,
    });
  });

  it('moves to the second parameter after a comma', async () => {
    expect((await help(1))?.activeParameter).toBe(1);
  });

  it('finds the call around nested parentheses in an unfinished argument list', async () => {
    const result = await help(2);
    expect(result?.signatures[0].label).toBe('fn Adder.fill(tag: u64, nums: inout u32[4]) -> u64');
    expect(result?.activeParameter).toBe(1);
  });

  it('describes builtins', async () => {
    expect((await help(3))?.signatures[0].label).toBe('print(values...)');
  });
});

describe('document symbols', () => {
  it('outlines constants, structs, sections with their members, and the host', async () => {
    const client = await startTestClient();
    await client.open(URI, SOURCE);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: URI } });
    const show = (s: DocumentSymbol, depth = 0): string[] => [
      `${'  '.repeat(depth)}${[s.name, s.kind, s.detail, showRange(s.range), showRange(s.selectionRange)].filter((x) => x !== undefined).join(' ')}`,
      ...(s.children ?? []).flatMap((c) => show(c, depth + 1)),
    ];
    expect(symbols.flatMap((s) => show(s))).toEqual([
      'SIZE 14 const 1:1-1:21 1:7-1:11',
      'Pair 23 struct 3:1-6:2 3:8-3:12',
      '  a 8 4:3-4:9 4:3-4:4',
      '  b 8 5:3-5:9 5:3-5:4',
      'Adder 5 server "test-server" 8:1-16:2 8:8-8:13',
      '  calls 13 var 9:3-9:22 9:7-9:12',
      '  fill 6 11:3-14:4 11:6-11:10',
      '  helper 6 private 15:3-15:25 15:14-15:20',
      'Caller 5 enclave 18:1-26:2 18:9-18:15',
      '  main 12 19:3-25:4 19:6-19:10',
      'host 3 28:1-31:2 28:1-31:2',
    ]);
    client.close();
  });
});
