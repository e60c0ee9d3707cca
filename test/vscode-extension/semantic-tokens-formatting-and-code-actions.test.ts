import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodeAction, SemanticTokens, TextEdit } from 'vscode-languageserver';
import { formatSource } from '../../grammar/format.js';
import { semanticTokensLegend } from '../../vscode-extension/src/semantic-tokens.js';
import { extractMarkers, showRange, startTestClient, type TestClient } from './lsp-harness.js';

const URI = 'file:///virtual/tokens/main.pen';

/** Decodes the relative LSP encoding back into `line:col text type[+modifiers]` rows. */
function decode(text: string, tokens: SemanticTokens): string[] {
  const lines = text.split('\n');
  const rows: string[] = [];
  let line = 0;
  let col = 0;
  for (let i = 0; i < tokens.data.length; i += 5) {
    const [dl, dc, length, type, modifiers] = tokens.data.slice(i, i + 5);
    line += dl;
    col = dl === 0 ? col + dc : dc;
    const mods = semanticTokensLegend.tokenModifiers.filter((_, bit) => modifiers & (1 << bit));
    rows.push(`${line + 1}:${col + 1} ${lines[line].slice(col, col + length)} ${semanticTokensLegend.tokenTypes[type]}${mods.map((m) => '+' + m).join('')}`);
  }
  return rows;
}

describe('semantic tokens', () => {
  it('colours names by what they resolve to', async () => {
    const client = await startTestClient();
    const text = 'server Adder "s" {\n  /// Doc.\n  fn add(tag: u64) -> u64 { return tag + 2; }\n}\n';
    await client.open(URI, text);
    const tokens = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: URI } });
    expect(decode(text, tokens)).toEqual([
      '1:1 server keyword',
      '1:8 Adder namespace+declaration',
      '1:14 "s" string',
      '2:3 /// Doc. comment+documentation',
      '3:3 fn keyword',
      '3:6 add method+declaration',
      '3:10 tag parameter+declaration+readonly',
      '3:15 u64 type',
      '3:20 -> operator',
      '3:23 u64 type',
      '3:29 return keyword',
      '3:36 tag parameter+readonly',
      '3:40 + operator',
      '3:42 2 number',
    ]);
    client.close();
  });
});

describe('formatting', () => {
  it('re-spaces and re-indents, keeping comments and line breaks', () => {
    const ugly = 'server   Adder "test-server"{\n/// Adds two.\nfn add_two( tag:u64 , nums : inout u32 [ 4 ] )->u64{\nvar s:u64=-tag+ ~1;   // why\nfor i in 0 .. 4{ s+=nums[ i ] ; }\n\n\n\nreturn s ;\n}\n}\n';
    expect(formatSource(ugly)).toBe(
      'server Adder "test-server" {\n  /// Adds two.\n  fn add_two(tag: u64, nums: inout u32[4]) -> u64 {\n    var s: u64 = -tag + ~1; // why\n    for i in 0..4 { s += nums[i]; }\n\n    return s;\n  }\n}\n',
    );
  });

  it('leaves every sample and test program unchanged or formats it idempotently', () => {
    const root = join(import.meta.dirname, '../..');
    const files = [
      ...['hello', 'server-call'].map((s) => join(root, 'samples', s, 'main.pen')),
      ...readdirSync(join(root, 'test/compiler/programs')).map((f) => join(root, 'test/compiler/programs', f)),
    ];
    for (const file of files) {
      const once = formatSource(readFileSync(file, 'utf8'));
      expect(formatSource(once), file).toBe(once);
    }
    expect(formatSource(readFileSync(join(root, 'samples/server-call/main.pen'), 'utf8'))).toBe(readFileSync(join(root, 'samples/server-call/main.pen'), 'utf8'));
  });

  it('returns text it cannot tokenise cleanly unchanged', () => {
    expect(formatSource('host {  print("open\n}')).toBe('host {  print("open\n}');
    expect(formatSource('host { let x = 1 § 2; }')).toBe('host { let x = 1 § 2; }');
  });

  it('answers textDocument/formatting with one whole-document edit', async () => {
    const client = await startTestClient();
    await client.open(URI, 'host {\nlet x=1;\nprint(x);\n}');
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: URI }, options: { tabSize: 4, insertSpaces: true } });
    expect(edits.map((e) => `${showRange(e.range)} ${JSON.stringify(e.newText)}`)).toEqual(['1:1-4:2 "host {\\n  let x = 1;\\n  print(x);\\n}\\n"']);
    client.close();
  });
});

