// Enclaves that never stop, overflow their stack, or make calls the monitor does not
// accept (reference §8 item 17: an unknown or foreign ecall destroys the enclave). Bad
// arguments to known calls are refused with a reason instead. The vault, run after
// each, still answers with its secret intact.
import { describe, expect, it } from 'vitest';
import { program, leakedSecrets } from '../support/programs.js';
import { runScenario } from '../support/scenario.js';

const victims = () => ({ 'vault.elf': program('vault'), 'client.elf': program('vault-client') });
const vaultStillServes = ['vault: call 1, secret intact', 'client: vault answered 0, resp_val 0x600d', 'host: run client: status 0, value 0x0', ''].join('\n');

function attack(elf: Uint8Array) {
  return runScenario({
    files: { ...victims(), 'attacker.elf': elf },
    steps: ['server:vault:vault.elf', 'run:attacker:attacker.elf', 'run:client:client.elf'],
    enclaveMaxSteps: 2_000_000,
  }).transcript;
}

describe('runaways and bad calls', () => {
  it('an enclave that never stops is destroyed when its instruction budget runs out', () => {
    expect(attack(program('runaway'))).toBe(
      [
        'runaway: looping',
        'monitor: attacker killed: ran 2000000 instructions',
        'host: run attacker: status -20, value 0x0',
        vaultStillServes,
      ].join('\n'),
    );
  });

  it('recursion that overflows the stack faults on the unmapped page below it', () => {
    const transcript = attack(program('recursion'));
    const fault = /monitor: attacker killed: store page fault, address (0x[0-9a-f]+)\n/.exec(transcript);
    expect(fault).not.toBeNull();
    const address = BigInt(fault![1]);
    // The 64 KiB stack ends at 0x38_0000_0000; the fault is just below its bottom.
    expect(address < 0x37_ffff_0000n && address >= 0x37_fffe_0000n).toBe(true);
    expect(transcript.replace(fault![0], 'FAULT\n')).toBe(
      ['recursion: going down', 'FAULT', 'host: run attacker: status -19, value 0x0', vaultStillServes].join('\n'),
    );
  });

  const calls: [number, string][] = [
    [1, 'unknown enclave call 12345'],
    [2, 'ecall with a6 = 0x100100, which is not the Penglai enclave extension'],
    [3, 'ecall with a6 = 0x0, which is not the Penglai enclave extension'],
    [4, 'unknown ocall 77'],
    [5, 'unknown enclave call 18446744073709551615'],
  ];
  for (const [variant, detail] of calls) {
    it(`an ecall the monitor does not accept destroys the enclave: ${detail}`, () => {
      const transcript = attack(program('garbage-call', [`VARIANT=${variant}`]));
      expect(transcript).toBe(
        [`monitor: attacker killed: environment call: ${detail}`, 'host: run attacker: status -19, value 0x0', vaultStillServes].join('\n'),
      );
      expect(leakedSecrets(transcript)).toEqual([]);
    });
  }

  it('known calls with garbage arguments fail with a reason and write nothing', () => {
    expect(attack(program('garbage-args'))).toBe(
      [
        'mmap of 2^62 bytes: -1 (-16)',
        'mmap of 0 bytes: -1 (-16)',
        'mmap at a fixed address: -1 (-16)',
        'unmap of the text: -1 (-11)',
        'unmap of nothing: -1 (-11)',
        'sbrk of -4096: -1 (-16)',
        'sbrk of 100 bytes: -1 (-16)',
        'sbrk of 2^40 bytes: -1 (-15)',
        'getrandom into the text: -1 (-16)',
        'getrandom into rodata: -1 (-16)',
        'getrandom into the monitor: -1 (-16)',
        'server return from a normal enclave: -1 (-18)',
        'get caller id outside a call: -1 (-12)',
        'garbage: still alive, text intact: read only',
        'host: run attacker: status 0, value 0x0',
        vaultStillServes,
      ].join('\n'),
    );
  });
});
