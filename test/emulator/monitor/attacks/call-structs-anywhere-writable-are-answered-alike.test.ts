// The monitor reads call_enclave_arg_t with one fast copy when it lies in one page at an
// aligned address, and page by page otherwise (reference §7: Penglai translates only the
// first page). Both must answer alike: wherever the caller may write the struct (its
// stack, across a page boundary, at odd addresses) and wherever the server places its
// return struct, the call works, the return rewrites exactly resp_val, req_vaddr,
// resp_vaddr and resp_size, and a struct the caller may not write is refused.
import { describe, expect, it } from 'vitest';
import { AbiError } from '../../../../runtime/abi.js';
import { program } from '../support/programs.js';
import { runScenario } from '../support/scenario.js';

describe('call structs', () => {
  it('placed anywhere the caller may write are read and answered alike; in its text or nowhere they are refused', () => {
    const { transcript } = runScenario({
      files: { 'server.elf': program('struct-placer-server'), 'caller.elf': program('struct-placer') },
      steps: ['server:placer:server.elf', 'run:caller:caller.elf'],
    });
    const expected: string[] = [];
    for (let req = 0; req < 4; req++) {
      for (const where of ['on the stack', 'across a page boundary', 'at an odd address', 'odd and across the boundary']) {
        expected.push(`${where}, req_arg ${req}: status 0, resp_val 0x${(req + 100).toString(16)}, req_size 0x77, resp 0x0/0x0`);
      }
    }
    expected.push(`in its text: status -1 (${AbiError.BAD_ARGUMENT})`, `nowhere: status -1 (${AbiError.BAD_ARGUMENT})`, 'host: run caller: status 0, value 0x0', '');
    expect(transcript).toBe(expected.join('\n'));
  });
});
