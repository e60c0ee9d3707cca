// Exception causes (privileged spec §3.1.15, Table 3.6) in the words a report uses.
import { causeName, Exc } from '../../runtime/riscv/trap-causes.js';

const CAUSES: Record<number, { name: string; hasAddress: boolean; detail: string }> = {
  [Exc.INSN_MISALIGNED]: { name: causeName[Exc.INSN_MISALIGNED]!, hasAddress: true, detail: 'the enclave jumped to a misaligned address' },
  [Exc.INSN_ACCESS]: { name: causeName[Exc.INSN_ACCESS]!, hasAddress: true, detail: 'physical memory protection refused the fetch' },
  [Exc.ILLEGAL_INSN]: { name: causeName[Exc.ILLEGAL_INSN]!, hasAddress: false, detail: 'the word at pc is not a valid instruction here' },
  [Exc.BREAKPOINT]: { name: causeName[Exc.BREAKPOINT]!, hasAddress: false, detail: 'the enclave executed ebreak' },
  [Exc.LOAD_MISALIGNED]: { name: causeName[Exc.LOAD_MISALIGNED]!, hasAddress: true, detail: 'the load address is misaligned' },
  [Exc.LOAD_ACCESS]: { name: causeName[Exc.LOAD_ACCESS]!, hasAddress: true, detail: 'physical memory protection refused the load' },
  [Exc.STORE_MISALIGNED]: { name: causeName[Exc.STORE_MISALIGNED]!, hasAddress: true, detail: 'the store address is misaligned' },
  [Exc.STORE_ACCESS]: { name: causeName[Exc.STORE_ACCESS]!, hasAddress: true, detail: 'physical memory protection refused the store' },
  [Exc.ECALL_U]: { name: 'environment call', hasAddress: false, detail: 'bad ecall' },
  [Exc.INSN_PAGE_FAULT]: { name: causeName[Exc.INSN_PAGE_FAULT]!, hasAddress: true, detail: 'the address is not mapped executable in this enclave' },
  [Exc.LOAD_PAGE_FAULT]: { name: causeName[Exc.LOAD_PAGE_FAULT]!, hasAddress: true, detail: 'the address is not mapped in this enclave' },
  [Exc.STORE_PAGE_FAULT]: { name: causeName[Exc.STORE_PAGE_FAULT]!, hasAddress: true, detail: 'the address is not mapped writable in this enclave' },
};

export function describeTrap(cause: number): { name: string; hasAddress: boolean; detail: string } {
  return CAUSES[cause] ?? { name: `exception ${cause}`, hasAddress: false, detail: 'unexpected exception' };
}
