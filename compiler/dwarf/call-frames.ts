// `.debug_frame` (DWARF 4 §6.4): how to find each frame's caller, so gdb's `bt`, `finish`
// and `up` work at every instruction. Every function has the code generator's one shape
// (codegen/isel.ts): `addi sp,sp,-16; sd ra,8(sp); sd s0,0(sp); addi s0,sp,16`, the frame
// and callee-saved stores below s0, and the epilogue `addi sp,s0,-16; ld ra,8(sp);
// ld s0,0(sp); addi sp,sp,16; ret` as its last five instructions. The entry `_start` has
// no caller: its return address is undefined, which ends a backtrace cleanly.
import { ByteWriter } from './byte-writer.js';

export interface FrameFunction {
  low: bigint;
  high: bigint;
  /** Callee-saved registers stored by the prologue, at offsets from s0 (= the CFA). */
  saved: { register: number; offset: number }[];
}

const SP = 2;
const RA = 1;
const S0 = 8;
const DATA_ALIGN = -8;
const CFA = { advanceLoc4: 0x04, defCfa: 0x0c, defCfaOffset: 0x0e, undefined: 0x07, offset: 0x80 } as const;

export function callFrameSection(functions: readonly FrameFunction[], entry: { low: bigint; high: bigint } | undefined): Uint8Array {
  const w = new ByteWriter();
  // The CIE: at a call, CFA = sp and the return address is in ra.
  const cie = new ByteWriter().u32(0xffff_ffff).u8(1).u8(0).uleb(1).sleb(DATA_ALIGN).u8(RA).u8(CFA.defCfa).uleb(SP).uleb(0);
  entryWithLength(w, cie);
  for (const fn of functions) {
    const program = new ByteWriter();
    let at = 0n;
    const advance = (to: bigint) => {
      if (to > at) program.u8(CFA.advanceLoc4).u32(Number(to - at));
      at = to;
    };
    const size = fn.high - fn.low;
    advance(4n);
    program.u8(CFA.defCfaOffset).uleb(16);
    advance(8n);
    program.u8(CFA.offset | RA).uleb(1);
    advance(12n);
    program.u8(CFA.offset | S0).uleb(2);
    advance(16n);
    program.u8(CFA.defCfa).uleb(S0).uleb(0);
    for (const { register, offset } of fn.saved) program.u8(CFA.offset | register).uleb(-offset / 8);
    if (size >= 36n) {
      // After `addi sp,s0,-16` the CFA is sp + 16 until `addi sp,sp,16` makes it sp.
      advance(size - 16n);
      program.u8(CFA.defCfa).uleb(SP).uleb(16);
      advance(size - 4n);
      program.u8(CFA.defCfaOffset).uleb(0);
    }
    fde(w, fn.low, size, program);
  }
  if (entry) fde(w, entry.low, entry.high - entry.low, new ByteWriter().u8(CFA.undefined).uleb(RA));
  return w.finish();
}

function fde(w: ByteWriter, low: bigint, size: bigint, program: ByteWriter): void {
  entryWithLength(w, new ByteWriter().u32(0).u64(low).u64(size).append(program));
}

/** A CIE or FDE: its length, then its body padded with DW_CFA_nop to a multiple of 8. */
function entryWithLength(w: ByteWriter, body: ByteWriter): void {
  while ((body.length + 4) % 8 !== 0) body.u8(0);
  w.u32(body.length).append(body);
}
