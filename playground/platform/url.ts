// node:url's file-URL functions in the page, for the language server's document URIs
// (file:///main.pen is /main.pen of the virtual file system). POSIX rules as node has them;
// test/playground/file-urls-match-node.test.ts checks them against node:url.
export function pathToFileURL(path: string): URL {
  const encoded = path.split('/').map((segment) => encodeURIComponent(segment)).join('/');
  return new URL(`file://${encoded.startsWith('/') ? '' : '/'}${encoded}`);
}

export function fileURLToPath(url: string | URL): string {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  if (parsed.protocol !== 'file:') throw new TypeError(`The URL must be of scheme file: ${String(url)}`);
  if (parsed.hostname !== '') throw new TypeError(`File URL host must be "localhost" or empty: ${String(url)}`);
  if (/%2f/i.test(parsed.pathname)) throw new TypeError(`File URL path must not include encoded / characters: ${String(url)}`);
  return decodeURIComponent(parsed.pathname);
}
