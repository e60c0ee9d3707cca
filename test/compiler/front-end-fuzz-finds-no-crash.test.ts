import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runOne } from '../../scripts/fuzz/driver.js';
import { EXTREMES } from '../../scripts/fuzz/front-end-extremes.js';
import { frontEnd } from '../../scripts/fuzz/front-end.js';

// A CI-sized sample of the long fuzz run (`npm run fuzz -- --target front-end --count 100000`):
// the same target, a fixed seed, every kind of mutation and every generated extreme.
const INPUTS = 2_000;

describe('the front end on mutated and extreme programs', () => {
  it(`${INPUTS} inputs (seed 11): no exception, no internal error, no diagnostic outside the text, no input over its time bound`, () => {
    const session = frontEnd.start(join(import.meta.dirname, '../..'), 11);
    const kinds = new Set<string>();
    const failures: string[] = [];
    for (let index = 0; index < INPUTS; index++) {
      const input = session.input(index);
      kinds.add(input.kind);
      const problem = runOne(session, input);
      if (problem) failures.push(`input ${index} (${input.kind}): ${problem}\n${input.text.slice(0, 400)}`);
    }
    expect(failures).toEqual([]);
    expect([...kinds].sort()).toEqual([...['byte', 'mixed', 'splice', 'token'].map((k) => `mutation.${k}`), ...EXTREMES.map((e) => `extreme.${e.name}`)].sort());
  }, 300_000);
});
