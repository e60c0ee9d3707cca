// The TLB keeps every domain's translations across switches (emulator README "TLB and
// address spaces"), so a page that leaves a domain must leave its TLB at that moment.
// Each attacker here reads and writes a region first, so its translations are cached
// for both, then loses the region (gives it back, sends it, unmaps it) and touches it
// with the very next access: that access faults, and the region's new owner sees its data.
// The regions are two pages and the first is touched: the last page below MMAP_TOP
// shares its direct-mapped TLB slot with the stack's top page, whose use would evict the
// entry and hide a missing flush.
import { describe, expect, it } from 'vitest';
import { program, leakedSecrets } from '../support/programs.js';
import { runScenario } from '../support/scenario.js';

const accesses = [
  ['load', []],
  ['store', ['WRITE']],
] as const;

describe('a moved page leaves no stale translation behind', () => {
  for (const [access, defines] of accesses) {
    it(`a server that touched a lent region takes a ${access} page fault on it after giving it back`, () => {
      const { transcript } = runScenario({
        files: { 'hoarder.elf': program('hoarder', [...defines]), 'hoarder-client.elf': program('hoarder-client', ['REGION_PAGES=2']) },
        steps: ['server:hoarder:hoarder.elf', 'run:owner:hoarder-client.elf'],
      });
      expect(transcript).toBe(
        [
          'hoarder: lent a region at 0x2fffffe000',
          `hoarder: ${access === 'load' ? 'reading' : 'writing'} the old region`,
          `monitor: hoarder killed: ${access} page fault, address 0x2fffffe000`,
          'client: first call 0, second call -1 (reason -19), resp_val 0x0, region still mine: CLIENT',
          'host: run owner: status 0, value 0x0',
          '',
        ].join('\n'),
      );
      expect(leakedSecrets(transcript)).toEqual([]);
    });

    it(`a sender that touched a region takes a ${access} page fault on it right after sending it by name`, () => {
      const { transcript } = runScenario({
        files: { 's.elf': program('toucher', ['SEND', ...defines]), 'r.elf': program('async-receiver') },
        steps: ['create:receiver:r.elf', 'run:sender:s.elf', 'start:receiver'],
      });
      expect(transcript).toBe(
        [
          'host: create: 0',
          `monitor: sender killed: ${access} page fault, address 0x2fffffe000`,
          'host: run sender: status -19, value 0x0',
          'receiver: pages at 0x3800000000, 0x2000 bytes, word 0x5e17',
          'host: start receiver: status 0, value 0x0',
          '',
        ].join('\n'),
      );
    });

    it(`an enclave that touched a region takes a ${access} page fault on it right after unmapping it`, () => {
      const { transcript } = runScenario({
        files: { 'u.elf': program('toucher', [...defines]) },
        steps: ['run:unmapper:u.elf'],
      });
      expect(transcript).toBe(
        [`monitor: unmapper killed: ${access} page fault, address 0x2fffffe000`, 'host: run unmapper: status -19, value 0x0', ''].join('\n'),
      );
    });
  }
});
