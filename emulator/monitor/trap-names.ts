// Exception causes (privileged spec §3.1.15, Table 3.6) in the words a report uses.
const CAUSES: Record<number, { name: string; hasAddress: boolean; detail: string }> = {
  0: { name: 'instruction address misaligned', hasAddress: true, detail: 'the enclave jumped to a misaligned address' },
  1: { name: 'instruction access fault', hasAddress: true, detail: 'physical memory protection refused the fetch' },
  2: { name: 'illegal instruction', hasAddress: false, detail: 'the word at pc is not a valid instruction here' },
  3: { name: 'breakpoint', hasAddress: false, detail: 'the enclave executed ebreak' },
  4: { name: 'load address misaligned', hasAddress: true, detail: 'the load address is misaligned' },
  5: { name: 'load access fault', hasAddress: true, detail: 'physical memory protection refused the load' },
  6: { name: 'store address misaligned', hasAddress: true, detail: 'the store address is misaligned' },
  7: { name: 'store access fault', hasAddress: true, detail: 'physical memory protection refused the store' },
  8: { name: 'environment call', hasAddress: false, detail: 'bad ecall' },
  12: { name: 'instruction page fault', hasAddress: true, detail: 'the address is not mapped executable in this enclave' },
  13: { name: 'load page fault', hasAddress: true, detail: 'the address is not mapped in this enclave' },
  15: { name: 'store page fault', hasAddress: true, detail: 'the address is not mapped writable in this enclave' },
};

export function describeTrap(cause: number): { name: string; hasAddress: boolean; detail: string } {
  return CAUSES[cause] ?? { name: `exception ${cause}`, hasAddress: false, detail: 'unexpected exception' };
}
