// Attacks on region ownership (reference §3 call_enclave / enclave_return; DESIGN §4):
// a server reading a region after giving it back, request regions the monitor must
// refuse, and servers answering with response regions they do not own. The request
// region always comes back to its owner, intact, and only the attacker is destroyed.
import { describe, expect, it } from 'vitest';
import { program, leakedSecrets, registersHoldingSecrets } from '../support/programs.js';
import { runScenario } from '../support/scenario.js';

const victims = () => ({ 'vault.elf': program('vault'), 'client.elf': program('vault-client') });
const vaultStillServes = (call: number) =>
  [`vault: call ${call}, secret intact`, 'client: vault answered 0, resp_val 0x600d', 'host: run client: status 0, value 0x0', ''].join('\n');

describe('region ownership cannot be cheated', () => {
  it('a server that kept the VA of a region it gave back faults on it; the owner keeps the region and its secret', () => {
    const { transcript, killRegisters } = runScenario({
      files: { ...victims(), 'hoarder.elf': program('hoarder'), 'hoarder-client.elf': program('hoarder-client') },
      steps: ['server:vault:vault.elf', 'server:hoarder:hoarder.elf', 'run:owner:hoarder-client.elf', 'run:client:client.elf'],
    });
    expect(transcript).toBe(
      [
        'hoarder: lent a region at 0x2ffffff000',
        'hoarder: reading the old region',
        'monitor: hoarder killed: load page fault, address 0x2ffffff000',
        'client: first call 0, second call -1 (reason -19), resp_val 0x0, region still mine: CLIENT',
        'host: run owner: status 0, value 0x0',
        vaultStillServes(1),
      ].join('\n'),
    );
    expect(leakedSecrets(transcript)).toEqual([]);
    expect(registersHoldingSecrets(killRegisters)).toEqual([]);
  });

  it('request regions that are misaligned, too small, partial, foreign or unreadable are refused with a reason', () => {
    const { transcript } = runScenario({
      files: { ...victims(), 'bad.elf': program('bad-regions') },
      steps: ['server:vault:vault.elf', 'run:bad:bad.elf', 'run:client:client.elf'],
    });
    expect(transcript).toBe(
      [
        'misaligned: -1 (-11)',
        'too small: -1 (-11)',
        'not whole pages: -1 (-11)',
        'zero size: -1 (-11)',
        'past the end of the region: -1 (-11)',
        'across two regions: -1 (-11)',
        'the stack: -1 (-11)',
        'the text: -1 (-11)',
        'the kbuffer: -1 (-11)',
        'a VA it never mapped: -1 (-11)',
        'a huge size: -1 (-11)',
        'an unmapped arg struct: -1 (-16)',
        'a read-only arg struct: -1 (-16)',
        'an arg struct across the end of the stack: -1 (-16)',
        'vault: call 1, secret intact',
        'the whole first region: 0 (0)',
        'vault: call 2, secret intact',
        'half of it: 0 (0)',
        'caller: region still holds k',
        'host: run bad: status 0, value 0x0',
        vaultStillServes(3),
      ].join('\n'),
    );
  });

  const lies: [number, string, string][] = [
    [1, 'its own stack', '0x0'],
    [2, "the caller's region it was lent", '0x0'],
    [3, 'its text', '0x0'],
    [4, 'a misaligned address in its own mmap region', '0x10'],
    [5, 'the kbuffer', '0x0'],
    [6, 'more bytes than its mmap region has', '0x0'],
    [7, 'an address where nothing is mapped', '0x0'],
  ];
  for (const [variant, what, low] of lies) {
    it(`a server answering with ${what} as its response region is destroyed; the caller gets its region back intact`, () => {
      const { transcript } = runScenario({
        files: { ...victims(), 'liar.elf': program('liar', [`VARIANT=${variant}`]), 'liar-client.elf': program('liar-client') },
        steps: ['server:vault:vault.elf', 'server:liar:liar.elf', 'run:owner:liar-client.elf', 'run:client:client.elf'],
      });
      expect(transcript).toBe(
        [
          `liar: answering with ${low}`,
          'monitor: liar killed: environment call: SERVER_RETURN with a response region the server does not own',
          'client: call -1 (-19), region back at the same VA: yes, intact: yes, resp 0x0/0x0',
          'host: run owner: status 0, value 0x0',
          vaultStillServes(1),
        ].join('\n'),
      );
    });
  }
});
