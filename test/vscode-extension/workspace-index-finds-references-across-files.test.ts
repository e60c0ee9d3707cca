// The workspace: the server indexes every .pen file under all workspace folders, not only the
// open ones; references and rename reach files that import each other without opening them;
// changes on disk (workspace/didChangeWatchedFiles) and folder changes
// (workspace/didChangeWorkspaceFolders) update the index, and only the files whose text or
// whose imports' text changed are checked again.
import { rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Location, PublishDiagnosticsParams, WorkspaceEdit } from 'vscode-languageserver';
import { startTestClient, showRange } from './lsp-harness.js';
import { ADDER, diskWorkspace, indexed, MAIN, OTHER, RELAY, showLocation, startInWorkspace, type DiskWorkspace } from './workspace-helpers.js';

const start = (ws: DiskWorkspace, folders = ['one', 'two']) => startInWorkspace(ws, folders);

/** Both folders indexed and `adder.pen` open, with the cursor on `add_two`'s name. */
async function adderOpen() {
  const ws = twoRoots();
  const client = await start(ws);
  const [position] = await client.open(ws.uri('one/adder.pen'), ADDER);
  const done = () => {
    client.close();
    rmSync(ws.root, { recursive: true });
  };
  return { ws, client, position, textDocument: { uri: ws.uri('one/adder.pen') }, done };
}

const twoRoots = () => diskWorkspace({ 'one/adder.pen': ADDER, 'one/relay.pen': RELAY, 'one/main.pen': MAIN, 'two/other.pen': OTHER });

