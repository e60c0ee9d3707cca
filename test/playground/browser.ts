// A real browser for the playground's tests: Debian's chromium driven by puppeteer-core, on the
// site that `npm run build:playground` writes, served by `penglaic playground`'s server. Every
// request a page makes is intercepted: anything not for the site itself is refused and kept,
// so a test can assert that nothing left localhost.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { servePlayground } from '../../compiler/cli/playground.js';
import { CHROMIUM, launchChromium } from '../../scripts/chromium.js';

export const ROOT = join(import.meta.dirname, '../..');
export const ARTIFACTS = join(ROOT, 'test-artifacts/playground');

/** `npm run build:playground` into a folder of this test's own; returns the folder. */
export function buildPlayground(): string {
  const site = mkdtempSync(join(tmpdir(), 'penglaic-playground-'));
  execFileSync(process.execPath, [join(ROOT, 'playground/build.mjs'), '--out', site], { stdio: 'inherit' });
  return site;
}

export interface PlaygroundBrowser {
  browser: Browser;
  url: string;
  /** Requests for anything but the site, which were refused. */
  outside: string[];
  /** Uncaught errors of any page. */
  errors: string[];
  /** A page in a fresh context; `intercept: false` lets its service worker answer (offline tests). */
  open(fragment?: string, options?: { intercept?: boolean }): Promise<Page>;
  close(): Promise<void>;
}

export async function startPlaygroundBrowser(): Promise<PlaygroundBrowser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (node scripts/setup-test-tools.mjs)`);
  const site = buildPlayground();
  mkdirSync(ARTIFACTS, { recursive: true });
  const server: Server = await servePlayground(site, 0);
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
  const browser = await launchChromium('penglaic-chromium-');
  const outside: string[] = [];
  const errors: string[] = [];
  return {
    browser,
    url,
    outside,
    errors,
    async open(fragment = '', { intercept = true } = {}) {
      // A fresh context for each page: no cache, storage or service worker carried over.
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport({ width: 1400, height: 900 });
      await page.setRequestInterception(intercept);
      page.on('request', (request) => {
        if (!intercept) {
          if (!request.url().startsWith(url) && !request.url().startsWith('data:')) outside.push(request.url());
          return;
        }
        if (request.url().startsWith(url) || request.url().startsWith('data:')) void request.continue();
        else {
          outside.push(request.url());
          void request.abort();
        }
      });
      page.on('pageerror', (error) => errors.push(error instanceof Error ? error.message : String(error)));
      await page.goto(url + fragment, { waitUntil: 'load' });
      await page.waitForFunction(() => (window as unknown as { playground?: object }).playground !== undefined);
      return page;
    },
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Waits until the Run and Test buttons are enabled again (the run or the tests ended). */
export async function whenIdle(page: Page, timeout = 120_000): Promise<void> {
  await page.waitForFunction(() => !(document.querySelector('#run') as HTMLButtonElement).disabled, { timeout });
}
