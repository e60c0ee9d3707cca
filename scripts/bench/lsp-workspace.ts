// The language server on a whole workspace, spoken to over stdio as an editor does: a generated
// folder of 50 files and 50,000 lines, one server function (`Store.put`) called from 30 of them.
// It times opening the folder (initialize → "indexed 50 files"), workspace symbols, the
// references of `Store.put`, typing in one file (edit → diagnostics), and semantic tokens (full and
// deltas) of a 20,000-line file, and prints medians and p90s. Each is set against a peer measured in this
// process in the same run: what the answer would cost without the index (parsing and checking
// the files it needs from scratch).
// Usage: node dist/bench/scripts-bench-lsp-workspace.mjs [--edits 40] [--runs 20]
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { parse } from '../../grammar/index.js';
import { checkSource } from '../../compiler/check/index.js';
import { generateProgram } from './generated-program.js';
import { fmt, median, percentile, time } from './stats.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const EDITS = arg('edits', 40);
const RUNS = arg('runs', 20);
const FILES = 50;
const CALLERS = 30;
const LINES_PER_FILE = 905;

const work = mkdtempSync(join(tmpdir(), 'penglaic-bench-ws-'));
const root = join(work, 'workspace');
mkdirSync(root);

// store.pen: the server every caller imports; 49 more files, each a program of its own.
function storeSource(): string {
  const lines = ['server Store "store" {', '  var total: u64 = 0;', '  /// Stores a value; returns the running total.', '  fn put(key: u64, value: u64) -> u64 {', '    total += key + value;', '    return total;', '  }'];
  for (let f = 0; lines.length < LINES_PER_FILE - 2; f++) lines.push(`  fn get${f}(key: u64) -> u64 {`, '    var acc: u64 = key;', `    for i in 0..${f % 7 + 2} { acc += total + i; }`, '    return acc;', '  }');
  lines.push('}', '');
  return lines.join('\n');
}
function callerSource(index: number, usesStore: boolean): string {
  const own = generateProgram(LINES_PER_FILE - (usesStore ? 30 : 0))
    .replace(/\bServer(\d+)\b/g, `F${index}Server$1`).replace(/\bClient(\d+)\b/g, `F${index}Client$1`).replace(/"srv-(\d+)"/g, `"f${index}-$1"`);
  if (!usesStore) return own;
  const user = [`enclave StoreUser${index} {`, '  fn main() -> i64 {', '    let st = acquire Store;', '    var total: u64 = 0;'];
  for (let k = 0; k < 20; k++) user.push(`    total += st.put(7, ${k});`);
  user.push('    return total as i64;', '  }', '}', '');
  return `import "store.pen";\n\n${user.join('\n')}\n${own.replace('host {', `host {\n  let store = create Store;\n  let user = create StoreUser${index};\n  print(run user);`)}`;
}
const texts = new Map<string, string>();
texts.set(join(root, 'store.pen'), storeSource());
for (let i = 1; i < FILES; i++) texts.set(join(root, `part${String(i).padStart(2, '0')}.pen`), callerSource(i, i <= CALLERS));
for (const [file, text] of texts) writeFileSync(file, text);
const totalLines = [...texts.values()].reduce((n, t) => n + t.split('\n').length, 0);
const bigText = generateProgram(20_000);
const bigFile = join(work, 'big.pen');
writeFileSync(bigFile, bigText);

const here = resolve('vscode-extension/src/server-main.ts');
const serverScript = join(work, 'server.mjs');
await build({
  entryPoints: [here], outfile: serverScript, bundle: true, platform: 'node', target: 'node20', format: 'esm', logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});

interface Session {
  connection: MessageConnection;
  diagnostics(uri: string, version: number): Promise<unknown[]>;
  indexed: Promise<string>;
  stop(): void;
}

function startServer(): Session {
  const child = spawn(process.execPath, [serverScript, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiting = new Map<string, (d: unknown[]) => void>();
  connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: unknown[] }) => {
    const key = `${p.uri}@${p.version}`;
    waiting.get(key)?.(p.diagnostics);
    waiting.delete(key);
  });
  let indexedMessage: (m: string) => void = () => {};
  const indexed = new Promise<string>((r) => (indexedMessage = r));
  connection.onNotification('window/logMessage', (p: { message: string }) => {
    if (p.message.startsWith('penglaic: indexed ')) indexedMessage(p.message);
  });
  connection.listen();
  return {
    connection,
    indexed,
    diagnostics: (uri, version) => new Promise((r) => waiting.set(`${uri}@${version}`, r)),
    stop() {
      connection.sendRequest('shutdown').then(() => connection.sendNotification('exit'), () => {});
      setTimeout(() => child.kill(), 2000).unref();
    },
  };
}

