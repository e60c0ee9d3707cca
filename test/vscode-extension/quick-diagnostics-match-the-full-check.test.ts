import { describe, expect, it } from 'vitest';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { Diagnostic } from '../../grammar/diagnostic.js';
import { checkSource } from '../../compiler/check/index.js';
import { quickDiagnostics } from '../../vscode-extension/src/quick-diagnostics.js';
import { Workspace } from '../../vscode-extension/src/workspace.js';
import { showRange, startTestClient } from './lsp-harness.js';

const FILE = '/virtual/quick/main.pen';
const URI = 'file://' + FILE;

/** A server and `count` enclaves that call it; enclave 3 has a type error. */
function program(count: number): string {
  const parts = ['server Adder "test-server" {', '  fn add_two(tag: u64) -> u64 {', '    return tag + 2;', '  }', '}', ''];
  for (let i = 0; i < count; i++) {
    parts.push(`enclave E${i} {`, '  fn main() -> i64 {', '    let adder = acquire Adder;', '    var total: u64 = 0;');
    parts.push(i === 3 ? '    total += adder.add_two(true);' : `    total += adder.add_two(${i});`);
    parts.push('    return total as i64;', '  }', '}', '');
  }
  parts.push('host {', '  let a = create Adder;', '  let e = create E0;', '  print(run e);', '  destroy a;', '}', '');
  return parts.join('\n');
}

const summary = (d: Diagnostic) => `${d.code} ${d.span.startLine}:${d.span.startCol}-${d.span.endLine}:${d.span.endCol} ${d.message}`;
const lspSummary = (d: LspDiagnostic) => `${d.code} ${showRange(d.range)} ${String(d.message).split(' (')[0].split('\n')[0]}`;

/** xorshift32, seeded, so a failing case can be replayed. */
function random(seed: number) {
  let state = seed >>> 0 || 1;
  return (n: number) => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state % n;
  };
}

describe('quick diagnostics', () => {
  it('equal the full check for random edits inside bodies', () => {
    const workspace = new Workspace();
    const base = program(12);
    const next = random(7);
    const snippets = ['x', ';', '\n', '1', ' + true', 'let q: u8 = 300;\n', 'adder.nope();', '}', '{', '"', 'return;', 'acquire E1;'];
    let compared = 0;
    for (let round = 0; round < 150; round++) {
      workspace.open(URI, base, 1);
      const previous = workspace.analyse(URI)!;
      const at = next(base.length);
      const text = base.slice(0, at) + snippets[next(snippets.length)] + base.slice(at + next(3));
      const quick = quickDiagnostics(previous, text, () => undefined);
      if (!quick) continue;
      compared++;
      const full = checkSource(text, FILE).diagnostics.filter((d) => d.span.file === FILE && d.code !== 'E0411');
      expect(quick.diagnostics.filter((d) => d.code !== 'E0411').map(summary), JSON.stringify(text.slice(at - 20, at + 20))).toEqual(full.map(summary));
    }
    expect(compared).toBeGreaterThan(60);
  });

  it('are published first for an edit in a large file, then confirmed by the full check', async () => {
    const client = await startTestClient({ quickCheckFrom: 0, fullCheckDelay: 20 });
    const text = program(20);
    await client.open(URI, text);
    expect((await client.nextDiagnostics(URI, 1)).map(lspSummary)).toEqual(['E0303 38:28-38:32 mismatched types: `tag` of `Adder.add_two` is `u64`, found `bool`']);
    // Enclave 10's body gets a second error, three lines further down everything shifts.
    const line = text.split('\n').findIndex((l) => l === '    total += adder.add_two(10);');
    await client.change(URI, 2, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '    let q: u8 = 300;\n\n\n' }]);
    const quick = await client.nextDiagnostics(URI, 2);
    const lines = text.split('\n');
    lines.splice(line, 0, '    let q: u8 = 300;', '', '');
    const expected = checkSource(lines.join('\n'), FILE).diagnostics;
    expect(expected.map((d) => d.code)).toEqual(['E0303', 'W0101', 'E0203']);
    expect(quick.map((d) => `${d.code} ${showRange(d.range)}`)).toEqual(expected.map((d) => `${d.code} ${d.span.startLine}:${d.span.startCol}-${d.span.endLine}:${d.span.endCol}`));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const forVersion2 = client.published.filter((p) => p.uri === URI && p.version === 2);
    expect(forVersion2.length).toBe(2);
    expect(forVersion2[1].diagnostics).toEqual(forVersion2[0].diagnostics);
    client.close();
  });
});
