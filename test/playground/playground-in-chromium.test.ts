// The playground in a real browser (chromium): diagnostics with the CLI's codes, ranges and
// words; a run whose console is the CLI's output byte for byte; tests with their failures'
// locations; Share links, and links that are broken; a program that never stops printing;
// and no request to anything but the site.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, ROOT, startPlaygroundBrowser, whenIdle, type PlaygroundBrowser } from './browser.js';

interface Marker { code: string; message: string; startLineNumber: number; startColumn: number; endLineNumber: number; endColumn: number }
interface Hooks {
  markers(): Marker[];
  consoleText(): string;
  program(): { files: Record<string, string>; entry: string };
  setText(text: string): void;
  trigger(line: number, column: number, action: string): void;
  lastReport?: { tests: { name: string; status: string; failure: { message: string; location?: { file: string; line?: number; column?: number } } | null }[] };
  diagnosticsSeen: number;
}
declare const playground: Hooks;

const CLI = join(ROOT, 'bin/penglaic.js');
const cli = (cwd: string, ...args: string[]) => execFileSync(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
const cliStatus = (cwd: string, ...args: string[]) => {
  try {
    return cli(cwd, ...args);
  } catch (e) {
    return (e as { stdout: Buffer }).stdout;
  }
};
const HELLO = readFileSync(join(ROOT, 'samples/hello/main.pen'), 'utf8');
const MISTAKE = HELLO.replace('run hello', 'run helo');

const SPINNER = 'enclave Spinner {\n  fn main() -> i64 {\n    var n: u64 = 0;\n    while true {\n      n += 1;\n    }\n  }\n}\n\nhost {\n  let spinner = create Spinner;\n  print("host: Spinner returned ", run spinner);\n}\n';

/** Runs `source` in the page and in the CLI (`penglaic build`, then `penglaic run`): the console must be the CLI's standard output, byte for byte. */
async function expectConsoleAsCli(page: Page, source: string, status: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'penglaic-run-'));
  writeFileSync(join(dir, 'main.pen'), source);
  cli(dir, 'build');
  const expected = cli(dir, 'run');
  expect(await page.evaluate(() => playground.program().files['main.pen'])).toBe(source);
  await page.click('#run');
  await whenIdle(page);
  const shown = Buffer.from(await page.evaluate(() => playground.consoleText()), 'utf8');
  expect(shown.toString()).toBe(expected.toString());
  expect(shown.equals(expected)).toBe(true);
  expect(await page.$eval('#status', (e) => e.textContent)).toBe(status);
}

let site: PlaygroundBrowser;
beforeAll(async () => {
  site = await startPlaygroundBrowser();
}, 120_000);
afterAll(async () => {
  await site?.close();
});

async function setText(page: Page, text: string): Promise<void> {
  const seen = await page.evaluate(() => playground.diagnosticsSeen);
  await page.evaluate((t) => playground.setText(t), text);
  await page.waitForFunction((n) => playground.diagnosticsSeen > n, { timeout: 30_000 }, seen);
}

async function openSample(page: Page, id: string): Promise<void> {
  await page.select('#samples', id);
  await page.waitForFunction((want) => playground.program().files['main.pen'] === want, {}, readFileSync(join(ROOT, 'samples', id, 'main.pen'), 'utf8'));
}

