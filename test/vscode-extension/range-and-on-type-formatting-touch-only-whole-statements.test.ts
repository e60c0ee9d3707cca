import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Position, Range, TextEdit } from 'vscode-languageserver';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatSource } from '../../grammar/format.js';
import { scan } from '../../grammar/scanner.js';
import { random32 } from './protocol-scripts.js';
import { extractMarkers, showRange, startTestClient, type TestClient } from './lsp-harness.js';

const URI = 'file:///virtual/range-format/main.pen';

// Four statements laid out badly; the markers bound the range the editor asks about.
const MESSY = `server Adder "test-server" {
  fn add_two(tag: u64) -> u64 {
      var a:u64=tag;
    var b :u64 =  a+<|>1;
  var c: u64=b  *2;<|>
        return c+  a;
  }
}
`;

/** Applies edits (non-overlapping, any order) to a text. */
function apply(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: Position) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start)).reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

describe('range formatting', () => {
  let client: TestClient;
  beforeEach(async () => {
    client = await startTestClient();
  });
  afterEach(() => client.close());

  const rangeFormat = (range: Range) => client.request<TextEdit[]>('textDocument/rangeFormatting', { textDocument: { uri: URI }, range, options: { tabSize: 2, insertSpaces: true } });

  it('formats the whole statements the range touches, with minimal edits, and nothing else', async () => {
    const [start, end] = await client.open(URI, MESSY);
    const { text } = extractMarkers(MESSY);
    const edits = await rangeFormat({ start, end });
    // Each edit replaces only the characters that differ: an indent, a space, a missing space.
    expect(edits.map((e) => `${showRange(e.range)} ${JSON.stringify(e.newText)}`)).toEqual([
      '4:10-4:11 ""',
      '4:12-4:12 " "',
      '4:18-4:19 ""',
      '4:20-4:20 " "',
      '4:21-4:21 " "',
      '5:3-5:3 "  "',
      '5:13-5:13 " "',
      '5:14-5:14 " "',
      '5:16-5:17 ""',
      '5:18-5:18 " "',
    ]);
    const result = apply(text, edits);
    expect(result.split('\n').slice(2, 6)).toEqual([
      '      var a:u64=tag;',
      '    var b: u64 = a + 1;',
      '    var c: u64 = b * 2;',
      '        return c+  a;',
    ]);
  });

  it('agrees with whole-document formatting when the range covers everything', async () => {
    await client.open(URI, MESSY);
    const { text } = extractMarkers(MESSY);
    const edits = await rangeFormat({ start: { line: 0, character: 0 }, end: { line: 9, character: 0 } });
    expect(apply(text, edits)).toBe(formatSource(text));
  });

  it('formats a statement even when a section it is not in does not lex', async () => {
    const text = 'server Adder "s" {\n  fn f() -> u64 { return 1 § 2; }\n}\nhost {\n  let a=create   Adder;\n}\n';
    await client.open(URI, text);
    const edits = await rangeFormat({ start: { line: 4, character: 3 }, end: { line: 4, character: 4 } });
    expect(apply(text, edits).split('\n')[4]).toBe('  let a = create Adder;');
    // The section with the stray character is left as it is.
    expect(await rangeFormat({ start: { line: 1, character: 3 }, end: { line: 1, character: 4 } })).toEqual([]);
  });

  it('never changes a token and converges on the whole-document layout, for any range', async () => {
    const text = readFileSync(join(import.meta.dirname, '../../samples/server-call/main.pen'), 'utf8').replace(/ {2}/g, '   ').replace(/ = /g, '=');
    await client.open(URI, text);
    const lines = text.split('\n');
    const next = random32(4242);
    const at = () => {
      const line = Math.floor(next() * lines.length);
      return { line, character: Math.floor(next() * (lines[line].length + 1)) };
    };
    const tokens = (t: string) => scan(t).all.map((token) => token.text);
    for (let round = 0; round < 60; round++) {
      const [a, b] = [at(), at()].sort((x, y) => x.line - y.line || x.character - y.character);
      const result = apply(text, await rangeFormat({ start: a, end: b }));
      expect(tokens(result)).toEqual(tokens(text));
      expect(formatSource(result)).toBe(formatSource(text));
    }
  });

  it('formats after `;` the statement it ends and after `}` the statement that brace closes', async () => {
    const typed = `host {
  let a=create   Adder;<|>
    if true {
  print( 1 ) ;
        }<|>
}
server Adder "s" { fn f() -> u64 { return 1; } }
`;
    const [semicolon, brace] = await client.open(URI, typed);
    const { text } = extractMarkers(typed);
    const onType = (position: Position, ch: string) => client.request<TextEdit[]>('textDocument/onTypeFormatting', { textDocument: { uri: URI }, position, ch, options: { tabSize: 2, insertSpaces: true } });
    expect(apply(text, await onType(semicolon, ';')).split('\n').slice(0, 5)).toEqual(['host {', '  let a = create Adder;', '    if true {', '  print( 1 ) ;', '        }']);
    expect(apply(text, await onType(brace, '}')).split('\n').slice(0, 5)).toEqual(['host {', '  let a=create   Adder;', '  if true {', '    print(1);', '  }']);
    // The character must be the one just typed.
    expect(await onType(semicolon, '}')).toEqual([]);
  });
});
