// `penglaic playground --no-open --port 0 --dir SITE`: serves a built playground on 127.0.0.1 with the page's
// CSP on every file (widened only for the run worker's block compiler and the service worker's
// cache), answers nothing outside the site, and refuses a bad port in words.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlayground, ROOT } from './browser.js';

const CLI = join(ROOT, 'bin/penglaic.js');
let server: ReturnType<typeof spawn>;
let url: string;
let site: string;

beforeAll(async () => {
  site = buildPlayground();
  server = spawn(process.execPath, [CLI, 'playground', '--no-open', '--port', '0', '--dir', site], { stdio: ['ignore', 'ignore', 'pipe'] });
  url = await new Promise<string>((resolve, reject) => {
    let text = '';
    server.stderr!.on('data', (chunk) => {
      text += chunk;
      const match = /the playground is at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(text);
      if (match) resolve(match[1]);
    });
    server.on('exit', (code) => reject(new Error(`penglaic playground exited with ${code}: ${text}`)));
  });
}, 60_000);
afterAll(() => {
  server?.kill();
});

describe('penglaic playground', () => {
  it("serves the site's files with the page's policy", async () => {
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toBe(readFileSync(join(site, 'index.html'), 'utf8'));
    const policy = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1];
    expect(page.headers.get('content-security-policy')).toBe(policy);
    expect(policy).toContain("connect-src 'none'");
    expect(policy).toContain("script-src 'self';");
    const main = await fetch(url + 'main.js');
    expect(main.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(main.headers.get('content-security-policy')).toBe(policy);
    expect((await fetch(url + 'run-worker.js')).headers.get('content-security-policy')).toBe(policy.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'"));
    expect((await fetch(url + 'service-worker.js')).headers.get('content-security-policy')).toBe(policy.replace("connect-src 'none'", "connect-src 'self'"));
  });

  it('answers 404 for anything outside the site, 405 for anything but GET and HEAD, 400 for a malformed address, and keeps serving', async () => {
    for (const path of ['%2e%2e/package.json', '..%2fpackage.json', 'missing.js', '%2e%2e%2f%2e%2e%2fetc/passwd']) {
      const response = await fetch(url + path);
      expect([path, response.status]).toEqual([path, 404]);
    }
    expect((await fetch(url, { method: 'POST', body: 'x' })).status).toBe(405);
    expect((await fetch(url + '%E0%A4%A')).status).toBe(400);
    expect((await fetch(url)).status).toBe(200);
  });

  it('refuses a port that is not a port, and a folder with no site', () => {
    const result = spawnSync(process.execPath, [CLI, 'playground', '--no-open', '--port', '70000'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('penglaic: error: --port takes a TCP port number (0-65535), not "70000"\n');
    const empty = spawnSync(process.execPath, [CLI, 'playground', '--no-open', '--dir', ROOT + '/samples'], { encoding: 'utf8' });
    expect(empty.status).toBe(2);
    expect(empty.stderr).toBe(`penglaic: error: ${ROOT}/samples holds no built playground (index.html); build one with \`npm run build:playground\`\n`);
  });
});