async function open(session: Session): Promise<number> {
  const started = performance.now();
  await session.connection.sendRequest('initialize', { processId: null, rootUri: null, workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'workspace' }], capabilities: { workspace: { workspaceFolders: true } } });
  session.connection.sendNotification('initialized', {});
  const message = await session.indexed;
  if (!message.startsWith(`penglaic: indexed ${FILES} files`)) throw new Error(`unexpected index: ${message}`);
  return performance.now() - started;
}

const f = (ms: number) => `${fmt(ms)} ms`;
const stat = (xs: number[]) => `median ${f(median(xs))}, p90 ${f(percentile(xs, 90))} (min ${f(Math.min(...xs))}, max ${f(Math.max(...xs))})`;
const verdict = (ms: number, target: number) => `${ms < target ? 'meets' : 'misses'} the ${target} ms target`;

// Opening: three fresh servers.
const openTimes: number[] = [];
for (let run = 0; run < 3; run++) {
  const fresh = startServer();
  openTimes.push(await open(fresh));
  fresh.stop();
}
// Peer of opening: parsing and checking every file once, in this process.
const openPeer = time(() => {
  for (const [file, text] of texts) checkSource(text, file);
}).ms;

const session = startServer();
await open(session);
const { connection } = session;

// Workspace symbols.
const queries = ['put', 'Store.put', 'work', 'F17Server', 'hlp', 'main', 'get3', 'F4Client2.helper', 'StoreUser', 'x'];
const symbolTimes: number[] = [];
let symbolCount = 0;
for (let i = 0; i < RUNS * 2; i++) {
  const t = performance.now();
  const found = await connection.sendRequest<unknown[]>('workspace/symbol', { query: queries[i % queries.length] });
  symbolTimes.push(performance.now() - t);
  if (i === 0) symbolCount = found.length;
}
const symbolPeer = time(() => {
  for (const [file, text] of texts) parse(text, file);
}).ms;

// References of Store.put from its declaration.
const storeUri = pathToFileURL(join(root, 'store.pen')).href;
connection.sendNotification('textDocument/didOpen', { textDocument: { uri: storeUri, languageId: 'penglai', version: 1, text: texts.get(join(root, 'store.pen')) } });
await session.diagnostics(storeUri, 1);
const referenceTimes: number[] = [];
let referenceFiles = 0;
let referenceCount = 0;
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  const found = await connection.sendRequest<{ uri: string }[]>('textDocument/references', { textDocument: { uri: storeUri }, position: { line: 3, character: 6 }, context: { includeDeclaration: true } });
  referenceTimes.push(performance.now() - t);
  referenceCount = found.length;
  referenceFiles = new Set(found.map((l) => l.uri)).size;
}
const referencePeer = time(() => {
  for (const [file, text] of texts) if (text.includes('import "store.pen"') || file.endsWith('store.pen')) checkSource(text, file);
}).ms;

// Typing in one caller file: bursts of 10 characters into `st.put(7, k)`, pauses between them.
const partFile = join(root, 'part07.pen');
const partUri = pathToFileURL(partFile).href;
const partText = texts.get(partFile)!;
let version = 1;
connection.sendNotification('textDocument/didOpen', { textDocument: { uri: partUri, languageId: 'penglai', version, text: partText } });
await session.diagnostics(partUri, version);
const editLines = partText.split('\n').flatMap((l, i) => (l.startsWith('    total += st.put(7') ? [i] : []));
const editTimes: number[] = [];
for (let i = 0; i < EDITS; i++) {
  if (i % 10 === 0 && i > 0) await new Promise((r) => setTimeout(r, 600));
  const line = editLines[Math.floor(i / 10) % editLines.length];
  const character = 21 + (i % 10);
  version++;
  const published = session.diagnostics(partUri, version);
  const t = performance.now();
  connection.sendNotification('textDocument/didChange', { textDocument: { uri: partUri, version }, contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: String(i % 10) }] });
  await published;
  editTimes.push(performance.now() - t);
}
const editPeer = median(Array.from({ length: 5 }, () => time(() => checkSource(partText, partFile)).ms));

