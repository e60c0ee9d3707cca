// A workspace can hold anything. Unreadable files, symbolic-link loops, files that are not
// UTF-8, an import cycle, ten thousand files, nonsense folder URIs: the server keeps answering,
// and each problem becomes a log line (window/logMessage) or a diagnostic, never a crash.
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Location, SymbolInformation } from 'vscode-languageserver';
import { showRange, startTestClient } from './lsp-harness.js';
import { diskWorkspace, indexed, startInWorkspace } from './workspace-helpers.js';

const SERVER = 'server Adder "test-server" {\n  fn add_two(tag: u64) -> u64 {\n    return tag + 2;\n  }\n}\n';

/** Log lines with the workspace's path taken out, so they read the same on every machine. */
const logsOf = (client: { logs: { type: number; message: string }[] }, root: string) =>
  client.logs.map((l) => `${l.type} ${l.message.split(root).join('<ws>').replace(/in \d+ ms/, 'in N ms')}`);

describe('a workspace of bad input', () => {
  it('logs unreadable files and symbolic-link loops, indexes the rest, and keeps answering', async () => {
    const ws = diskWorkspace({ 'w/adder.pen': SERVER });
    // Readable by nobody, not even root: a write-only file of the kernel's.
    symlinkSync('/proc/sys/vm/compact_memory', ws.file('w/secret.pen'));
    symlinkSync('.', ws.file('w/loop'));
    symlinkSync(ws.file('w/knot-b.pen'), ws.file('w/knot-a.pen'));
    symlinkSync(ws.file('w/knot-a.pen'), ws.file('w/knot-b.pen'));
    symlinkSync(ws.file('w/nowhere.pen'), ws.file('w/dangling.pen'));
    mkdirSync(ws.file('w/folder.pen'));
    writeFileSync(ws.file('w/folder.pen/inner.pen'), SERVER.replace(/Adder/g, 'Inner').replace('test-server', 'inner'));
    writeFileSync(ws.file('w/huge.pen'), Buffer.alloc(5 << 20, 0x20));
    const client = await startInWorkspace(ws, ['w']);
    expect(logsOf(client, ws.root).sort()).toEqual([
      '2 penglaic: cannot read `<ws>/w/secret.pen`: permission denied',
      '2 penglaic: skipped `<ws>/w/huge.pen`: 5.0 MiB is more than the 4 MiB the index reads',
      '2 penglaic: skipped `<ws>/w/loop`: it links back to `<ws>/w`, which is already indexed (a symbolic link loop or a second link to one folder)',
      '2 penglaic: skipped the symbolic link `<ws>/w/dangling.pen`: it does not exist (a dangling link, or it was removed)',
      '2 penglaic: skipped the symbolic link `<ws>/w/knot-a.pen`: too many levels of symbolic links (a link loop)',
      '2 penglaic: skipped the symbolic link `<ws>/w/knot-b.pen`: too many levels of symbolic links (a link loop)',
      '3 penglaic: indexed 2 files in N ms',
    ]);
    const symbols = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'add_two' });
    expect(symbols.map((s) => `${s.containerName}.${s.name}`)).toEqual(['Adder.add_two', 'Inner.add_two']);
    client.close();
    rmSync(ws.root, { recursive: true });
  });

  it('publishes E0003 for a file that is not UTF-8, without opening it', async () => {
    const ws = diskWorkspace({});
    mkdirSync(ws.file('w'));
    writeFileSync(ws.file('w/latin1.pen'), Buffer.concat([Buffer.from('// caf'), Buffer.from([0xe9]), Buffer.from('\n' + SERVER)]));
    const client = await startInWorkspace(ws, ['w']);
    const published = client.published.filter((p) => p.uri === ws.uri('w/latin1.pen'));
    expect(published.map((p) => p.diagnostics.map((d) => `${d.code} ${showRange(d.range)} ${d.message}`))).toEqual([['E0003 1:7-1:8 bytes that are not valid UTF-8 text (the file has bytes here that are not UTF-8)\nhint: save the file as UTF-8; write other bytes in strings as `\\xNN`']]);
    expect(logsOf(client, ws.root)).toContain('2 penglaic: `<ws>/w/latin1.pen` is not valid UTF-8; its bad bytes read as U+FFFD (diagnostic E0003)');
    client.close();
    rmSync(ws.root, { recursive: true });
  });

  it('reports an import cycle as a diagnostic and still finds references through it', async () => {
    const ws = diskWorkspace({
      'w/a.pen': 'import "b.pen";\n\nserver A "srv-a" {\n  fn <|>ping(x: u64) -> u64 {\n    return x;\n  }\n}\n',
      'w/b.pen': 'import "a.pen";\n\nenclave B {\n  fn main() -> i64 {\n    let a = acquire A;\n    return a.ping(1) as i64;\n  }\n}\n',
    });
    const client = await startInWorkspace(ws, ['w']);
    // Neither file is open: each shows the cycle found by the check of the other.
    const latest = new Map(client.published.map((p) => [p.uri.slice(p.uri.lastIndexOf('/') + 1), p.diagnostics]));
    expect([...latest].sort().map(([file, diagnostics]) => `${file} ${diagnostics.map((d) => `${d.code} ${showRange(d.range)} ${String(d.message).split(' (')[0]}`).join('; ')}`)).toEqual([
      'a.pen E0111 1:8-1:15 import cycle: `b.pen` → `a.pen` → `b.pen`',
      'b.pen E0111 1:8-1:15 import cycle: `a.pen` → `b.pen` → `a.pen`',
    ]);
    const [position] = ws.markers.get('w/a.pen')!;
    const references = await client.request<Location[]>('textDocument/references', { textDocument: { uri: ws.uri('w/a.pen') }, position, context: { includeDeclaration: false } });
    expect(references.map((l) => `${l.uri.slice(l.uri.lastIndexOf('/') + 1)} ${showRange(l.range)}`)).toEqual(['b.pen 6:14-6:18']);
    const items = await client.request<unknown[]>('textDocument/prepareCallHierarchy', { textDocument: { uri: ws.uri('w/a.pen') }, position });
    expect(await client.request<unknown[]>('callHierarchy/incomingCalls', { item: items[0] })).toHaveLength(1);
    client.close();
    rmSync(ws.root, { recursive: true });
  });

  it('answers requests while it indexes 10,000 files', async () => {
    const ws = diskWorkspace({});
    for (let d = 0; d < 100; d++) {
      mkdirSync(ws.file(`w/d${d}`), { recursive: true });
      for (let f = 0; f < 100; f++) writeFileSync(ws.file(`w/d${d}/s${f}.pen`), `server S${d}_${f} "s${d}-${f}" {\n  fn f${f}() -> u64 {\n    return ${f};\n  }\n}\n`);
    }
    const client = await startTestClient({}, { initialize: { workspaceFolders: [{ uri: ws.uri('w'), name: 'w' }] } });
    await client.open('file:///elsewhere/open.pen', `<|>${SERVER}`);
    // A request sent while the index is busy is answered while it is still busy.
    let answeredWhileBusy = false;
    for (let i = 0; i < 200 && !answeredWhileBusy; i++) {
      const symbols = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: 'file:///elsewhere/open.pen' } });
      expect(symbols).toHaveLength(1);
      const status = await client.request<{ indexing: boolean; files: number }>('penglaic/indexStatus', {});
      answeredWhileBusy = status.indexing && status.files > 0;
      if (!answeredWhileBusy) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(answeredWhileBusy).toBe(true);
    const done = await indexed(client, 240_000);
    expect(done.files).toBe(10_000);
    const symbols = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'S42_7' });
    expect(symbols[0]).toMatchObject({ name: 'S42_7', location: { uri: ws.uri('w/d42/s7.pen') } });
    client.close();
    rmSync(ws.root, { recursive: true });
  }, 300_000);

  it('ignores folder URIs it cannot use and answers empty results outside the document', async () => {
    const client = await startTestClient({}, { initialize: { workspaceFolders: [{ uri: 'untitled:Untitled-1' }, { uri: 42 }, null, { uri: 'file:///does/not/exist' }] } });
    await indexed(client);
    expect(logsOf(client, '/does/not')).toEqual([
      '2 penglaic: cannot read the folder `<ws>/exist`: it does not exist (a dangling link, or it was removed)',
      '3 penglaic: indexed 0 files in N ms',
    ]);
    await client.open('file:///w/one.pen', SERVER);
    const far = { textDocument: { uri: 'file:///w/one.pen' }, position: { line: 9999, character: 9999 } };
    expect(await client.request('textDocument/prepareCallHierarchy', far)).toBeNull();
    expect(await client.request('textDocument/prepareTypeHierarchy', far)).toBeNull();
    expect(await client.request('textDocument/prepareCallHierarchy', { textDocument: { uri: 'file:///w/unknown.pen' }, position: { line: 0, character: 0 } })).toBeNull();
    expect(await client.request('typeHierarchy/subtypes', { item: null })).toEqual([]);
    expect(await client.request('callHierarchy/outgoingCalls', {})).toEqual([]);
    expect(await client.request('workspace/symbol', {})).toEqual([
      { name: 'add_two', kind: 6, containerName: 'Adder', location: { uri: 'file:///w/one.pen', range: { start: { line: 1, character: 5 }, end: { line: 1, character: 12 } } } },
      { name: 'Adder', kind: 5, location: { uri: 'file:///w/one.pen', range: { start: { line: 0, character: 7 }, end: { line: 0, character: 12 } } } },
    ]);
    expect(await client.request('penglaic/ipcGraph', { textDocument: { uri: 'file:///w/unknown.pen' } })).toBeNull();
    client.close();
  });
});
