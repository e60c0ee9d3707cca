// Measures what typing feels like in a 5,000-line file: the median time from a didChange to the
// diagnostics for that version, and of a completion after a handle's `.`, against the language
// server bundled and spoken to over stdio exactly as an editor does. The peer is the full
// parse + check of the same text in this process (what every edit would cost without the
// quick path). Then a burst of edits with requests among them: the slowest answer.
// Usage: node vscode-extension/bench/lsp-latency.mjs [--lines 5000] [--edits 40] [--burst 1000]
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { generateSource } from './generated-source.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const LINES = arg('lines', 5000);
const EDITS = arg('edits', 40);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const work = mkdtempSync(join(tmpdir(), 'penglaic-bench-'));
const common = { bundle: true, platform: 'node', target: 'node20', format: 'esm', logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } };
await build({ ...common, entryPoints: [resolve(here, '../src/server-main.ts')], outfile: join(work, 'server.mjs') });
await build({ ...common, entryPoints: [resolve(here, '../../compiler/check/index.ts')], outfile: join(work, 'check.mjs') });

const text = generateSource(LINES);
const file = join(work, 'main.pen');
const uri = pathToFileURL(file).href;

// The peer: one full parse + check of the same text, in process.
const { checkSource } = await import(pathToFileURL(join(work, 'check.mjs')).href);
const fullTimes = [];
for (let i = 0; i < 7; i++) {
  const t = performance.now();
  checkSource(text, file);
  fullTimes.push(performance.now() - t);
}

const child = spawn('node', [join(work, 'server.mjs'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
const waiting = new Map();
connection.onNotification('textDocument/publishDiagnostics', (p) => {
  const w = waiting.get(p.version);
  if (w) {
    waiting.delete(p.version);
    w(p.diagnostics);
  }
});
connection.listen();
await connection.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
connection.sendNotification('initialized', {});
const diagnosticsFor = (version) => new Promise((r) => waiting.set(version, r));

let version = 1;
let pending = diagnosticsFor(1);
connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'penglai', version, text } });
await pending;

const lines = text.split('\n');
const editLines = [];
lines.forEach((l, i) => l === '    total += adder.add_two(7);' && editLines.push(i));
const editTimes = [];
const completionTimes = [];
let completionLabels = [];
// Typing comes in bursts at one place with pauses between them (the server runs its full
// check in a pause): BURST characters typed into one body, then a pause, then another body.
const BURST = 10;
for (let i = 0; i < EDITS; i++) {
  const burst = Math.floor(i / BURST);
  const line = editLines[(burst * 37) % editLines.length];
  if (i % BURST === 0 && i > 0) await new Promise((r) => setTimeout(r, 600));
  const character = 28 + (i % BURST);
  const change = { range: { start: { line, character }, end: { line, character } }, text: String(i % 10) };
  version++;
  pending = diagnosticsFor(version);
  const t = performance.now();
  connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
  await pending;
  editTimes.push(performance.now() - t);
  const c = performance.now();
  const items = await connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character: 19 } });
  completionTimes.push(performance.now() - c);
  completionLabels = items.map((item) => item.label);
}
// A burst: BURST_EDITS edits sent as fast as the pipe takes them (a client replaying changes,
// a macro, a paste split into many events), with a hover every 10 edits. Every request must
// be answered within 1 s (a request overtaken by later edits may be answered ContentModified).
const BURST_EDITS = arg('burst', 1000);
const requestTimes = [];
let contentModified = 0;
const answered = [];
const burstLines = text.split('\n').map((l, i) => [l, i]).filter(([l]) => l === '    total += adder.add_two(3);').map(([, i]) => i);
for (let i = 0; i < BURST_EDITS; i++) {
  version++;
  const line = burstLines[(i * 7) % burstLines.length];
  connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version },
    contentChanges: [{ range: { start: { line, character: 28 }, end: { line, character: 28 } }, text: String(i % 10) }],
  });
  if (i % 10 === 9) {
    const sent = performance.now();
    answered.push(connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: 20 } }).then(
      () => requestTimes.push(performance.now() - sent),
      (error) => {
        if (error?.code !== -32801) throw error;
        contentModified++;
        requestTimes.push(performance.now() - sent);
      },
    ));
  }
}
const lastEdit = performance.now();
const finalDiagnostics = diagnosticsFor(version);
await Promise.all(answered);
await finalDiagnostics;
const settled = performance.now() - lastEdit;

connection.sendRequest('shutdown').then(() => connection.sendNotification('exit'));
setTimeout(() => child.kill(), 2000).unref();

const f = (ms) => `${ms.toFixed(1)} ms`;
console.log(`lsp-latency: ${lines.length} lines, ${EDITS} edits`);
console.log(`  edit -> diagnostics (median)   ${f(median(editTimes))}`);
console.log(`  completion after \`.\` (median) ${f(median(completionTimes))}  [${completionLabels.join(', ')}]`);
console.log(`  peer: full parse + check        ${f(median(fullTimes))}  (edit latency is ${(median(fullTimes) / median(editTimes)).toFixed(1)}x faster)`);
const slowest = Math.max(...requestTimes);
console.log(`  burst of ${BURST_EDITS} edits, ${requestTimes.length} hovers: slowest answer ${f(slowest)} (bar: 1000 ms), median ${f(median(requestTimes))}, ${contentModified} answered ContentModified; last edit -> diagnostics ${f(settled)}`);
if (slowest > 1000) process.exitCode = 1;
