// `penglaic playground`: serves the playground (dist/playground/, from `npm run build:playground`)
// on localhost and opens it in the browser. A tiny static server: the site is plain files and
// needs no server code, so any static host serves it as well.
import { Command } from 'commander';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { err, UsageError } from './common.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * The Content-Security-Policy of each file: the page's own (its meta tag, one source of truth)
 * for all, with two widenings a worker's response must carry itself: the run worker may turn
 * hot guest code into JavaScript functions (the emulator's block compiler uses `new Function`),
 * and the service worker may fetch this site's files to keep them for offline use.
 */
export function policyOf(pagePolicy: string, file: string): string {
  if (file.endsWith('/run-worker.js')) return pagePolicy.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'");
  if (file.endsWith('/service-worker.js')) return pagePolicy.replace("connect-src 'none'", "connect-src 'self'");
  return pagePolicy;
}

function pagePolicyOf(site: string): string {
  const match = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(readFileSync(join(site, 'index.html'), 'utf8'));
  if (!match) throw new UsageError(`${join(site, 'index.html')} has no Content-Security-Policy; rebuild with \`npm run build:playground\``);
  return match[1];
}

/** dist/playground beside the CLI's bundle (which may run from a chunk in dist/cli-chunks/). */
export function playgroundRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const site = [here, dirname(here)].map((dir) => join(dir, 'playground')).find((dir) => existsSync(join(dir, 'index.html')));
  if (!site) throw new UsageError('the playground is not built: run `npm run build:playground` (it writes dist/playground/)');
  return site;
}

/** Serves `site` on 127.0.0.1:`port` (0 picks a free port); resolves once it listens. */
export function servePlayground(site: string, port: number): Promise<Server> {
  const policy = pagePolicyOf(site);
  const server = createServer((request, response) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    } catch {
      response.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('the address is not valid percent-encoding\n');
      return;
    }
    const file = normalize(join(site, path.endsWith('/') ? path + 'index.html' : path));
    const inside = file.startsWith(site + sep);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (!inside || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${path} is not part of the playground\n`);
      return;
    }
    const body = readFileSync(file);
    response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': body.length, 'Cache-Control': 'no-cache', 'Content-Security-Policy': policyOf(policy, file), 'X-Content-Type-Options': 'nosniff' });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** Opens `url` in the desktop's browser; says so when there is none. */
function openBrowser(url: string): void {
  const [command, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => err(`penglaic: could not open a browser (${command}); open ${url} yourself\n`));
  child.unref();
}

async function playground(options: { open: boolean; port: string; dir?: string }): Promise<number> {
  if (!/^\d+$/.test(options.port) || Number(options.port) > 65535) throw new UsageError(`--port takes a TCP port number (0-65535), not "${options.port}"`);
  const site = options.dir === undefined ? playgroundRoot() : resolve(options.dir);
  if (options.dir !== undefined && !existsSync(join(site, 'index.html'))) throw new UsageError(`${options.dir} holds no built playground (index.html); build one with \`npm run build:playground\``);
  let server: Server;
  try {
    server = await servePlayground(site, Number(options.port));
  } catch (e) {
    throw new UsageError(`cannot serve on 127.0.0.1:${options.port}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : options.port}/`;
  err(`penglaic: the playground is at ${url} (Ctrl-C stops it)\n`);
  if (options.open) openBrowser(url);
  await new Promise(() => {});
  return 0;
}

export function playgroundCommand(setStatus: (status: number) => void): Command {
  return new Command('playground')
    .description('serve the browser playground (editor, checker, runs, tests, traces) on localhost and open it')
    .option('--port <n>', 'the port to listen on (0 picks a free one)', '8680')
    .option('--no-open', 'do not open a browser, only print the address')
    .option('--dir <folder>', 'serve this built site (`node playground/build.mjs --out FOLDER`) instead of the one installed with penglaic')
    .action(async (options) => setStatus(await playground(options)));
}
