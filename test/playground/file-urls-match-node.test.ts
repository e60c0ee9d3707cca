// The playground's node:url file-URL functions (playground/platform/url.ts) against node:url on
// random POSIX paths with the characters URLs must escape, and on URLs node refuses.
import { fileURLToPath as nodeToPath, pathToFileURL as nodeToUrl } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fileURLToPath, pathToFileURL } from '../../playground/platform/url.js';
import { random64 } from '../emulator/helpers/random64.js';

const next = random64(0x0f11_e0a1n);
const pick = <T>(items: readonly T[]): T => items[Number(next() % BigInt(items.length))];
const PIECES = ['main.pen', 'a b', '%', '#', '?', 'é', '中文', '[x]', 'semi;colon', '+', '&', "'", '~', '.', '..', 'dir'];
const randomPath = () => '/' + Array.from({ length: 1 + Number(next() % 4n) }, () => pick(PIECES)).join('/');

describe('file URLs match node:url', () => {
  it('pathToFileURL and fileURLToPath agree with node', () => {
    for (let i = 0; i < 2000; i++) {
      const path = randomPath();
      const url = pathToFileURL(path);
      expect([path, url.href]).toEqual([path, nodeToUrl(path).href]);
      expect(fileURLToPath(url)).toBe(nodeToPath(url));
      expect(fileURLToPath(url.href)).toBe(nodeToPath(nodeToUrl(path).href));
    }
  });

  it('refuses what node refuses: other schemes, hosts and encoded slashes', () => {
    for (const url of ['http://example.test/a.pen', 'file://host/a.pen', 'file:///a%2Fb.pen', 'file:///a%2fb.pen']) {
      expect(() => nodeToPath(url)).toThrow(TypeError);
      expect(() => fileURLToPath(url)).toThrow(TypeError);
    }
  });
});
