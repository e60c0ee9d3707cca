// Float register names: f0-f31 and the ABI names of the RISC-V psABI (calling convention
// chapter, "Floating-point register convention"). The disassembler prints the ABI names,
// as objdump does.

export const FLOAT_ABI_REGISTER_NAMES: readonly string[] = [
  'ft0', 'ft1', 'ft2', 'ft3', 'ft4', 'ft5', 'ft6', 'ft7',
  'fs0', 'fs1', 'fa0', 'fa1', 'fa2', 'fa3', 'fa4', 'fa5',
  'fa6', 'fa7', 'fs2', 'fs3', 'fs4', 'fs5', 'fs6', 'fs7',
  'fs8', 'fs9', 'fs10', 'fs11', 'ft8', 'ft9', 'ft10', 'ft11',
];

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
