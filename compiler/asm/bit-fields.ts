// Immediates of RISC-V instructions are scattered over the instruction word in an order
// chosen for the hardware (unprivileged spec §2.3, §16 for RVC). One description per layout
// serves the encoder, the relocator and the disassembler.

/** Instruction bits from `top` downwards hold these immediate bits, most significant first. */
export interface BitRun {
  readonly top: number;
  readonly immBits: readonly number[];
}
export type ImmediateLayout = readonly BitRun[];

export function scatterImmediate(value: number, layout: ImmediateLayout): number {
  let word = 0;
  for (let r = 0; r < layout.length; r++) {
    const run = layout[r]!;
    const immBits = run.immBits;
    for (let i = 0; i < immBits.length; i++) if ((value >>> immBits[i]!) & 1) word |= 1 << (run.top - i);
  }
  return word >>> 0;
}

export function gatherImmediate(word: number, layout: ImmediateLayout): number {
  let value = 0;
  for (const run of layout) {
    run.immBits.forEach((immBit, i) => {
      if ((word >>> (run.top - i)) & 1) value |= 1 << immBit;
    });
  }
  return value >>> 0;
}

/** Bits covered by a layout, so a field can be cleared before it is patched. */
export function layoutMask(layout: ImmediateLayout): number {
  const known = masks.get(layout);
  if (known !== undefined) return known;
  let mask = 0;
  for (const run of layout) run.immBits.forEach((_, i) => (mask |= 1 << (run.top - i)));
  masks.set(layout, mask >>> 0);
  return mask >>> 0;
}

const masks = new WeakMap<ImmediateLayout, number>();

const range = (high: number, low: number): number[] =>
  Array.from({ length: high - low + 1 }, (_, i) => high - i);

export const Layout = {
  I: [{ top: 31, immBits: range(11, 0) }],
  S: [{ top: 31, immBits: range(11, 5) }, { top: 11, immBits: range(4, 0) }],
  B: [{ top: 31, immBits: [12, ...range(10, 5)] }, { top: 11, immBits: [...range(4, 1), 11] }],
  U: [{ top: 31, immBits: range(19, 0) }],
  J: [{ top: 31, immBits: [20, ...range(10, 1), 11, ...range(19, 12)] }],
  SHAMT6: [{ top: 25, immBits: range(5, 0) }],
  SHAMT5: [{ top: 24, immBits: range(4, 0) }],
  CSR: [{ top: 31, immBits: range(11, 0) }],
  CSR_UIMM: [{ top: 19, immBits: range(4, 0) }],
  // Compressed forms (RVC spec §16.3-§16.5).
  CI: [{ top: 12, immBits: [5] }, { top: 6, immBits: range(4, 0) }],
  C_ADDI16SP: [{ top: 12, immBits: [9] }, { top: 6, immBits: [4, 6, 8, 7, 5] }],
  C_LUI: [{ top: 12, immBits: [17] }, { top: 6, immBits: range(16, 12) }],
  C_LWSP: [{ top: 12, immBits: [5] }, { top: 6, immBits: [4, 3, 2, 7, 6] }],
  C_LDSP: [{ top: 12, immBits: [5] }, { top: 6, immBits: [4, 3, 8, 7, 6] }],
  C_SWSP: [{ top: 12, immBits: [5, 4, 3, 2, 7, 6] }],
  C_SDSP: [{ top: 12, immBits: [5, 4, 3, 8, 7, 6] }],
  C_ADDI4SPN: [{ top: 12, immBits: [5, 4, 9, 8, 7, 6, 2, 3] }],
  C_LW: [{ top: 12, immBits: [5, 4, 3] }, { top: 6, immBits: [2, 6] }],
  C_LD: [{ top: 12, immBits: [5, 4, 3] }, { top: 6, immBits: [7, 6] }],
  C_J: [{ top: 12, immBits: [11, 4, 9, 8, 10, 6, 7, 3, 2, 1, 5] }],
  C_B: [{ top: 12, immBits: [8, 4, 3] }, { top: 6, immBits: [7, 6, 2, 1, 5] }],
} as const satisfies Record<string, ImmediateLayout>;

/** Sign-extend the low `bits` bits of an unsigned field value. */
export function signExtend(value: number, bits: number): number {
  const shift = 32 - bits;
  return (value << shift) >> shift;
}

export function fitsSigned(value: number, bits: number): boolean {
  return Number.isInteger(value) && value >= -(2 ** (bits - 1)) && value < 2 ** (bits - 1);
}

export function fitsUnsigned(value: number, bits: number): boolean {
  return Number.isInteger(value) && value >= 0 && value < 2 ** bits;
}
