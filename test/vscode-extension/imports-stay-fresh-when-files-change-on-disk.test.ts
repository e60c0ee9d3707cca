// An imported file that is not open changes on disk: the server has asked the client to
// watch `**/*.pen` (workspace/didChangeWatchedFiles, dynamic registration), and on the
// client's notification it rechecks every open document that imports the file. A seeded
// sequence of random rewrites and deletions of the import checks that the importer's
// diagnostics always equal the CLI checker's for what is on disk at that moment.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkProgram, diskHost } from '../../compiler/check/index.js';
import { startTestClient, type TestClient } from './lsp-harness.js';

const MAIN = `import "adder.pen";

enclave Caller {
  fn main() -> i64 {
    let a = acquire Adder;
    return a.add_two(1) as i64;
  }
}

host {
  let c = create Caller;
  print(run c);
}
`;

const CAPABILITIES = { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } };
const FILE_CHANGE = { created: 1, changed: 2, deleted: 3 } as const;

/** Diagnostics published for `uri` after the `count`-th publication so far. */
function publicationAfter(client: TestClient, uri: string, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      const mine = client.published.filter((p) => p.uri === uri);
      if (mine.length > count) resolve(mine[count].diagnostics.map((d) => `${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1}`));
      else if (Date.now() - started > 5000) reject(new Error(`no diagnostics for ${uri} after publication ${count}`));
      else setTimeout(poll, 5);
    };
    poll();
  });
}

function cliDiagnostics(mainFile: string): string[] {
  const checked = checkProgram(mainFile, diskHost);
  return checked.diagnostics.filter((d) => d.span.file === mainFile).map((d) => `${d.code} ${d.span.startLine}:${d.span.startCol}`);
}

describe('imports stay fresh', () => {
  it('registers a watcher for .pen files when the client supports it, and not otherwise', async () => {
    const watching = await startTestClient({}, { capabilities: CAPABILITIES });
    await watching.request('textDocument/documentSymbol', { textDocument: { uri: 'file:///none.pen' } });
    expect(watching.registrations).toEqual([
      { id: expect.any(String), method: 'workspace/didChangeWatchedFiles', registerOptions: { watchers: [{ globPattern: '**/*.pen' }] } },
    ]);
    watching.close();
    const plain = await startTestClient();
    await plain.request('textDocument/documentSymbol', { textDocument: { uri: 'file:///none.pen' } });
    expect(plain.registrations).toEqual([]);
    plain.close();
  });

  it('rechecks the importer when the imported file changes on disk, 25 random rewrites and deletions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'penglaic-watch-'));
    const mainFile = join(dir, 'main.pen');
    const adderFile = join(dir, 'adder.pen');
    writeFileSync(mainFile, MAIN);
    writeFileSync(adderFile, 'server Adder "test-server" {\n  fn add_two(tag: u64) -> u64 {\n    return tag + 2;\n  }\n}\n');
    const mainUri = pathToFileURL(mainFile).href;
    const adderUri = pathToFileURL(adderFile).href;
    const client = await startTestClient({}, { capabilities: CAPABILITIES });
    await client.open(mainUri, MAIN);
    expect(await client.nextDiagnostics(mainUri, 1)).toEqual([]);

    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return (seed >>> 16) % n;
    };
    const variants = [
      (k: number) => `server Adder "test-server" {\n  fn add_two(tag: u64) -> u64 {\n    return tag + ${k};\n  }\n}\n`,
      () => 'server Adder "test-server" {\n  fn add_three(tag: u64) -> u64 {\n    return tag + 3;\n  }\n}\n',
      () => 'server Adder "test-server" {\n  fn add_two(tag: u64, more: u64) -> u64 {\n    return tag + more;\n  }\n}\n',
      () => 'server Other "other" {\n  fn add_two(tag: u64) -> u64 {\n    return tag;\n  }\n}\n',
      () => 'server Adder "test-server" {\n  fn add_two(tag: u64) -> bool {\n    return true;\n  }\n}\n',
    ];
    const seen = new Set<string>();
    for (let round = 0; round < 25; round += 1) {
      const before = client.published.filter((p) => p.uri === mainUri).length;
      const pick = next(variants.length + 1);
      let type: number;
      if (pick === variants.length) {
        rmSync(adderFile, { force: true });
        type = FILE_CHANGE.deleted;
      } else {
        writeFileSync(adderFile, variants[pick](round));
        type = FILE_CHANGE.changed;
      }
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: adderUri, type }] });
      const published = await publicationAfter(client, mainUri, before);
      const expected = cliDiagnostics(mainFile);
      expect(published, `round ${round} (variant ${pick})`).toEqual(expected);
      seen.add(expected.join(',') || 'clean');
    }
    // The rewrites reached clean, broken-call and missing-import states.
    expect(seen.size).toBeGreaterThanOrEqual(4);
    // A change to a file nobody imports rechecks nothing.
    const before = client.published.length;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(dir, 'unrelated.pen')).href, type: FILE_CHANGE.created }] });
    await client.request('textDocument/documentSymbol', { textDocument: { uri: mainUri } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(client.published.length).toBe(before);
    client.close();
  });
});
