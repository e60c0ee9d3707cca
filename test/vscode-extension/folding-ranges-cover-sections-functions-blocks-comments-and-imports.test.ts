import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FoldingRange } from 'vscode-languageserver';
import { startTestClient, type TestClient } from './lsp-harness.js';

const URI = 'file:///virtual/folding/main.pen';

// Each line's number (1-based) is written at its end, so the expected ranges can be read off.
const SOURCE = [
  '// A chain of two servers.                 // 1',
  '// Folded as one comment run.              // 2',
  'import "lib.pen";                          // 3',
  'import "more.pen";                         // 4',
  'import "last.pen";                         // 5',
  'struct Pair {                              // 6',
  '  a: u64,                                  // 7',
  '  b: u64,                                  // 8',
  '}                                          // 9',
  'server Adder "test-server" {               // 10',
  '  /// Adds the numbers.                    // 11',
  '  /// Twice.                               // 12',
  '  fn fill(tag: u64, nums: inout u32[4]) -> u64 {',
  '    var sum: u64 = tag;                    // 14',
  '    for i in 0..4 {                        // 15',
  '      sum += nums[i];                      // 16',
  '    }                                      // 17',
  '    /* a block comment                     // 18',
  '       over two lines */                   // 19',
  '    if sum > 9 { return 1; } else {        // 20',
  '      return sum; }                        // 21',
  '  }                                        // 22',
  '}                                          // 23',
  'host {                                     // 24',
  '  let a = create Adder;                    // 25',
  '  destroy a;                               // 26',
  '}                                          // 27',
].join('\n') + '\n';

describe('folding ranges', () => {
  let client: TestClient;
  beforeEach(async () => {
    client = await startTestClient();
  });
  afterEach(() => client.close());

  it('folds sections, structs, functions, blocks, comment runs and import runs, one range per start line', async () => {
    await client.open(URI, SOURCE);
    const ranges = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: URI } });
    // 1-based [first, last folded line, kind]: a `}` alone on its line stays visible.
    expect(ranges.map((r) => [r.startLine + 1, r.endLine + 1, r.kind ?? 'code'])).toEqual([
      [1, 2, 'comment'],
      [3, 5, 'imports'],
      [6, 8, 'code'],
      [10, 22, 'code'],
      [11, 12, 'comment'],
      [13, 21, 'code'],
      [15, 16, 'code'],
      [18, 19, 'comment'],
      [20, 21, 'code'],
      [24, 26, 'code'],
    ]);
  });

  it('gives a document it has not opened no ranges', async () => {
    expect(await client.request('textDocument/foldingRange', { textDocument: { uri: 'file:///virtual/folding/other.pen' } })).toEqual([]);
  });
});