describe('code actions', () => {
  let client: TestClient;
  beforeEach(async () => {
    client = await startTestClient();
  });
  afterEach(() => client.close());

  const actionsAt = async (marked: string) => {
    const [start, end] = extractMarkers(marked).positions;
    await client.open(URI, marked);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI }, range: { start, end: end ?? start }, context: { diagnostics: [] },
    });
    return actions.map((a) => [a.title, ...a.edit!.changes![URI].map((e) => `${showRange(e.range)} ${JSON.stringify(e.newText)}`)]);
  };

  it('inserts a missing `;`', async () => {
    expect(await actionsAt('host {\n  let x = 1<|>\n  print(x);\n}\n')).toEqual([['Insert `;`', '2:12-2:12 ";"']]);
  });

  it('renames an unused variable to start with `_`', async () => {
    expect(await actionsAt('host {\n  let <|>count = 1;\n}\n')).toEqual([['Rename to `_count` to keep it unused', '2:7-2:12 "_count"']]);
  });

  it('corrects a misspelt name to the closest one in scope', async () => {
    expect(await actionsAt('host {\n  let count = 1;\n  print(<|>cuont);\n}\n')).toEqual([['Change to `count`', '3:9-3:14 "count"']]);
  });

  it('changes `=` to `==` in a condition', async () => {
    expect(await actionsAt('host {\n  let x = 1;\n  if x <|>= 1 { print(x); }\n}\n')).toEqual([['Change `=` to `==`', '3:8-3:9 "=="']]);
  });

  it('corrects a misspelt field and a misspelt server function', async () => {
    const fields = 'struct P { width: u32 }\nenclave E {\n  fn main() -> i64 {\n    var p: P;\n    p.<|>widht = 1;\n    return 0;\n  }\n}\nhost { let e = create E; print(run e); }\n';
    expect(await actionsAt(fields)).toEqual([['Change to `width`', '5:7-5:12 "width"']]);
    const server = 'server A "a" {\n  fn get(x: u64) -> u64 { return x; }\n}\nenclave C {\n  fn main() -> i64 {\n    let a = acquire A;\n    return a.<|>gte(1) as i64;\n  }\n}\nhost {\n  let a = create A;\n  let c = create C;\n  print(run c);\n  destroy a;\n}\n';
    expect(await actionsAt(server)).toEqual([['Change to `get`', '7:14-7:17 "get"']]);
  });

  it('widens an operand before arithmetic that would wrap', async () => {
    const source = 'enclave E {\n  fn main() -> i64 {\n    let w: u8 = 200;\n    let s: u16 = <|>w + 100;\n    return s as i64;\n  }\n}\nhost { let e = create E; print(run e); }\n';
    expect(await actionsAt(source)).toEqual([['Compute in `u16`', '4:18-4:25 "(w as u16) + 100"']]);
  });

  it('links each diagnostic code to its entry in the reference', async () => {
    client.close();
    client = await startTestClient({ docsRoot: join(import.meta.dirname, '../..') });
    await client.open(URI, 'host {\n  let x = 1;\n  if x = 1 { print(x); }\n}\n');
    const [diagnostic] = await client.nextDiagnostics(URI);
    expect(diagnostic.code).toBe('E0012');
    expect(diagnostic.codeDescription?.href).toMatch(/^file:\/\/\/.*\/grammar\/README\.md#7-parse-diagnostics$/);
  });

  it('adds a `main` to an enclave without one', async () => {
    expect(await actionsAt('enclave <|>Empty {\n}\n\nhost {\n  let e = create Empty;\n  print(run e);\n}\n')).toEqual([
      ['Add `fn main() -> i64`', '2:1-2:1 "  fn main() -> i64 {\\n    return 0;\\n  }\\n"'],
    ]);
  });

  it('removes extra arguments of a server call', async () => {
    const source = 'server A "a" {\n  fn f(x: u64) -> u64 { return x; }\n}\nenclave C {\n  fn main() -> i64 {\n    let a = acquire A;\n    return a.f(<|>1, 2, 3) as i64;\n  }\n}\nhost {\n  let a = create A;\n  let c = create C;\n  print(run c);\n  destroy a;\n}\n';
    expect(await actionsAt(source)).toEqual([['Remove the 2 extra arguments', '7:17-7:23 ""']]);
  });
});
