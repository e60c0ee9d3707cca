// ASYN_ENCLAVE_CALL (93) and SPLIT_MEM_REGION (92) (reference §2): a region is cut in two
// whole-page pieces and one piece is sent by name to a FRESH enclave; it leaves the sender
// at once (reading it afterwards faults) and the receiver finds it at 0x38_0000_0000.
import { describe, expect, it } from 'vitest';
import { program } from './support/programs.js';
import { runScenario } from './support/scenario.js';

describe('async send by name and split', () => {
  it('the sent half moves to the receiver; the sender keeps the other half and faults on the sent one', () => {
    const { transcript } = runScenario({
      files: { 's.elf': program('async-sender'), 'r.elf': program('async-receiver') },
      steps: ['create:receiver:r.elf', 'run:sender:s.elf', 'start:receiver', 'create:late:r.elf', 'start:late'],
    });
    expect(transcript).toBe(
      [
        'host: create: 0',
        'sender: split at 4096: 0',
        'sender: split at 100: -16',
        'sender: send to nobody: -10',
        'sender: send to receiver: 0',
        'sender: send it again: -11',
        'sender: first half still mine: 0',
        'sender: reading the half it sent',
        'monitor: sender killed: load page fault, address 0x2ffffff000',
        'host: run sender: status -19, value 0x0',
        'receiver: pages at 0x3800000000, 0x1000 bytes, word 0xa5a5',
        'host: start receiver: status 0, value 0x0',
        'host: create: 0',
        'receiver: pages at 0x0, 0x0 bytes, word 0x0',
        'host: start late: status 0, value 0x0',
        '',
      ].join('\n'),
    );
  });
});
