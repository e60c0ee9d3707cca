// Defence in depth (reference §3: PMP0 protects the SM itself): even if a page table
// wrongly mapped monitor memory into an enclave, PMP entry 0 denies U-mode the access,
// so the enclave takes an access fault (not a page fault) and is destroyed alone.
import { describe, expect, it } from 'vitest';
import { USER_RW } from '../../../../emulator/monitor/address-space.js';
import type { Monitor } from '../../../../emulator/monitor/monitor.js';
import { leakedSecrets, program } from '../support/programs.js';
import { runScenario } from '../support/scenario.js';

const WRONG_VA = 0x5000_0000n;

/** Plants the bad mapping in the attacker's table the first time it is entered. */
function mapMonitorInto(name: string, pageOffset: number) {
  return (monitor: Monitor) => {
    const enter = monitor.enter.bind(monitor);
    let planted = false;
    monitor.enter = (enclave, context) => {
      if (!planted && enclave.name === name) {
        planted = enclave.space.pageTable.map(WRONG_VA, monitor.plan.monitorBase + pageOffset, USER_RW);
      }
      enter(enclave, context);
    };
  };
}

describe('PMP guards the monitor behind the page tables', () => {
  for (const [what, write, pageOffset] of [
    ['reading', false, 0],
    ['writing', true, 0],
    ['reading the last monitor page', false, 2 * 1024 * 1024 - 4096],
  ] as const) {
    it(`an enclave ${what} monitor memory through a wrong mapping takes an access fault`, () => {
      const { transcript } = runScenario({
        files: {
          'vault.elf': program('vault'),
          'client.elf': program('vault-client'),
          'attacker.elf': program('reach', [`TARGET=0x${WRONG_VA.toString(16)}UL`, ...(write ? ['WRITE'] : [])]),
        },
        steps: ['server:vault:vault.elf', 'run:attacker:attacker.elf', 'run:client:client.elf'],
        inspect: mapMonitorInto('attacker', pageOffset),
      });
      expect(transcript).toBe(
        [
          'attacker: reaching for 0x50000000',
          `monitor: attacker killed: ${write ? 'store' : 'load'} access fault, address 0x50000000`,
          'host: run attacker: status -19, value 0x0',
          'vault: call 1, secret intact',
          'client: vault answered 0, resp_val 0x600d',
          'host: run client: status 0, value 0x0',
          '',
        ].join('\n'),
      );
      expect(leakedSecrets(transcript)).toEqual([]);
    });
  }
});
