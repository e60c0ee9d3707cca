// A predecoded instruction: the decoder turns each instruction word into one of these
// once, and the hart then runs `fn` on it (a handler per mnemonic, see exec-*.ts).

import type { Hart } from './hart.js';

export type Handler = (h: Hart, i: Insn) => void;

export class Insn {
  constructor(
    readonly fn: Handler,
    readonly rd: number,
    readonly rs1: number,
    readonly rs2: number,
    /** Sign-extended immediate, low 32 bits (CSR number for Zicsr, shamt for shifts). */
    readonly imm: number,
    /** Bytes: 2 for RVC, 4 otherwise. */
    readonly len: number,
    /** The raw instruction bits (mtval of an illegal-instruction trap). */
    readonly raw: number,
    /** Mnemonic, for disassembly in reports and tests. */
    readonly name: string,
  ) {}
}
