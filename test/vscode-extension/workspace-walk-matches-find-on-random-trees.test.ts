// The workspace walk on random folder trees full of symbolic links (loops to parents, links to
// links, dangling links, two links to one folder) always ends, lists every reachable `.pen`
// file once, and says something about every link it could not follow. The oracle is GNU find
// (`find -L`), which follows links and detects file-system loops on its own.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { random64 } from '../emulator/helpers/random64.js';
import { findPenFiles } from '../../vscode-extension/src/workspace-files.js';

function randomTree(seed: bigint): string {
  const next64 = random64(seed);
  const next = (n: number) => Number(next64() % BigInt(n));
  const root = mkdtempSync(join(tmpdir(), 'penglaic-walk-'));
  const directories = [root];
  const entries: string[] = [];
  for (let i = 0; i < 40; i++) {
    const parent = directories[next(directories.length)];
    const name = join(parent, `e${i}${['', '.pen', '.txt', '.pen'][next(4)]}`);
    switch (next(6)) {
      case 0:
      case 1:
        mkdirSync(name);
        directories.push(name);
        break;
      case 2:
      case 3:
        writeFileSync(name, 'server S "s" {\n}\n');
        break;
      default: {
        // A link to anything made so far, to an ancestor (a loop), or to nothing.
        const targets = [...directories, ...entries, join(root, 'missing')];
        symlinkSync(targets[next(targets.length)], name);
      }
    }
    entries.push(name);
  }
  return root;
}

function findOracle(root: string): string[] {
  let out: string;
  try {
    out = execFileSync('find', ['-L', root, '-type', 'f', '-name', '*.pen'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (error) {
    // find exits 1 after reporting a loop or a dangling link; what it printed still counts.
    out = String((error as { stdout?: unknown }).stdout ?? '');
    if ((error as { code?: unknown }).code === 'ENOENT') throw new Error('GNU find is needed for this test');
  }
  return [...new Set(out.split('\n').filter(Boolean).map((file) => realpathSync(file)))].sort();
}

describe('the workspace walk', () => {
  it('lists each reachable .pen file once on 30 random trees of links, like find -L', async () => {
    for (let seed = 1n; seed <= 30n; seed++) {
      const root = randomTree(seed);
      const problems: string[] = [];
      const found = await findPenFiles(root, (problem) => problems.push(problem));
      const real = found.map((file) => realpathSync(file));
      expect(new Set(real).size, `seed ${seed}: a file listed twice`).toBe(real.length);
      expect([...real].sort(), `seed ${seed}`).toEqual(findOracle(root));
      for (const problem of problems) expect(problem, `seed ${seed}`).toMatch(/^(skipped|cannot read)/);
      expect(found.every((file) => !relative(root, file).startsWith('..'))).toBe(true);
      rmSync(root, { recursive: true });
    }
  });
});
