// Seeded random F/D instructions over special and rounding-boundary operands, in all five
// rounding modes (static and through frm), agree with qemu-riscv64 in result bits and
// fflags. The CI sample is 4 batches of 50 cases of 12 instructions; the long run is
// `node scripts/emu-fuzz.mjs --float --seed N --count C`.

import { describe, it, expect } from 'vitest';
import { randomFloatBatch, runFloatBatch } from './support/random-float.js';

const SEED = 0xf10a7;
const BATCH = 50;

describe('random F/D instructions agree with qemu-riscv64 (results and fflags)', () => {
  for (let batch = 0; batch < 4; batch += 1) {
    it(`batch ${batch} of seed ${SEED}: ${BATCH} cases of 12 instructions`, () => {
      const outcome = runFloatBatch(randomFloatBatch(SEED, batch, BATCH));
      expect(outcome.disagreement).toBeUndefined();
      expect(outcome.agreed).toBe(BATCH);
    }, 120_000);
  }
});
