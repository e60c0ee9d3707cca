// node:url's file-URL functions in the page, for the language server's document URIs
// (file:///main.pen is /main.pen of the virtual file system). POSIX rules as node has them;
// test/playground/file-urls-match-node.test.ts checks them against node:url.
import { resolve } from './posix-path.js';

/** The characters node's pathToFileURL percent-encodes in a path, besides non-ASCII ones. */
const ESCAPED = new Set(' "#%<>?[\\]^`{|}~');

/** As node does it: the resolved path (its trailing slash kept), each character outside URL
 *  path syntax percent-encoded as UTF-8. */
export function pathToFileURL(path: string): URL {
  let resolved = resolve(path);
  if (path.endsWith('/') && !resolved.endsWith('/')) resolved += '/';
  const encoded = [...resolved].map((c) => (ESCAPED.has(c) || c.charCodeAt(0) > 0x7e ? encodeURIComponent(c).replace(/[!'()*~]/g, (x) => '%' + x.charCodeAt(0).toString(16).toUpperCase()) : c)).join('');
  return new URL(`file://${encoded}`);
}

export function fileURLToPath(url: string | URL): string {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  if (parsed.protocol !== 'file:') throw new TypeError(`The URL must be of scheme file: ${String(url)}`);
  if (parsed.hostname !== '') throw new TypeError(`File URL host must be "localhost" or empty: ${String(url)}`);
  if (/%2f/i.test(parsed.pathname)) throw new TypeError(`File URL path must not include encoded / characters: ${String(url)}`);
  return decodeURIComponent(parsed.pathname);
}
