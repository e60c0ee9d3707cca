// Differential: random whole programs (whole-program-generator.ts: loops, arrays, calls,
// prints, peeks and pokes, out-of-range indexes) built at -O0 and with the optimiser must
// print the same, stop at the same located error or fault the same way. A sample runs here;
// `npm run fuzz -- --target optimizer --count 100000` runs the long version.
import { describe, expect, it } from 'vitest';
import { generateWholeProgram, runBothWays } from './whole-program-generator.js';

const SAMPLE = 60;

describe('the optimiser keeps what a program does', () => {
  it(`${SAMPLE} random whole programs print the same and stop the same at -O0 and optimised`, () => {
    const endings = { returned: 0, outOfBounds: 0, faulted: 0 };
    for (let seed = 1; seed <= SAMPLE; seed++) {
      const source = generateWholeProgram(seed);
      const { o0, optimized } = runBothWays(source);
      expect({ seed, ...optimized }, source).toEqual({ seed, ...o0 });
      if (o0.events.length) endings.faulted++;
      else if (o0.stdout.includes('index out of bounds at test.pen:')) endings.outOfBounds++;
      else endings.returned++;
    }
    // Every ending must occur, or the comparison proves less than it claims.
    expect(endings.returned).toBeGreaterThan(5);
    expect(endings.outOfBounds).toBeGreaterThan(5);
    expect(endings.faulted).toBeGreaterThan(3);
    console.log(`${SAMPLE} programs: ${endings.returned} returned, ${endings.outOfBounds} stopped at a located bounds error, ${endings.faulted} faulted; all the same both ways`);
  }, 300_000);
});
