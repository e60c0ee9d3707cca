import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runSample } from '../../scripts/fuzz/sample.js';
import { languageServer } from '../../scripts/fuzz/language-server.js';

// A CI-sized sample of the long fuzz run (`npm run fuzz -- --target language-server --count 10000`):
// whole sessions written at once to `penglaic lsp --stdio` (dist/, built by `npm test`) and
// closed, so the server must also answer everything that arrived before its input ended.
// Inputs 9-14 of seed 1 are long sessions (29-34 steps, 10+ faults).
const FIRST = 9;
const INPUTS = 6;

describe('the language server over stdio on sessions mixed with protocol faults', () => {
  it(`${INPUTS} sessions (seed 1): every valid request answered once and right, faults answered, a clean exit`, () => {
    const { failures } = runSample(languageServer.start(join(import.meta.dirname, '../..'), 1), FIRST, INPUTS);
    expect(failures).toEqual([]);
  }, 300_000);
});
