import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { showRange, startTestClient } from './lsp-harness.js';

const MAIN = `import "adder.pen";

enclave Caller {
  fn main() -> i64 {
    let a = acquire Adder;
    return a.add_two(1) as i64;
  }
}

host {
  let c = create Caller;
  print(run c);
}
`;

describe('imported files', () => {
  it("publishes an imported file's diagnostics under its own URI, and re-checks the importer when the import is edited", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'penglaic-imports-'));
    writeFileSync(join(dir, 'adder.pen'), 'server Adder "test-server" {\n  fn add_two(tag: u64) -> u64 {\n    return tag + true;\n  }\n}\n');
    const mainUri = pathToFileURL(join(dir, 'main.pen')).href;
    const adderUri = pathToFileURL(join(dir, 'adder.pen')).href;
    const client = await startTestClient();
    await client.open(mainUri, MAIN);
    expect(await client.nextDiagnostics(mainUri, 1)).toEqual([]);
    const imported = await client.nextDiagnostics(adderUri);
    expect(imported.map((d) => `${d.code} ${showRange(d.range)}`)).toEqual(['E0204 3:18-3:22']);

    // Open the imported file and rename the function there: the importer's call breaks.
    await client.open(adderUri, 'server Adder "test-server" {\n  fn add_three(tag: u64) -> u64 {\n    return tag + 3;\n  }\n}\n');
    expect(await client.nextDiagnostics(adderUri, 1)).toEqual([]);
    const importer = await new Promise<string[]>((resolve) => {
      const poll = () => {
        const last = client.published.filter((p) => p.uri === mainUri).at(-1)!;
        if (last.diagnostics.length > 0) resolve(last.diagnostics.map((d) => `${d.code} ${showRange(d.range)}`));
        else setTimeout(poll, 10);
      };
      poll();
    });
    expect(importer).toEqual(['E0310 6:14-6:21']);
    client.close();
  });
});

describe('layering (DESIGN.md §1)', () => {
  const root = join(import.meta.dirname, '../..');
  const sources = (dir: string): string[] =>
    readdirSync(join(root, dir)).flatMap((name) => {
      const path = join(root, dir, name);
      return statSync(path).isDirectory() ? sources(relative(root, path)) : path.endsWith('.ts') ? [path] : [];
    });
  const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);

  it('keeps LSP types and the extension out of grammar/ and compiler/', () => {
    const offenders = [...sources('grammar'), ...sources('compiler')].filter((file) =>
      importsOf(file).some((spec) => spec.includes('vscode-extension') || spec.startsWith('vscode-')),
    );
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });
});
