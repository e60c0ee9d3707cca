// The playground's node:path (playground/platform/posix-path.ts) against node:path.posix on
// random paths built from the pieces that make paths hard: empty segments, `.`, `..`,
// repeated and trailing slashes, dots inside names. The page's working directory is `/`.
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as page from '../../playground/platform/posix-path.js';
import { random64 } from '../emulator/helpers/random64.js';

const next = random64(0x9a70_5eedn);
const pick = <T>(items: readonly T[]): T => items[Number(next() % BigInt(items.length))];
const PIECES = ['', '.', '..', 'a', 'b.pen', '.hidden', 'x..y', 'main.pen', '...', 'dir'];
function randomPath(): string {
  const segments = Array.from({ length: Number(next() % 6n) }, () => pick(PIECES));
  const slash = () => pick(['/', '/', '//']);
  return (pick([true, false]) ? slash() : '') + segments.join(slash()) + (pick([true, false, false]) ? '/' : '');
}
/** node's resolve against `/` as the working directory, as the page has it. */
const nodeResolve = (...paths: string[]) => posix.resolve('/', ...paths);

describe('posix-path matches node:path.posix', () => {
  it('normalize, join, dirname, basename, extname and isAbsolute agree on random paths', () => {
    for (let i = 0; i < 3000; i++) {
      const [a, b, c] = [randomPath(), randomPath(), randomPath()];
      expect([a, page.normalize(a)]).toEqual([a, posix.normalize(a)]);
      expect([a, b, c, page.join(a, b, c)]).toEqual([a, b, c, posix.join(a, b, c)]);
      expect([a, page.dirname(a)]).toEqual([a, posix.dirname(a)]);
      expect([a, page.basename(a)]).toEqual([a, posix.basename(a)]);
      expect([a, page.basename(a, '.pen')]).toEqual([a, posix.basename(a, '.pen')]);
      expect([a, page.extname(a)]).toEqual([a, posix.extname(a)]);
      expect(page.isAbsolute(a)).toBe(posix.isAbsolute(a));
    }
  });

  it('resolve and relative agree with node resolving from /', () => {
    for (let i = 0; i < 3000; i++) {
      const [a, b] = [randomPath(), randomPath()];
      expect([a, b, page.resolve(a, b)]).toEqual([a, b, nodeResolve(a, b)]);
      expect([a, b, page.relative(a, b)]).toEqual([a, b, posix.relative(nodeResolve(a), nodeResolve(b))]);
    }
  });
});
