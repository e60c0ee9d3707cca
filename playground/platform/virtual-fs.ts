// node:fs in the page: a virtual file system in memory, rooted at `/`. The layers reach files
// only through a SourceHost (compiler/check) or, for the parts that read the disk directly
// (the checker's diskHost, the CLI helpers a bundle pulls in), through these few functions,
// which behave as node's do on a disk holding only what the page put there: a missing file
// is ENOENT, never a silent empty one.
import { resolve } from './posix-path.js';

const files = new Map<string, Uint8Array>();
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function failure(code: string, syscall: string, path: string): Error {
  const error = new Error(`${code}: ${syscall} '${path}' (the playground's virtual file system)`) as Error & { code: string; path: string; syscall: string };
  error.code = code;
  error.path = path;
  error.syscall = syscall;
  return error;
}

const key = (path: string | URL) => resolve(String(path));
/** Why a path that is neither a file nor a folder is missing: a file where a folder should be is ENOTDIR. */
function missing(full: string): string {
  for (let at = full.indexOf('/', 1); at > 0; at = full.indexOf('/', at + 1)) if (files.has(full.slice(0, at))) return 'ENOTDIR';
  return 'ENOENT';
}
const isDirectory = (path: string) => path === '/' || [...files.keys()].some((file) => file.startsWith(path + '/'));

/** Replaces the whole file system with these files (paths relative to `/`). */
export function replaceFiles(contents: Record<string, string>): void {
  files.clear();
  for (const [path, text] of Object.entries(contents)) files.set(key(path), encoder.encode(text));
}

export function readFileSync(path: string, options?: string | { encoding?: string | null }): string | Uint8Array {
  const bytes = files.get(key(path));
  if (!bytes) throw failure(isDirectory(key(path)) ? 'EISDIR' : missing(key(path)), 'open', String(path));
  const encoding = typeof options === 'string' ? options : options?.encoding;
  return encoding ? decoder.decode(bytes) : bytes.slice();
}

export function writeFileSync(path: string, data: string | Uint8Array): void {
  files.set(key(path), typeof data === 'string' ? encoder.encode(data) : data.slice());
}

export function existsSync(path: string): boolean {
  return files.has(key(path)) || isDirectory(key(path));
}

interface VirtualStats {
  size: number;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

export function statSync(path: string): VirtualStats {
  const full = key(path);
  const bytes = files.get(full);
  if (!bytes && !isDirectory(full)) throw failure(missing(full), 'stat', String(path));
  return { size: bytes?.length ?? 0, isFile: () => bytes !== undefined, isDirectory: () => bytes === undefined, isSymbolicLink: () => false };
}

export const lstatSync = statSync;

export function realpathSync(path: string): string {
  statSync(path);
  return key(path);
}

interface VirtualDirent {
  name: string;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

export function readdirSync(path: string): string[];
export function readdirSync(path: string, options: { withFileTypes: true }): VirtualDirent[];
export function readdirSync(path: string, options?: { withFileTypes?: boolean }): string[] | VirtualDirent[] {
  const full = key(path);
  if (!isDirectory(full)) throw failure(files.has(full) ? 'ENOTDIR' : missing(full), 'scandir', String(path));
  const prefix = full === '/' ? '/' : full + '/';
  const names = new Set<string>();
  for (const file of files.keys()) if (file.startsWith(prefix)) names.add(file.slice(prefix.length).split('/')[0]);
  const sorted = [...names].sort();
  if (!options?.withFileTypes) return sorted;
  return sorted.map((name) => {
    const isFile = files.has(prefix + name);
    return { name, isFile: () => isFile, isDirectory: () => !isFile, isSymbolicLink: () => false };
  });
}

/** node:fs's promise forms of the same calls (the language server's workspace walk uses them). */
export const promises = {
  readFile: async (path: string, options?: string | { encoding?: string | null }) => readFileSync(path, options),
  stat: async (path: string) => statSync(path),
  realpath: async (path: string) => realpathSync(path),
  readdir: async (path: string, options?: { withFileTypes?: boolean }) => (options?.withFileTypes ? readdirSync(path, { withFileTypes: true }) : readdirSync(path)),
};

export function mkdirSync(): void {
  // Directories exist as the prefixes of the files in them.
}

export function rmSync(path: string): void {
  const full = key(path);
  for (const file of [...files.keys()]) if (file === full || file.startsWith(full + '/')) files.delete(file);
}

let temporaries = 0;
export function mkdtempSync(prefix: string): string {
  return `${prefix}${++temporaries}`;
}

/** Descriptors are not kept: the page writes files whole, and its standard streams are the worker's messages. */
export function openSync(path: string): number {
  throw failure('ENOSYS', 'open', String(path));
}
export function readSync(): number {
  throw failure('ENOSYS', 'read', '');
}
export function writeSync(fd: number): number {
  throw failure('EBADF', 'write', String(fd));
}
export function closeSync(): void {}
