// The playground in chromium against the CLI doing the same work in the same run: the first
// load's compressed transfer (gzip -9 of every file the page loads; target <= 3 MB), the time
// to the first diagnostics (target < 2 s) against `penglaic check`, edit → diagnostics against
// the checker in node, and running samples/server-chain against `penglaic build && penglaic run`.
// Medians of RUNS fresh pages, with the spread (min–max).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { checkSource } from '../../compiler/check/index.js';
import { servePlayground } from '../../compiler/cli/playground.js';
import { CHROMIUM, launchChromium } from '../chromium.js';
import { fmt, median, time } from './stats.js';

const RUNS = Number(process.env.PLAYGROUND_BENCH_RUNS ?? 5);
const root = process.cwd();
if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: the playground bench needs Debian's chromium`);
execFileSync(process.execPath, ['playground/build.mjs'], { stdio: 'inherit' });

interface Hooks {
  diagnosticsSeen: number;
  firstDiagnosticsAt?: number;
  lastDiagnosticsAt: number;
  runMs?: number;
  setText(text: string): void;
  program(): { files: Record<string, string> };
}
declare const playground: Hooks;

const site = join(root, 'dist/playground');
const server: Server = await servePlayground(site, 0);
const address = server.address();
const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
const browser = await launchChromium('penglaic-bench-chromium-');

const spread = (values: number[]) => `${fmt(median(values))} ms (${fmt(Math.min(...values))}–${fmt(Math.max(...values))})`;
const loaded = new Set<string>();
const firstDiagnostics: number[] = [];
const editDiagnostics: number[] = [];
const pageRuns: number[] = [];
const HELLO = readFileSync(join(root, 'samples/hello/main.pen'), 'utf8');
const CHAIN = readFileSync(join(root, 'samples/server-chain/main.pen'), 'utf8');

for (let i = 0; i < RUNS; i++) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.on('response', (response) => {
    if (response.url().startsWith(url)) loaded.add(new URL(response.url()).pathname);
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => typeof playground !== 'undefined' && playground.firstDiagnosticsAt !== undefined, { timeout: 60_000 });
  firstDiagnostics.push(await page.evaluate(() => playground.firstDiagnosticsAt!));
  // An edit: a mistake typed into hello, timed from the change to its diagnostics.
  const seen = await page.evaluate(() => playground.diagnosticsSeen);
  const editedAt = await page.evaluate((text) => {
    const at = performance.now();
    playground.setText(text);
    return at;
  }, HELLO.replace('run hello', 'run helo'));
  await page.waitForFunction((n) => playground.diagnosticsSeen > n, { timeout: 30_000 }, seen);
  editDiagnostics.push((await page.evaluate(() => playground.lastDiagnosticsAt)) - editedAt);
  await page.select('#samples', 'server-chain');
  await page.waitForFunction((want) => playground.program().files['main.pen'] === want, {}, CHAIN);
  await page.click('#run');
  await page.waitForFunction(() => playground.runMs !== undefined, { timeout: 120_000 });
  pageRuns.push(await page.evaluate(() => playground.runMs!));
  await context.close();
}
await browser.close();
server.close();

// The same work by the CLI, in this run.
const cli = (cwd: string, ...args: string[]) => execFileSync(process.execPath, [join(root, 'bin/penglaic.js'), ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
const dir = mkdtempSync(join(tmpdir(), 'penglaic-bench-playground-'));
copyFileSync(join(root, 'samples/server-chain/main.pen'), join(dir, 'main.pen'));
// The page's first diagnostics are of hello, its first sample; so `penglaic check` checks hello.
const helloDir = mkdtempSync(join(tmpdir(), 'penglaic-bench-playground-hello-'));
copyFileSync(join(root, 'samples/hello/main.pen'), join(helloDir, 'main.pen'));
const cliCheck: number[] = [];
const cliRuns: number[] = [];
const nodeCheck: number[] = [];
for (let i = 0; i < RUNS; i++) {
  cliCheck.push(time(() => cli(helloDir, 'check', 'main.pen')).ms);
  cliRuns.push(time(() => {
    cli(dir, 'build');
    cli(dir, 'run');
  }).ms);
  nodeCheck.push(time(() => checkSource(HELLO.replace('run hello', 'run helo'), 'main.pen')).ms);
}

// The first visit loads every file of the site: the page and its workers, and the service
// worker keeps all the rest for offline use (its cache list is the whole site).
const files = readdirSync(site).map((name) => join(site, name));
const raw = files.reduce((n, f) => n + readFileSync(f).length, 0);
const gzipped = files.reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0);
const cliBundle = gzipSync(readFileSync(join(root, 'dist/penglaic-standalone.js')), { level: 9 }).length;
const mb = (bytes: number) => fmt(bytes / 1e6, 2);

console.log(`playground: ${RUNS} fresh pages in chromium against the CLI in the same run, median (min–max)`);
console.log(`  first load       ${files.length} files (${loaded.size} fetched by the page itself), ${mb(raw)} MB, ${mb(gzipped)} MB gzip -9   (target <= 3 MB; the whole CLI bundle is ${mb(cliBundle)} MB gzip, ratio ${fmt(gzipped / cliBundle, 2)}x)`);
console.log(`  first diagnostics ${spread(firstDiagnostics)} from navigation   (target < 2,000 ms; \`penglaic check\` of hello as a process, node start-up included, ${spread(cliCheck)}, ratio ${fmt(median(firstDiagnostics) / median(cliCheck), 2)}x)`);
console.log(`  edit → diagnostics ${spread(editDiagnostics)}   (the checker in this node process, warm, ${spread(nodeCheck)}, ratio ${fmt(median(editDiagnostics) / median(nodeCheck), 2)}x)`);
console.log(`  run server-chain ${spread(pageRuns)} in the page   (\`penglaic build && penglaic run\` as two processes, node start-up included, ${spread(cliRuns)}, ratio ${fmt(median(pageRuns) / median(cliRuns), 2)}x)`);
