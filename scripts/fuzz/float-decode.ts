// The F/D decode fuzz target: seeded words on the float opcodes (LOAD-FP, STORE-FP, the
// fused multiply-adds, OP-FP), run one at a time with the FPU on, random frm and float
// registers holding special values (NaNs of both kinds, infinities, subnormals, zeros,
// badly boxed singles). Each word must trap with a defined cause or retire: a JS exception
// or a run that does neither is a failure.
import { DecodeProbe } from '../../test/emulator/oracle/support/decode-probe.js';
import { Rng } from '../../test/emulator/oracle/support/random-program.js';
import { SPECIAL_D, SPECIAL_S } from '../../test/emulator/oracle/support/float-cases.js';
import { Opcode } from '../../runtime/riscv/opcodes.js';
import { Csr } from '../../runtime/riscv/csr.js';
import type { FuzzTarget } from './target.js';

const OPCODES = [Opcode.LOAD_FP, Opcode.STORE_FP, Opcode.MADD, Opcode.MSUB, Opcode.NMSUB, Opcode.NMADD, Opcode.OP_FP];
const SPECIALS = [...SPECIAL_D, ...SPECIAL_S];

export const floatDecode: FuzzTarget = {
  name: 'float-decode',
  description: 'random F/D instruction words with special float register contents, one instruction each, in U- and M-mode',
  start(_root, seed) {
    const probe = new DecodeProbe();
    return {
      input(index) {
        const rng = new Rng((seed * 0x9e3779b1 + index) >>> 0);
        const word = ((rng.next32() & ~0x7f) | rng.pick(OPCODES)) >>> 0;
        const regs = Array.from({ length: 32 }, () => rng.pick(SPECIALS).toString(16));
        return { kind: `opcode-${(word & 0x7f).toString(16)}`, text: JSON.stringify({ word, priv: rng.chance(0.5) ? 0 : 3, frm: rng.below(8), regs }) };
      },
      run(input) {
        const { word, priv, frm, regs } = JSON.parse(input.text) as { word: number; priv: 0 | 3; frm: number; regs: string[] };
        probe.floatSeeds = regs.map((r) => BigInt(`0x${r}`));
        probe.machineForSetup().writeCsr(Csr.FRM, BigInt(frm));
        const outcome = probe.run(word, 4, priv);
        return outcome.kind === 'broken' ? `word 0x${word.toString(16)}: ${outcome.detail}` : undefined;
      },
      cpuLimitMs: () => 1_000,
    };
  },
};
