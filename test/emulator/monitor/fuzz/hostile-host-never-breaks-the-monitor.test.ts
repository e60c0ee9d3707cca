// The host side of the fuzzer (DESIGN §6: any ecall arguments to the monitor get an
// answer, nothing crashes): a host making thousands of driver calls with seeded hostile
// function numbers and arguments (garbage create blocks, eids, pointers, sizes, slices).
// The platform always returns, the host finishes, and a vault created afterwards serves
// its client with its secret intact (the fuzzer may legitimately destroy any enclave the
// host owns, so the vault comes after it).
import { describe, expect, it } from 'vitest';
import { leakedSecrets, program } from '../support/programs.js';
import { runScenario } from '../support/scenario.js';

describe('a hostile host never breaks the monitor', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`seed ${seed}: 3000 hostile driver calls, then the monitor still creates and serves`, () => {
      const { transcript, exitCode } = runScenario({
        files: { 'vault.elf': program('vault'), 'client.elf': program('vault-client') },
        steps: ['run:client:client.elf', `fuzz:${seed.toString(16)}:0xbb8`, 'server:vault:vault.elf', 'run:client:client.elf'],
      });
      expect(exitCode).toBe(0);
      expect(transcript).toMatch(/host: fuzzed 3000 driver calls, \d+ accepted\n/);
      expect(transcript).toMatch(/vault: call 1, secret intact\nclient: vault answered 0, resp_val 0x600d\nhost: run client: status 0, value 0x0\n$/);
      expect(leakedSecrets(transcript)).toEqual([]);
    });
  }
});
