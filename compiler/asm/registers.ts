// Integer register names: x0-x31 and the ABI names of the RISC-V psABI (calling convention
// chapter). `fp` is accepted as an alias of s0; the disassembler prints `s0`, as objdump does.

export const ABI_REGISTER_NAMES: readonly string[] = [
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2',
  's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7',
  's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
];

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
