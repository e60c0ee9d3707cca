// Debian's chromium under puppeteer-core, launched the same way for the playground's tests and
// its benchmark: headless, no sandbox or GPU, no background traffic, a fresh profile each time.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Launches chromium with a new profile folder under the temp dir named `profilePrefix…`. */
export function launchChromium(profilePrefix: string): Promise<Browser> {
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${mkdtempSync(join(tmpdir(), profilePrefix))}`],
  });
}
