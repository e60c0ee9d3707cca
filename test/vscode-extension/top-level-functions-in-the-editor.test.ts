// Top-level functions (grammar/README.md, "Functions") in the editor: the outline lists
// them, completion offers them inside sections, and hovering a trusted-execution builtin
// shows its entry of the builtin table.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CompletionItem, DocumentSymbol, Hover } from 'vscode-languageserver';
import { startTestClient, type TestClient } from './lsp-harness.js';

const URI = 'file:///virtual/shared/main.pen';

const SOURCE = (body: string) => `fn twice(x: u64) -> u64 { return 2 * x; }

server Vault "vault" {
  const TRUSTED: u8[32] = measurement(Client);
  fn reveal() -> u64 {
    if caller_measurement() != TRUSTED { return 0; }
    return twice(21);
  }
}

enclave Client {
  fn main() -> i64 {
${body}
  }
}
`;

describe('top-level functions and trusted-execution builtins in the editor', () => {
  let client: TestClient;
  beforeEach(async () => {
    client = await startTestClient();
  });
  afterEach(() => client.close());

  it('outlines a top-level function next to the sections', async () => {
    await client.open(URI, SOURCE('    return 0;'));
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: URI } });
    expect(symbols.map((s) => `${s.name} ${s.kind}`)).toEqual(['twice 12', 'Vault 5', 'Client 5']);
  });

  it('offers a top-level function inside a section', async () => {
    const [position] = await client.open(URI, SOURCE('    let y = tw<|>\n    return 0;'));
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: URI }, position });
    expect(items.find((i) => i.label === 'twice')?.detail).toBe('fn twice(x: u64) -> u64');
  });

  /** The hover text over `word` on the first line of the program that contains `lineText`. */
  const hoverOver = async (lineText: string, word: string) => {
    const text = SOURCE('    return 0;');
    await client.open(URI, text);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes(lineText));
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: URI }, position: { line, character: lines[line].indexOf(word) + 1 } });
    return typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : JSON.stringify(hover.contents);
  };

  it('hovers a measurement constant as what it is, not as bytes', async () => {
    expect(await hoverOver('!= TRUSTED', 'TRUSTED')).toContain('const TRUSTED: u8[32] = measurement(Client) (filled in by the build)');
  });

  it('hovers a trusted-execution builtin with its signature and what it does', async () => {
    const value = await hoverOver('caller_measurement()', 'caller_measurement');
    expect(value).toContain('caller_measurement() -> u8[32]');
    expect(value).toContain('The measurement of the enclave this server is serving');
  });
});
