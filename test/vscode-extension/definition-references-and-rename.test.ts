import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Location, WorkspaceEdit } from 'vscode-languageserver';
import { extractMarkers, showRange, startTestClient, type TestClient } from './lsp-harness.js';

const URI = 'file:///virtual/refs/main.pen';

const SOURCE = `server Adder "test-server" {
  fn add_<|>two(tag: u64) -> u64 {
    return tag + 2;
  }
}

enclave Caller {
  fn main() -> i64 {
    let adder = acquire Ad<|>der;
    let reply = adder.add_two(1);
    let again = add<|>er.add_two(reply);
    return again as i64;
  }
}

host {
  let adder = create Adder;
  destroy adder;
}
`;

const show = (locations: Location[]) => locations.map((l) => `${l.uri.split('/').pop()} ${showRange(l.range)}`);

describe('definition, references and rename', () => {
  let client: TestClient;
  beforeEach(async () => {
    client = await startTestClient();
  });
  afterEach(() => client.close());

  it('goes from a server call to the function declaration', async () => {
    // Markers now: `Ad<|>der` (line 9), `add_t<|>wo` (line 10), `add<|>er` (line 11).
    const [, position] = await client.open(URI, SOURCE.replace('fn add_<|>two', 'fn add_two').replace('adder.add_two(1)', 'adder.add_t<|>wo(1)'));
    const location = await client.request<Location>('textDocument/definition', { textDocument: { uri: URI }, position });
    expect(show([location])).toEqual(['main.pen 2:6-2:13']);
  });

  it('finds every use of a server function, declaration included', async () => {
    const [position] = await client.open(URI, SOURCE);
    const locations = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: URI }, position, context: { includeDeclaration: true },
    });
    expect(show(locations)).toEqual(['main.pen 2:6-2:13', 'main.pen 10:23-10:30', 'main.pen 11:23-11:30']);
  });

  it('finds a server used by `acquire` and `create` across sections', async () => {
    const [, position] = await client.open(URI, SOURCE);
    const locations = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: URI }, position, context: { includeDeclaration: false },
    });
    expect(show(locations)).toEqual(['main.pen 9:25-9:30', 'main.pen 17:22-17:27']);
  });

  it('highlights the occurrences of the name under the cursor in this file', async () => {
    const [, , position] = await client.open(URI, SOURCE);
    const highlights = await client.request<{ range: Location['range'] }[]>('textDocument/documentHighlight', { textDocument: { uri: URI }, position });
    expect(highlights.map((h) => showRange(h.range))).toEqual(['9:9-9:14', '10:17-10:22', '11:17-11:22']);
  });

  it('renames a local and only that local (not the host variable of the same name)', async () => {
    const [, , position] = await client.open(URI, SOURCE);
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: URI }, position, newName: 'server_handle' });
    expect(edit.changes![URI].map((e) => `${showRange(e.range)} ${e.newText}`)).toEqual([
      '9:9-9:14 server_handle',
      '10:17-10:22 server_handle',
      '11:17-11:22 server_handle',
    ]);
  });

  it('refuses a keyword as the new name', async () => {
    const [, , position] = await client.open(URI, SOURCE);
    await expect(client.request('textDocument/rename', { textDocument: { uri: URI }, position, newName: 'while' })).rejects.toThrow('`while` is a keyword');
  });

  it('follows a name into an imported file and finds its uses from the importer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'penglaic-refs-'));
    writeFileSync(join(dir, 'adder.pen'), 'server Adder "test-server" {\n  fn add_two(tag: u64) -> u64 {\n    return tag + 2;\n  }\n}\n');
    const mainUri = pathToFileURL(join(dir, 'main.pen')).href;
    const adderUri = pathToFileURL(join(dir, 'adder.pen')).href;
    const [position] = await client.open(mainUri, 'import "adder.pen";\n\nenclave Caller {\n  fn main() -> i64 {\n    let a = acquire Adder;\n    return a.add_<|>two(1) as i64;\n  }\n}\n\nhost {\n  let c = create Caller;\n  print(run c);\n}\n');
    const definition = await client.request<Location>('textDocument/definition', { textDocument: { uri: mainUri }, position });
    expect(definition).toEqual({ uri: adderUri, range: { start: { line: 1, character: 5 }, end: { line: 1, character: 12 } } });
    // Asked from the imported file (open too), the use in the importer is found.
    const opened = extractMarkers('server Adder "test-server" {\n  fn add_t<|>wo(tag: u64) -> u64 {\n    return tag + 2;\n  }\n}\n');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: adderUri, languageId: 'penglai', version: 1, text: opened.text } });
    const references = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: adderUri }, position: opened.positions[0], context: { includeDeclaration: true },
    });
    expect(show(references)).toEqual(['adder.pen 2:6-2:13', 'main.pen 6:14-6:21']);
  });
});
