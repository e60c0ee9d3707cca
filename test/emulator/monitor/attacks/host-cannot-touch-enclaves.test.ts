// The host is an ordinary U-mode process under its own page table, which never maps a
// secure-pool page (DESIGN §4). A host that reaches for enclave memory or the monitor,
// or tries to switch page tables, dies with a report; driver calls with garbage
// arguments are refused with a code and change nothing.
import { describe, expect, it } from 'vitest';
import { program, leakedSecrets } from '../support/programs.js';
import { runScenario } from '../support/scenario.js';
import { physicalPlan } from '../../../../emulator/monitor/layout.js';

const plan = physicalPlan();
const hex = (v: bigint) => `0x${v.toString(16)}`;
const victims = () => ({ 'vault.elf': program('vault'), 'client.elf': program('vault-client') });
const clientRun = (call: number) =>
  [`vault: call ${call}, secret intact`, 'client: vault answered 0, resp_val 0x600d', 'host: run client: status 0, value 0x0'].join('\n');

function hostAttack(step: string) {
  const result = runScenario({
    files: victims(),
    steps: ['server:vault:vault.elf', 'run:client:client.elf', step, 'run:client:client.elf'],
  });
  return { ...result, transcript: result.transcript.replace(/at pc 0x[0-9a-f]+/, 'at pc PC') };
}

describe('the host cannot touch enclave or monitor memory', () => {
  const targets: [string, bigint][] = [
    ["an enclave's text VA", 0x1000n],
    ["the vault's mmap region VA", 0x2f_ffff_f000n],
    ['the stack VA of enclaves', 0x37_ffff_f000n],
    ['the kbuffer VA', 0xffff_ffe0_0000_0000n],
    ['the monitor, by physical address', BigInt(plan.monitorBase)],
    ['the secure pool, by physical address', BigInt(plan.secureBase)],
  ];
  for (const [what, va] of targets) {
    for (const [step, cause] of [['peek', 'load'], ['poke', 'store']] as const) {
      it(`a host ${step === 'peek' ? 'reading' : 'writing'} ${what} is stopped`, () => {
        const { transcript, exitCode } = hostAttack(`${step}:${hex(va)}`);
        expect(transcript).toBe(
          [clientRun(1), `host: ${step}`, `host faulted: ${cause} page fault at pc PC, address ${hex(va)}`, ''].join('\n'),
        );
        expect(exitCode).toBe(139);
        expect(leakedSecrets(transcript)).toEqual([]);
      });
    }
  }

  it('a host writing satp itself takes an illegal-instruction fault', () => {
    const { transcript, exitCode } = hostAttack('satp');
    expect(transcript).toBe([clientRun(1), 'host: csrw satp', 'host faulted: illegal instruction at pc PC', ''].join('\n'));
    expect(exitCode).toBe(139);
  });
});

describe('driver calls with garbage arguments are refused', () => {
  it('each bad call answers a code; the vault keeps serving until it is destroyed properly', () => {
    const { transcript, exitCode } = runScenario({
      files: victims(),
      steps: [
        'server:vault:vault.elf',
        'call:97:0x999', // run: no such enclave
        'call:97:0x0', // run a server
        'call:97:0xffffffffffffffff', // run eid -1
        'run:client:client.elf',
        'call:97:0x1', // run the client again: it is gone after its EAPP_RETURN
        'call:99:0x0', // create with the parameter block at VA 0
        'call:99:0x8000000000', // create with the parameter block outside the host
        'call:90:0x2000000000', // create server, block at an unmapped VA
        'call:12345:0x0', // unknown driver function
        'call:94:0x77', // destroy: no such enclave
        'run:client:client.elf',
        'destroy:vault',
        'run:client:client.elf',
      ],
    });
    expect(transcript).toBe(
      [
        'host: call 97: -10',
        'host: call 97: -18',
        'host: call 97: -10',
        clientRun(1),
        'host: call 97: -10',
        'host: call 99: -16',
        'host: call 99: -16',
        'host: call 90: -16',
        'host: call 12345: -16',
        'host: call 94: -10',
        clientRun(2),
        'host: destroy vault: 0',
        'client: vault answered -100, resp_val 0x0',
        'host: run client: status 0, value 0x0',
        '',
      ].join('\n'),
    );
    expect(exitCode).toBe(0);
  });
});
