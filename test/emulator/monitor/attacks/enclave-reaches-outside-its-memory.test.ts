// An enclave reading or writing memory that is not its own (DESIGN §4: isolation by
// the enclave's own Sv39 page table; PMP behind it for the monitor). Each attack is one
// enclave run between two runs of a well-behaved client of the vault server: the
// attacker alone is destroyed with a report, the vault keeps its secret intact and keeps
// answering, and no planted secret shows up in the transcript or in any register of
// the attacker when it is killed.
import { describe, expect, it } from 'vitest';
import { program, leakedSecrets, registersHoldingSecrets } from '../support/programs.js';
import { runScenario, scenarioHost, symbolAddress } from '../support/scenario.js';
import { physicalPlan } from '../../../../emulator/monitor/layout.js';

const hex = (v: bigint) => `0x${v.toString(16)}`;
const plan = physicalPlan();

function attack(target: bigint, write: boolean) {
  const defines = [`TARGET=${hex(target)}UL`, ...(write ? ['WRITE'] : [])];
  return runScenario({
    files: { 'vault.elf': program('vault'), 'client.elf': program('vault-client'), 'attacker.elf': program('reach', defines) },
    steps: ['server:vault:vault.elf', 'run:client:client.elf', 'run:attacker:attacker.elf', 'run:client:client.elf'],
  });
}

function expectOnlyAttackerStopped({ transcript, killRegisters }: ReturnType<typeof attack>, target: bigint, cause: string) {
  expect(killRegisters.length).toBe(1);
  expect(registersHoldingSecrets(killRegisters)).toEqual([]);
  expect(transcript).toBe(
    [
      'vault: call 1, secret intact',
      'client: vault answered 0, resp_val 0x600d',
      'host: run client: status 0, value 0x0',
      `attacker: reaching for ${hex(target)}`,
      `monitor: attacker killed: ${cause}, address ${hex(target)}`,
      'host: run attacker: status -19, value 0x0',
      'vault: call 2, secret intact',
      'client: vault answered 0, resp_val 0x600d',
      'host: run client: status 0, value 0x0',
      '',
    ].join('\n'),
  );
  expect(leakedSecrets(transcript)).toEqual([]);
}

describe('an enclave reaching outside its memory is destroyed, alone', () => {
  it('(control) the leak checks do find a secret word in a transcript or a register', () => {
    const word = Buffer.from('VAULT-SECRET-9b1d44e0c3a7f218', 'latin1').readBigUInt64LE(8);
    expect(leakedSecrets(`attacker: read 0x${word.toString(16)}\n`)).not.toEqual([]);
    expect(registersHoldingSecrets([[0n, word]])).not.toEqual([]);
  });

  const targets: [string, () => bigint][] = [
    ["the host's text", () => 0x10000n],
    ["the host's planted secret", () => symbolAddress(scenarioHost(), 'host_secret')],
    ["the host's stack", () => 0x3f_ffff_e000n],
    ["the monitor's memory (0x8000_0000)", () => BigInt(plan.monitorBase)],
    ['the first page of host memory, by physical address', () => BigInt(plan.hostBase)],
    ['the secure pool, by physical address', () => BigInt(plan.secureBase)],
    ["the vault's mmap region, at the VA it has in the vault", () => 0x2f_ffff_f000n],
    ['a non-canonical address', () => 0x8000_0000_0000_0000n],
  ];
  for (const [what, address] of targets) {
    it(`reading ${what}`, () => {
      const target = address();
      expectOnlyAttackerStopped(attack(target, false), target, 'load page fault');
    });
    it(`writing ${what}`, () => {
      const target = address();
      expectOnlyAttackerStopped(attack(target, true), target, 'store page fault');
    });
  }

  it("reading the vault's secret at the vault's own VA finds the attacker's own page, not the secret", () => {
    const target = symbolAddress(program('vault'), 'vault_secret');
    const { transcript } = attack(target, false);
    expect(transcript).toContain(`attacker: reaching for ${hex(target)}\nattacker: read 0xa77ac4e4\nhost: run attacker: status 0, value 0xa77ac4e4\n`);
    expect(transcript).toContain('vault: call 2, secret intact\n');
    expect(leakedSecrets(transcript)).toEqual([]);
  });
});
