// Seeded random instruction sequences with hot loops (150-300 trips) must agree with
// qemu-riscv64 while the loops run in every tier: interpreted, as JS blocks and as wasm
// regions. The test also proves the wasm tier was reached. `npm run emu-fuzz` runs millions.

import { describe, it, expect } from 'vitest';
import { randomBatch } from './support/random-program.js';
import { runBatch, disagreementReport } from './support/differential.js';

const SEED = 20261204;
const BATCHES = 20;
const CASES_PER_BATCH = 100;
const UNITS_PER_CASE = 24;

describe('random sequences with hot loops agree with qemu-riscv64 in every tier', () => {
  for (let batch = 0; batch < BATCHES; batch += 1) {
    it(`seed ${SEED} batch ${batch}: ${CASES_PER_BATCH} cases agree, partly run as wasm regions`, () => {
      const outcome = runBatch(randomBatch(SEED, batch, CASES_PER_BATCH, UNITS_PER_CASE, true));
      const report = disagreementReport(outcome, batch * CASES_PER_BATCH);
      if (report) expect.fail(report);
      expect(outcome.agreed).toBe(CASES_PER_BATCH);
      expect(outcome.regionInsns).toBeGreaterThan(0);
      expect(outcome.blockInsns).toBeGreaterThan(0);
    });
  }
});
