// The trap causes (runtime/riscv/trap-causes.ts) by memory access kind, as the MMU and PMP
// report them.

import { Exc } from '../runtime/riscv/trap-causes.js';

export { Exc, Irq, causeName } from '../runtime/riscv/trap-causes.js';

/** Memory access kinds; the numbers index per-kind tables (TLB, fault causes). */
export const Access = { READ: 0, WRITE: 1, EXECUTE: 2 } as const;
export type AccessKind = 0 | 1 | 2;

export const pageFaultCause: readonly number[] = [Exc.LOAD_PAGE_FAULT, Exc.STORE_PAGE_FAULT, Exc.INSN_PAGE_FAULT];
export const accessFaultCause: readonly number[] = [Exc.LOAD_ACCESS, Exc.STORE_ACCESS, Exc.INSN_ACCESS];
