import { describe, expect, it } from 'vitest';
import { generateEffectsProgram } from './effects-program-generator.js';
import { runSource } from './run-program.js';

// Differential: random programs whose peeks, pokes, prints and asserts mostly have unused
// results, built with every optimisation and run under the monitor, against a reference
// interpreter of the same program (effects-program-generator.ts).
const PROGRAMS = 60;

describe('random programs with unused effects behave as the reference interpreter says', () => {
  it(`${PROGRAMS} programs: the same output, the same faults`, () => {
    const outcomes = { returned: 0, faulted: 0, aborted: 0 };
    for (let seed = 1; seed <= PROGRAMS; seed++) {
      const program = generateEffectsProgram(seed);
      const run = runSource(program.source);
      const faults = run.events.map((e) => (e.kind === 'fault' ? `${e.report.cause} at 0x${e.report.address?.toString(16)}` : e.kind));
      expect({ seed, stdout: run.stdout, faults }, program.source).toEqual({ seed, stdout: program.expectedStdout, faults: program.expectedFaults });
      if (faults.length) outcomes.faulted++;
      else if (run.stdout.endsWith('returned -1\n') && run.stdout.includes('error: ')) outcomes.aborted++;
      else outcomes.returned++;
    }
    // The generator must reach every ending, or the comparison proves less than it claims.
    expect(outcomes.returned).toBeGreaterThan(5);
    expect(outcomes.faulted).toBeGreaterThan(5);
    expect(outcomes.aborted).toBeGreaterThan(5);
  });
});
