// Integer register names: x0-x31 and the ABI names of the RISC-V psABI (runtime/riscv/registers.ts,
// calling convention chapter). `fp` is accepted as an alias of s0; the disassembler prints `s0`, as objdump does.

import { INTEGER_ABI_NAMES } from '../../runtime/riscv/registers.js';

export const ABI_REGISTER_NAMES: readonly string[] = INTEGER_ABI_NAMES;

const registerByName = new Map<string, number>();
ABI_REGISTER_NAMES.forEach((name, index) => registerByName.set(name, index));
for (let index = 0; index < 32; index++) registerByName.set(`x${index}`, index);
registerByName.set('fp', 8);

/** The register number for a name, or undefined when the text is not a register. */
export function parseRegister(text: string): number | undefined {
  return registerByName.get(text) ?? registerByName.get(text.trim().toLowerCase());
}

/** The register for an exact lower-case name (no blanks), or -1. */
export function exactRegister(text: string): number {
  return registerByName.get(text) ?? -1;
}

export function registerName(index: number): string {
  return ABI_REGISTER_NAMES[index & 31]!;
}

/** Registers x8-x15, the only ones the 3-bit fields of compressed forms can name (RVC spec §16.2). */
export function isCompressedRegister(index: number): boolean {
  return index >= 8 && index <= 15;
}
