// Issue 13, class 6: LR/SC reservations do not cross domains. A caller's reservation on a
// word of a region it lends must not let the server's sc.d succeed on the same physical
// word; the monitor breaks the reservation on every domain switch (privileged spec §3.3.2:
// an SC may fail at any time, and a context switch is where software breaks it).
import { describe, expect, it } from 'vitest';
import { program } from '../support/programs.js';
import { runScenario } from '../support/scenario.js';
import { EcallHarness, Rng } from '../support/ecall-harness.js';
import { emptyCounts, fuzzImages, randomStep } from '../support/ecall-fuzzer.js';

describe('LR/SC reservations do not cross domains', () => {
  it("a server's sc.d on a word its caller reserved before lending it fails, and the word keeps the caller's value", () => {
    const { transcript } = runScenario({
      files: { 'srv.elf': program('sc-server'), 'r.elf': program('reserver') },
      steps: ['server:sc-server:srv.elf', 'run:reserver:r.elf'],
    });
    expect(transcript).toBe(
      [
        'reserver: own sc.d succeeded',
        'reserver: server answered 0, its sc.d failed, word 6',
        'reserver: sc.d after the call failed',
        'host: run reserver: status 0, value 0x0',
        '',
      ].join('\n'),
    );
  });

  for (const seed of [41, 42]) {
    it(`seed ${seed}: after 2000 random steps (ecalls, faults, budget ends), every trap that changed domain left no reservation`, () => {
      let h = new EcallHarness();
      const rng = new Rng(seed);
      const counts = emptyCounts();
      const images = fuzzImages();
      let switches = 0;
      for (let i = 0; i < 2000; i++) {
        const before = h.monitor.current;
        h.machine.hart.reservation = h.monitor.plan.secureBase;
        randomStep(h, rng, counts, images);
        if (h.monitor.current !== before) {
          switches++;
          expect(h.machine.hart.reservation).toBe(-1);
        }
        if (i % 400 === 399) h = new EcallHarness();
      }
      expect(switches).toBeGreaterThan(200);
    });
  }
});
