// Float register names: f0-f31 and the ABI names (runtime/riscv/registers.ts). The
// disassembler prints the ABI names, as objdump does.

import { FLOAT_ABI_NAMES } from '../../runtime/riscv/registers.js';

export const FLOAT_ABI_REGISTER_NAMES: readonly string[] = FLOAT_ABI_NAMES;

const floatRegisterByName = new Map<string, number>();
FLOAT_ABI_REGISTER_NAMES.forEach((name, index) => floatRegisterByName.set(name, index));
for (let index = 0; index < 32; index++) floatRegisterByName.set(`f${index}`, index);

/** The float register number for a name, or undefined when the text is not one. */
export function parseFloatRegister(text: string): number | undefined {
  return floatRegisterByName.get(text) ?? floatRegisterByName.get(text.trim().toLowerCase());
}

export function floatRegisterName(index: number): string {
  return FLOAT_ABI_REGISTER_NAMES[index & 31]!;
}
