// Host-enclave shared memory (reference §1 PLenclave_shmget/set_shm, §2 entry a0/a1,
// §8 item 10): host pages mapped at 0x39_0000_0000 in the enclave it is bound to. Both
// sides see each other's writes; the shared pages can neither be lent on as a region
// nor stretched past their end, and the host cannot unmap them under the enclave.
import { describe, expect, it } from 'vitest';
import { program } from './support/programs.js';
import { runScenario } from './support/scenario.js';

describe('host-enclave shared memory', () => {
  it('the enclave finds the shm in a0/a1, reads the host value, and the host reads its answer', () => {
    const { transcript } = runScenario({
      files: { 'vault.elf': program('vault'), 'shm.elf': program('shm-user') },
      steps: ['server:vault:vault.elf', 'create:user:shm.elf', 'shm:user:0x4000:0x2b67', 'start:user', 'shmpeek:0x8', 'shmpeek:0x0'],
    });
    expect(transcript).toBe(
      [
        'host: create: 0',
        'host: shm: 0',
        'shm-user: shm at 0x3900000000, 0x4000 bytes, value 11111',
        'shm-user: lending it to the vault: -1 (-11)',
        'shm-user: reading past its end',
        'monitor: user killed: load page fault, address 0x3900004000',
        'host: start user: status -19, value 0x0',
        'host: shm word: 0x56ce',
        'host: shm word: 0x2b67',
        '',
      ].join('\n'),
    );
  });

  it('binding is refused for unknown enclaves, memory that is not a shared block, and twice; an idle server may be bound once', () => {
    const { transcript } = runScenario({
      files: { 'vault.elf': program('vault'), 'shm.elf': program('shm-user') },
      steps: [
        'server:vault:vault.elf',
        'shm:vault:0x1000:0x1',
        'shm:vault:0x1000:0x1',
        'shm:nobody:0x1000:0x1',
        'create:user:shm.elf',
        'call:202:0x1:0x10000', // no size given (a2 = 0)
        'shm:user:0x1000:0x5',
        'shm:user:0x1000:0x6',
        'call:201:0x0', // zero bytes
        'call:201:0x10000000', // more than the limit
        'start:user',
      ],
    });
    expect(transcript.split('\n').slice(0, 9)).toEqual([
      'host: shm: 0',
      'host: shm: -12',
      'host: shm: -1000',
      'host: create: 0',
      'host: call 202: -16',
      'host: shm: 0',
      'host: shm: -12',
      'host: call 201: -16',
      'host: call 201: -16',
    ]);
    expect(transcript).toContain('shm-user: shm at 0x3900000000, 0x1000 bytes, value 5\n');
  });
});
