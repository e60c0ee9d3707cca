// Handles and names from an enclave are untrusted (reference §3 acquire_enclave and
// call_enclave; §7: Penglai reads a name from its first page only). Forged and stale
// handles are refused with a reason; names are read page by page, so one that crosses
// a page boundary works and one that runs into an unmapped page is refused.
import { describe, expect, it } from 'vitest';
import { program } from '../support/programs.js';
import { runScenario } from '../support/scenario.js';

const victims = () => ({ 'vault.elf': program('vault'), 'client.elf': program('vault-client') });

describe('handles and names', () => {
  it('forged handles, its own eid and the handle of a destroyed server are refused; the vault still answers', () => {
    const { transcript } = runScenario({
      files: { ...victims(), 'handles.elf': program('handles'), 'fragile.elf': program('fragile') },
      steps: ['server:vault:vault.elf', 'server:fragile:fragile.elf', 'run:handles:handles.elf', 'run:client:client.elf'],
    });
    expect(transcript).toBe(
      [
        'forged 0x1234: -1 (-10)',
        'forged -1: -1 (-10)',
        'forged 1 << 40: -1 (-10)',
        'its own eid: -1 (-13)',
        'monitor: fragile killed: breakpoint: the enclave executed ebreak',
        'fragile, first call: -1 (-19)',
        'fragile again, now stale: -1 (-10)',
        'acquire fragile now: -1',
        'vault: call 1, secret intact',
        'vault: 0 (0)',
        'host: run handles: status 0, value 0x0',
        'vault: call 2, secret intact',
        'client: vault answered 0, resp_val 0x600d',
        'host: run client: status 0, value 0x0',
        '',
      ].join('\n'),
    );
  });

  it('a name across a page boundary is found; unterminated, unmapped and over-long names are refused', () => {
    const { transcript } = runScenario({
      files: { ...victims(), 'names.elf': program('names') },
      steps: ['server:vault:vault.elf', 'run:names:names.elf'],
    });
    expect(transcript).toBe(
      [
        'vault: call 1, secret intact',
        '"vault" across a page boundary: handle 0 (0), call 0, resp_val 0x600d',
        '"vault" running into an unmapped page: handle -1 (-16), call 1, resp_val 0x0',
        'an unterminated name: handle -1 (-16), call 1, resp_val 0x0',
        'a NULL name: handle -1 (-16), call 1, resp_val 0x0',
        'a name in the monitor: handle -1 (-16), call 1, resp_val 0x0',
        'a 15-character name nobody has: handle -1 (-10), call 1, resp_val 0x0',
        'a 16-character name: handle -1 (-16), call 1, resp_val 0x0',
        'an empty name: handle -1 (-10), call 1, resp_val 0x0',
        'host: run names: status 0, value 0x0',
        '',
      ].join('\n'),
    );
  });
});