describe('the playground in chromium', () => {
  it('shows a mistake as a marker with the code, range and words of `penglaic check`, and clears it when fixed', async () => {
    const page = await site.open();
    await page.waitForFunction(() => playground.diagnosticsSeen > 0, { timeout: 30_000 });
    await setText(page, MISTAKE);
    const markers = await page.evaluate(() => playground.markers());
    const dir = mkdtempSync(join(tmpdir(), 'penglaic-check-'));
    writeFileSync(join(dir, 'main.pen'), MISTAKE);
    const checked = JSON.parse(cliStatus(dir, 'check', '--json', 'main.pen').toString()) as { code: string; message: string; label?: string; hint?: string; line: number; column: number; endLine: number; endColumn: number }[];
    expect(checked.map((d) => d.code)).toContain('E0101');
    expect(markers.map((m) => [m.code, m.startLineNumber, m.startColumn, m.endLineNumber, m.endColumn, m.message])).toEqual(
      checked.map((d) => [d.code, d.line, d.column, d.endLine, d.endColumn, d.message + (d.label ? ` (${d.label})` : '') + (d.hint ? `\nhint: ${d.hint}` : '')]),
    );
    expect(await page.$$eval('.squiggly-error', (nodes) => nodes.length)).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'diagnostic-marker.png') });
    await setText(page, HELLO);
    expect(await page.evaluate(() => playground.markers())).toEqual([]);
    await page.close();
  }, 120_000);

  it("answers hover, completion after a handle's `.`, signature help, a quick fix and formatting from the language server", async () => {
    const page = await site.open();
    await openSample(page, 'server-call');
    const text = readFileSync(join(ROOT, 'samples/server-call/main.pen'), 'utf8');
    const lines = text.split('\n');
    const callLine = lines.findIndex((l) => /\w+\.\w+\(/.test(l) && !l.trim().startsWith('//'));
    const call = /(\w+)\.(\w+)\(/.exec(lines[callLine])!;
    const dot = lines[callLine].indexOf(call[0]) + call[1].length;
    // Hover on the handle's function names its signature.
    await page.evaluate((l, c) => playground.trigger(l, c, 'editor.action.showHover'), callLine + 1, dot + 2);
    await page.waitForFunction((name) => [...document.querySelectorAll('.monaco-hover-content')].some((e) => e.textContent!.includes(name)), { timeout: 20_000 }, call[2]);
    // Completion right after the `.` offers the server's function.
    await page.evaluate((l, c) => playground.trigger(l, c, 'editor.action.triggerSuggest'), callLine + 1, dot + 2);
    await page.waitForFunction((name) => [...document.querySelectorAll('.suggest-widget .monaco-list-row')].some((e) => e.textContent!.includes(name)), { timeout: 20_000 }, call[2]);
    await page.keyboard.press('Escape');
    // Signature help inside the call's parentheses.
    await page.evaluate((l, c) => playground.trigger(l, c, 'editor.action.triggerParameterHints'), callLine + 1, lines[callLine].indexOf(call[0]) + call[0].length + 1);
    await page.waitForFunction(() => (document.querySelector('.parameter-hints-widget')?.textContent ?? '').includes('('), { timeout: 20_000 });
    await page.keyboard.press('Escape');
    // The misspelt name gets the checker's quick fix.
    await setText(page, MISTAKE);
    const mistakeLine = MISTAKE.split('\n').findIndex((l) => l.includes('run helo'));
    await page.evaluate((l, c) => playground.trigger(l, c, 'editor.action.quickFix'), mistakeLine + 1, MISTAKE.split('\n')[mistakeLine].indexOf('helo') + 2);
    await page.waitForFunction(() => [...document.querySelectorAll('.action-widget .monaco-list-row, .context-view .action-label, .action-widget')].some((e) => e.textContent!.includes('Change to `hello`')), { timeout: 20_000 });
    await page.keyboard.press('Escape');
    // Formatting gives `penglaic fmt`'s layout.
    const messy = HELLO.replace('  let hello = create Hello;', 'let   hello=create Hello;');
    const dir = mkdtempSync(join(tmpdir(), 'penglaic-fmt-'));
    writeFileSync(join(dir, 'main.pen'), messy);
    cli(dir, 'fmt', 'main.pen');
    const formatted = readFileSync(join(dir, 'main.pen'), 'utf8');
    expect(formatted).not.toBe(messy);
    await setText(page, messy);
    await page.evaluate(() => playground.trigger(1, 1, 'editor.action.formatDocument'));
    await page.waitForFunction((want) => playground.program().files['main.pen'] === want, { timeout: 20_000 }, formatted);
    await page.screenshot({ path: join(ARTIFACTS, 'editor-features.png') });
    await page.close();
  }, 120_000);

  it('runs samples/server-chain with the console equal, byte for byte, to `penglaic run`', async () => {
    const page = await site.open();
    await openSample(page, 'server-chain');
    await expectConsoleAsCli(page, readFileSync(join(ROOT, 'samples/server-chain/main.pen'), 'utf8'), 'host exited with status 0');
    expect(await page.$$eval('#trace svg', (svgs) => svgs.length)).toBe(2);
    await page.screenshot({ path: join(ARTIFACTS, 'server-chain-run.png') });
    await page.close();
  }, 180_000);

  it('runs samples/time-slices, whose host attests an enclave (SM3 and SM2 in the page), byte for byte as `penglaic run`', async () => {
    const page = await site.open();
    await openSample(page, 'time-slices');
    await expectConsoleAsCli(page, readFileSync(join(ROOT, 'samples/time-slices/main.pen'), 'utf8'), 'host exited with status 0');
    expect(await page.evaluate(() => playground.consoleText())).toContain('attested mid-run: 0x');
    await page.close();
  }, 180_000);

  it('stops an enclave that never finishes at its budget, with the words of `penglaic run`, byte for byte', async () => {
    const page = await site.open();
    await setText(page, SPINNER);
    await expectConsoleAsCli(page, SPINNER, 'host exited with status 0');
    expect(await page.evaluate(() => playground.consoleText())).toMatch(/^enclave Spinner stopped: it ran 100000000 instructions without finishing \(pc 0x[0-9a-f]+, main\.pen:5:7\)\n/);
    await page.close();
  }, 180_000);

  it("runs a lab's tests and shows each one's status and the failure's location as `penglaic test` reports them", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'penglaic-lab-'));
    cpSync(join(ROOT, 'samples/course/04-leaky-caller'), dir, { recursive: true });
    cpSync(join(dir, 'starter/main.pen'), join(dir, 'main.pen'));
    const expected = JSON.parse(cliStatus(dir, 'test', 'tests/public.pen', '--reporter', 'json').toString()) as NonNullable<Hooks['lastReport']>;
    const page = await site.open();
    await page.select('#samples', 'course/04-leaky-caller');
    await page.waitForFunction(() => 'tests/public.pen' in playground.program().files);
    await page.click('#test');
    await whenIdle(page);
    const report = (await page.evaluate(() => playground.lastReport))!;
    const outline = (r: NonNullable<Hooks['lastReport']>) => r.tests.map((t) => [t.name, t.status, t.failure?.message, t.failure?.location]);
    expect(outline(report)).toEqual(outline(expected));
    expect(report.tests.map((t) => t.status)).toEqual(['passed', 'failed']);
    const failed = expected.tests[1].failure!.location!;
    const rows = await page.$$eval('#tests li', (items) => items.map((i) => i.textContent));
    expect(rows[1]).toContain(`(${failed.file}:${failed.line}:${failed.column})`);
    expect(await page.$eval('#tests .summary', (e) => e.textContent)).toBe('1 passed, 1 failed');
    await page.screenshot({ path: join(ARTIFACTS, 'lab-tests.png') });
    await page.close();
  }, 180_000);

  it('opens a shared link in a fresh page with the same program', async () => {
    const page = await site.open();
    await openSample(page, 'kv-store');
    await page.evaluate(() => playground.setText(playground.program().files['main.pen'] + '\n// shared from the playground\n'));
    await page.click('#share');
    const link = await page.evaluate(() => location.hash);
    const program = await page.evaluate(() => playground.program());
    expect(link).toMatch(/^#p1\./);
    const fresh = await site.open(link);
    expect(await fresh.evaluate(() => playground.program())).toEqual(program);
    expect(await fresh.$eval('#notice', (e) => (e as HTMLElement).hidden)).toBe(true);
    await page.close();
    await fresh.close();
  }, 120_000);

  it('shows a clear message and an empty editor for a truncated, tampered or enormous link, and runs nothing', async () => {
    const page = await site.open();
    await openSample(page, 'server-chain');
    await page.click('#share');
    const link = await page.evaluate(() => location.hash);
    await page.close();
    const tampered = link.slice(0, 40) + (link[40] === 'A' ? 'B' : 'A') + link.slice(41);
    const cases: [string, RegExp][] = [
      [link.slice(0, Math.floor(link.length / 2)), /damaged or cut short|cut short/],
      [tampered, /changed|damaged/],
      ['#p1.' + 'A'.repeat(300_000), /more than the 200000/],
      ['#hello', /not a playground program link/],
    ];
    for (const [fragment, why] of cases) {
      const broken = await site.open(fragment);
      const notice = await broken.$eval('#notice', (e) => ({ hidden: (e as HTMLElement).hidden, text: e.textContent ?? '' }));
      expect(notice.hidden).toBe(false);
      expect(notice.text).toMatch(/^This shared link cannot be opened: /);
      expect(notice.text).toMatch(why);
      expect(notice.text).toMatch(/Nothing was run; the editor is empty\.$/);
      expect(await broken.evaluate(() => playground.program())).toEqual({ entry: 'main.pen', files: { 'main.pen': '' } });
      expect(await broken.evaluate(() => playground.consoleText())).toBe('');
      if (fragment === tampered) await broken.screenshot({ path: join(ARTIFACTS, 'tampered-link.png') });
      await broken.close();
    }
  }, 180_000);

  it('caps a program that prints without end, with a note, and stays responsive; Stop ends an endless loop', async () => {
    const page = await site.open();
    await setText(page, 'host {\n  while true {\n    print("again and again");\n  }\n}\n');
    await page.click('#run');
    await whenIdle(page);
    const text = await page.evaluate(() => playground.consoleText());
    expect(text).toMatch(/^(again and again\n)+/);
    expect(text).toMatch(/\[output capped: the program printed more than 256 KiB, so the playground ended the run\]\n$/);

    await setText(page, 'host {\n  var n: u64 = 0;\n  while true {\n    n += 1;\n  }\n}\n');
    await page.click('#run');
    await page.waitForFunction(() => (document.querySelector('#status') as HTMLElement).textContent === 'running…');
    // While it runs, the editor still answers: an edit gets fresh diagnostics from the language server.
    await setText(page, 'host {\n  var n: u64 = 0;\n  while true {\n    n += 1;\n  }\n  retrun 0;\n}\n');
    expect((await page.evaluate(() => playground.markers())).length).toBeGreaterThan(0);
    expect(await page.$eval('#run', (b) => (b as HTMLButtonElement).disabled)).toBe(true);
    await page.click('#stop');
    expect(await page.$eval('#status', (e) => e.textContent)).toBe('stopped');
    expect(await page.$eval('#run', (b) => (b as HTMLButtonElement).disabled)).toBe(false);
    await page.close();
  }, 180_000);

  it('works offline once loaded: the service worker answers a reload with no network', async () => {
    const page = await site.open('', { intercept: false });
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    });
    await page.setOfflineMode(true);
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(() => (window as unknown as { playground?: object }).playground !== undefined);
    await page.click('#run');
    await whenIdle(page);
    expect(await page.evaluate(() => playground.consoleText())).toBe('hello from enclave Hello\nhost: Hello returned 42\n');
    await page.setOfflineMode(false);
    await page.close();
  }, 120_000);

  it('sent no request to anything but the site, and no page had an uncaught error', () => {
    expect(site.outside).toEqual([]);
    expect(site.errors).toEqual([]);
  });
});
