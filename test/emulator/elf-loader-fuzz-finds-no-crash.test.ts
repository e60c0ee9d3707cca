import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runSample } from '../../scripts/fuzz/sample.js';
import { elfLoader } from '../../scripts/fuzz/elf-loader.js';

// A CI-sized sample of the long fuzz run (`npm run fuzz -- --target elf-loader --count 1000000`):
// the same target and generator, seed 5, every kind of mutant.
const INPUTS = 1_000;

describe('the ELF loaders on mutated program headers', () => {
  it(`${INPUTS} inputs (seed 5): no exception, no accepted image that breaks a layout rule, none over its time bound`, () => {
    const { failures, kinds } = runSample(elfLoader.start(join(import.meta.dirname, '../..'), 5), 0, INPUTS);
    expect(failures).toEqual([]);
    expect(kinds).toEqual(['1-field', '1-field+entry', '2-fields', '2-fields+entry', '3-fields', '3-fields+entry']);
  }, 300_000);
});