// Semantic tokens of a 20,000-line file, full.
const bigUri = pathToFileURL(bigFile).href;
connection.sendNotification('textDocument/didOpen', { textDocument: { uri: bigUri, languageId: 'penglai', version: 1, text: bigText } });
await session.diagnostics(bigUri, 1);
const tokenTimes: number[] = [];
let tokenCount = 0;
for (let i = 0; i < 10; i++) {
  const t = performance.now();
  const tokens = await connection.sendRequest<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri: bigUri } });
  tokenTimes.push(performance.now() - t);
  tokenCount = tokens.data.length / 5;
}
const tokenPeer = median(Array.from({ length: 3 }, () => time(() => checkSource(bigText, bigFile)).ms));

// Semantic-token deltas on the same file: after each one-character edit (a space at the start
// of a line) and its diagnostics, the editor asks for the delta from the last result id. The
// time is the delta request alone, asked 900 ms after the edit's quick diagnostics, when the
// full check of the new text has run; the edit's own edit -> diagnostics time is beside it.
let previous = (await connection.sendRequest<{ resultId?: string }>('textDocument/semanticTokens/full', { textDocument: { uri: bigUri } })).resultId;
const deltaTimes: number[] = [];
const deltaEditTimes: number[] = [];
const deltaSizes: number[] = [];
let bigVersion = 1;
for (let i = 0; i < 10; i++) {
  bigVersion++;
  const published = session.diagnostics(bigUri, bigVersion);
  const t0 = performance.now();
  connection.sendNotification('textDocument/didChange', { textDocument: { uri: bigUri, version: bigVersion }, contentChanges: [{ range: { start: { line: 200 + i * 997, character: 0 }, end: { line: 200 + i * 997, character: 0 } }, text: ' ' }] });
  await published;
  deltaEditTimes.push(performance.now() - t0);
  // A text this long gets quick diagnostics first and the full check after a pause; an
  // editor asks for tokens after its own debounce, by when the check has run.
  await new Promise((r) => setTimeout(r, 900));
  const t = performance.now();
  const delta = await connection.sendRequest<{ resultId?: string; edits?: { data?: number[] }[]; data?: number[] }>('textDocument/semanticTokens/full/delta', { textDocument: { uri: bigUri }, previousResultId: previous });
  deltaTimes.push(performance.now() - t);
  deltaSizes.push(delta.edits ? delta.edits.reduce((n, e) => n + (e.data?.length ?? 0), 0) : (delta.data?.length ?? 0));
  previous = delta.resultId;
}
session.stop();

console.log(`lsp-workspace: ${FILES} files, ${totalLines.toLocaleString('en-US')} lines; \`Store.put\` called from ${CALLERS} files`);
console.log(`  open the folder (initialize -> indexed, 3 servers)   ${stat(openTimes)}; peer: check every file once ${f(openPeer)} (${(openPeer / median(openTimes)).toFixed(2)}x)`);
console.log(`  workspace symbols (${symbolTimes.length} queries, ${symbolCount} for "put")   ${stat(symbolTimes)}; ${verdict(percentile(symbolTimes, 90), 50)}; peer: parse every file ${f(symbolPeer)} (${(symbolPeer / median(symbolTimes)).toFixed(1)}x slower)`);
console.log(`  references of Store.put (${referenceCount} in ${referenceFiles} files, ${referenceTimes.length} runs)   ${stat(referenceTimes)}; ${verdict(percentile(referenceTimes, 90), 100)}; first ${f(referenceTimes[0])}; peer: check the ${CALLERS + 1} files ${f(referencePeer)} (${(referencePeer / median(referenceTimes)).toFixed(1)}x slower)`);
console.log(`  typing in part07.pen (${partText.split('\n').length} lines, ${EDITS} edits, each inside one body, so ours takes the one-body quick check): edit -> diagnostics   ${stat(editTimes)}; ${verdict(percentile(editTimes, 90), 30)}; peer: full check of the file ${f(editPeer)} (${(editPeer / median(editTimes)).toFixed(1)}x slower)`);
console.log(`  semantic tokens, full, 20,000-line file (${tokenCount.toLocaleString('en-US')} tokens, 10 runs)   ${stat(tokenTimes)}; peer: full check of the file ${f(tokenPeer)}`);
console.log(`  semantic-token delta after a one-character edit, 20,000-line file (10 edits; ${median(deltaSizes)} numbers changed, median)   ${stat(deltaTimes)}; ${verdict(percentile(deltaTimes, 90), 10)}; the edit's own edit -> diagnostics ${stat(deltaEditTimes)}; peer: full tokens ${f(median(tokenTimes))}`);
rmSync(work, { recursive: true, force: true });
