// The page's node:fs (playground/platform/virtual-fs.ts) against node's fs on a real folder
// holding the same files: the same reads, listings, stats and error codes for the same calls,
// relative paths resolved from the root as the page's working directory.
import * as fs from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as page from '../../playground/platform/virtual-fs.js';

const FILES: Record<string, string> = { 'main.pen': 'host {}\n', 'lib/store.pen': 'server S "s" {}\n', 'lib/deep/more.pen': '', 'tests/public.pen': 'import "../main.pen";\n' };
const PATHS = ['main.pen', 'lib', 'lib/', 'lib/store.pen', 'lib/deep', 'lib/deep/more.pen', 'tests/public.pen', 'missing.pen', 'lib/missing', 'main.pen/x', '.', 'lib/../main.pen', './tests/../lib/store.pen'];

/** What a call gives, or the code of what it threw. */
function outcome<T>(call: () => T): T | { error: string } {
  try {
    return call();
  } catch (e) {
    return { error: (e as NodeJS.ErrnoException).code ?? 'no code' };
  }
}

describe('virtual-fs behaves as node:fs', () => {
  const disk = mkdtempSync(join(tmpdir(), 'penglaic-vfs-'));
  for (const [path, text] of Object.entries(FILES)) {
    fs.mkdirSync(join(disk, path, '..'), { recursive: true });
    fs.writeFileSync(join(disk, path), text);
  }
  page.replaceFiles(FILES);
  const onDisk = (path: string) => join(disk, path);
  const inPage = (path: string) => '/' + path;

  it('reads, lists and stats the same files, and fails with the same codes', () => {
    for (const path of PATHS) {
      expect([path, outcome(() => page.readFileSync(inPage(path), 'utf8'))]).toEqual([path, outcome(() => fs.readFileSync(onDisk(path), 'utf8'))]);
      expect([path, page.existsSync(inPage(path))]).toEqual([path, fs.existsSync(onDisk(path))]);
      const stat = (s: { isFile(): boolean; isDirectory(): boolean; size: number }) => ({ file: s.isFile(), directory: s.isDirectory(), size: s.isFile() ? s.size : 0 });
      expect([path, outcome(() => stat(page.statSync(inPage(path))))]).toEqual([path, outcome(() => stat(fs.statSync(onDisk(path))))]);
      expect([path, outcome(() => page.readdirSync(inPage(path)))]).toEqual([path, outcome(() => fs.readdirSync(onDisk(path)).sort())]);
    }
  });

  it('answers the promise forms and typed folder entries as node does', async () => {
    const entry = (e: { name: string; isFile(): boolean; isDirectory(): boolean }) => `${e.name} ${e.isFile() ? 'file' : e.isDirectory() ? 'folder' : 'other'}`;
    const settle = async <T>(run: () => Promise<T>) => run().then((value) => ({ value }), (error: { code?: string }) => ({ code: error.code }));
    for (const path of PATHS) {
      expect([path, await settle(async () => (await page.promises.readdir(inPage(path), { withFileTypes: true }) as { name: string; isFile(): boolean; isDirectory(): boolean }[]).map(entry))])
        .toEqual([path, await settle(async () => (await fs.promises.readdir(onDisk(path), { withFileTypes: true })).map(entry).sort())]);
      expect([path, await settle(() => page.promises.readFile(inPage(path), 'utf8'))]).toEqual([path, await settle(() => fs.promises.readFile(onDisk(path), 'utf8'))]);
      expect([path, await settle(async () => (await page.promises.stat(inPage(path))).isFile())]).toEqual([path, await settle(async () => (await fs.promises.stat(onDisk(path))).isFile())]);
    }
  });

  it('reads bytes without an encoding and sees what was written', () => {
    expect(page.readFileSync('/main.pen')).toEqual(new Uint8Array(fs.readFileSync(onDisk('main.pen'))));
    page.writeFileSync('/lib/new.pen', 'fn f() {}\n');
    fs.writeFileSync(onDisk('lib/new.pen'), 'fn f() {}\n');
    expect(page.readdirSync('/lib')).toEqual(fs.readdirSync(onDisk('lib')).sort());
    expect(page.readFileSync('lib/new.pen', { encoding: 'utf8' })).toBe('fn f() {}\n');
  });
});
