// Issue 13, class 3 at the command line: `attest` and `verify` given an ELF whose segment
// claims p_memsz = 2^47 answer a located sentence and status 2, not an internal error.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tinyElf } from '../emulator/monitor/support/ecall-harness.js';
import { penglaic, scratchDir } from './cli.js';

describe('attest and verify refuse hostile ELFs with a sentence', () => {
  it('a segment of 2^47 bytes', () => {
    const dir = scratchDir();
    const huge = tinyElf(0x1000n, [
      { vaddr: 0x1000n, flags: 5, data: new Uint8Array(16).fill(0x13) },
      { vaddr: 0x2000n, flags: 6, data: new Uint8Array(8), memSize: 1n << 47n },
    ]);
    writeFileSync(join(dir, 'huge.elf'), huge);
    writeFileSync(join(dir, 'report.bin'), new Uint8Array(328));
    const message = 'penglaic: error: huge.elf: the enclave ELF is not valid: segment 1 (vaddr 0x2000) is 140737488355328 bytes, more than 4294967296\n';
    const attest = penglaic(['attest', 'huge.elf', '--nonce', '1', '--out', 'r.bin'], dir);
    expect([attest.status, attest.stderr]).toEqual([2, message]);
    const verify = penglaic(['verify', 'report.bin', '--elf', 'huge.elf'], dir);
    expect([verify.status, verify.stderr]).toEqual([2, 'penglaic: error: huge.elf: segment 1 (vaddr 0x2000) is 140737488355328 bytes, more than 4294967296\n']);
  });

  it('an image larger than any secure pool', () => {
    const dir = scratchDir();
    const wide = tinyElf(0x1000n, [
      { vaddr: 0x1000n, flags: 5, data: new Uint8Array(16).fill(0x13) },
      { vaddr: 0x2000n, flags: 6, data: new Uint8Array(8), memSize: 1n << 31n },
    ]);
    writeFileSync(join(dir, 'wide.elf'), wide);
    writeFileSync(join(dir, 'report.bin'), new Uint8Array(328));
    const verify = penglaic(['verify', 'report.bin', '--elf', 'wide.elf'], dir);
    expect([verify.status, verify.stderr]).toEqual([2, 'penglaic: error: wide.elf: the image needs 524306 pages of secure memory, more than the 48640 there are\n']);
  });
});