describe('the workspace index', () => {
  it('indexes every .pen file of both workspace folders and checks each once', async () => {
    const ws = twoRoots();
    const client = await start(ws);
    const status = await indexed(client);
    expect(status.files).toBe(4);
    expect(status.checks).toEqual({ [ws.file('one/adder.pen')]: 1, [ws.file('one/main.pen')]: 1, [ws.file('one/relay.pen')]: 1, [ws.file('two/other.pen')]: 1 });
    expect(client.logs.map((l) => l.message.replace(/in \d+ ms/, 'in N ms'))).toContain('penglaic: indexed 4 files in N ms');
    client.close();
    rmSync(ws.root, { recursive: true });
  });

  it('finds the references of a server function in files that are not open, in both folders', async () => {
    const { ws, client, position, textDocument, done } = await adderOpen();
    const locations = await client.request<Location[]>('textDocument/references', { textDocument, position, context: { includeDeclaration: true } });
    expect(locations.map((l) => showLocation(ws, l))).toEqual([
      'one/adder.pen 3:6-3:13',
      'one/main.pen 7:27-7:34',
      'one/relay.pen 6:17-6:24',
      'two/other.pen 6:14-6:21',
    ]);
    done();
  });

  it('renames a server function in every file that calls it', async () => {
    const { ws, client, position, textDocument, done } = await adderOpen();
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument, position, newName: 'add_three' });
    const changes = Object.entries(edit.changes ?? {}).flatMap(([uri, edits]) => edits.map((e) => `${showLocation(ws, { uri, range: e.range })} ${e.newText}`));
    expect(changes.sort()).toEqual([
      'one/adder.pen 3:6-3:13 add_three',
      'one/main.pen 7:27-7:34 add_three',
      'one/relay.pen 6:17-6:24 add_three',
      'two/other.pen 6:14-6:21 add_three',
    ]);
    done();
  });

  it('picks up a file created, changed and deleted on disk through didChangeWatchedFiles', async () => {
    const { ws, client, position, textDocument, done } = await adderOpen();
    expect(client.registrations.map((r) => r.method)).toContain('workspace/didChangeWatchedFiles');
    const references = async () =>
      (await client.request<Location[]>('textDocument/references', { textDocument, position, context: { includeDeclaration: false } })).map((l) => showLocation(ws, l));

    ws.write('two/late.pen', 'import "../one/adder.pen";\n\nenclave Late {\n  fn main() -> i64 {\n    let a = acquire Adder;\n    return a.add_two(1) as i64;\n  }\n}\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri('two/late.pen'), type: 1 }] });
    expect(await references()).toEqual(['one/main.pen 7:27-7:34', 'one/relay.pen 6:17-6:24', 'two/late.pen 6:14-6:21', 'two/other.pen 6:14-6:21']);

    writeFileSync(ws.file('two/late.pen'), 'import "../one/adder.pen";\n\nenclave Late {\n  fn main() -> i64 {\n    let a = acquire Adder;\n    return (a.add_two(1) + a.add_two(2)) as i64;\n  }\n}\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri('two/late.pen'), type: 2 }] });
    expect(await references()).toEqual(['one/main.pen 7:27-7:34', 'one/relay.pen 6:17-6:24', 'two/late.pen 6:15-6:22', 'two/late.pen 6:30-6:37', 'two/other.pen 6:14-6:21']);

    unlinkSync(ws.file('two/late.pen'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri('two/late.pen'), type: 3 }] });
    expect(await references()).toEqual(['one/main.pen 7:27-7:34', 'one/relay.pen 6:17-6:24', 'two/other.pen 6:14-6:21']);
    done();
  });

  it('rechecks only the changed file and the files that import it', async () => {
    const ws = twoRoots();
    const client = await start(ws);
    writeFileSync(ws.file('one/relay.pen'), RELAY.replace('return next.add_two(tag);', 'return next.add_two(tag + 1);'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri('one/relay.pen'), type: 2 }] });
    const status = await indexed(client);
    expect(status.checks).toEqual({ [ws.file('one/adder.pen')]: 1, [ws.file('one/main.pen')]: 2, [ws.file('one/relay.pen')]: 2, [ws.file('two/other.pen')]: 1 });

    // The same text written again changes nothing, so nothing is checked.
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri('one/relay.pen'), type: 2 }] });
    expect((await indexed(client)).checks).toEqual(status.checks);

    // An unsaved edit of the server file rechecks its importers (not open) once typing pauses.
    await client.open(ws.uri('one/adder.pen'), ADDER);
    await client.change(ws.uri('one/adder.pen'), 2, [{ range: { start: { line: 3, character: 17 }, end: { line: 3, character: 18 } }, text: '3' }]);
    await client.nextDiagnostics(ws.uri('one/adder.pen'), 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await indexed(client)).checks).toEqual({ [ws.file('one/adder.pen')]: 2, [ws.file('one/main.pen')]: 3, [ws.file('one/relay.pen')]: 3, [ws.file('two/other.pen')]: 2 });
    client.close();
    rmSync(ws.root, { recursive: true });
  });

  it('adds and removes folders on workspace/didChangeWorkspaceFolders', async () => {
    const ws = twoRoots();
    const client = await start(ws, ['one']);
    expect((await indexed(client)).files).toBe(3);
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: ws.uri('two'), name: 'two' }], removed: [] } });
    expect((await indexed(client)).files).toBe(4);
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: ws.uri('one'), name: 'one' }] } });
    expect((await indexed(client)).files).toBe(1);
    client.close();
    rmSync(ws.root, { recursive: true });
  });

  it('publishes the problems of files that are not open, and clears them when they are fixed on disk', async () => {
    const ws = twoRoots();
    ws.write('two/broken.pen', 'import "../one/adder.pen";\n\nenclave Broken {\n  fn main() -> i64 {\n    let a = acquire Adder;\n    return a.add_two(1, 2) as i64;\n  }\n}\n');
    const client = await start(ws);
    const mine = (p: PublishDiagnosticsParams) => p.uri === ws.uri('two/broken.pen');
    expect(client.published.filter(mine).map((p) => p.diagnostics.map((d) => `${d.code} ${showRange(d.range)}`))).toEqual([['E0312 6:12-6:27']]);
    writeFileSync(ws.file('two/broken.pen'), 'import "../one/adder.pen";\n\nenclave Broken {\n  fn main() -> i64 {\n    let a = acquire Adder;\n    return a.add_two(1) as i64;\n  }\n}\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(ws.file('two/broken.pen')).href, type: 2 }] });
    await indexed(client);
    expect(client.published.filter(mine).map((p) => p.diagnostics.length)).toEqual([1, 0]);
    client.close();
    rmSync(ws.root, { recursive: true });
  });
});

describe('workspace/diagnostic over the index', () => {
  it('reports every indexed file, the ones that were never opened included, with their errors', async () => {
    const ws = diskWorkspace({ 'one/adder.pen': ADDER.replace('<|>', ''), 'one/broken.pen': 'enclave E {\n  fn main() -> i64 { return nope; }\n}\n' });
    const client = await start(ws, ['one']);
    const report = await client.request<{ items: { uri: string; kind: string; items: { code?: unknown; range: unknown }[] }[] }>('workspace/diagnostic', { previousResultIds: [] });
    const shown = report.items.map((r) => `${r.uri.slice(r.uri.indexOf('/one/') + 1)} ${r.kind} ${r.items.map((d) => `${d.code} ${showRange(d.range as never)}`).join(', ')}`).sort();
    expect(shown).toEqual(['one/adder.pen full ', 'one/broken.pen full E0101 2:29-2:33']);
    client.close();
    rmSync(ws.root, { recursive: true });
  });
});
