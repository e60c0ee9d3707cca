// Branch relaxation (compiler/asm/relax-branches.ts): a conditional branch keeps its short
// form while its target is surely in reach (±4 KiB) and becomes the inverse branch over a
// `j` otherwise; both forms assemble and branch where they should.
import { describe, expect, it } from 'vitest';
import { relaxBranches } from '../../compiler/asm/relax-branches.js';
import { assembleLines } from '../../compiler/asm/index.js';
import type { AsmLine } from '../../compiler/asm/lines.js';

function program(between: number): AsmLine[] {
  return [
    { k: 'section', name: '.text' },
    { k: 'label', name: 'f' },
    { k: 'op', mnemonic: 'bltu', a: 'a0', b: 'a1', c: '.Ltarget' },
    { k: 'op', mnemonic: 'bnez', a: 'a2', b: '.Ltarget' },
    ...Array.from({ length: between }, (): AsmLine => ({ k: 'op', mnemonic: 'addi', a: 'a0', b: 'a0', c: 1 })),
    { k: 'label', name: '.Ltarget' },
    { k: 'op', mnemonic: 'ret' },
  ];
}

let labels = 0;
const newLabel = () => `.Lfar_${labels++}`;
const mnemonics = (lines: AsmLine[]) => lines.filter((l) => l.k === 'op' && l.mnemonic !== 'addi').map((l) => (l.k === 'op' ? l.mnemonic : ''));

describe('branch relaxation', () => {
  it('keeps near branches short', () => {
    const relaxed = relaxBranches(program(100), newLabel);
    expect(mnemonics(relaxed)).toEqual(['bltu', 'bnez', 'ret']);
    expect(assembleLines(relaxed, 'near.s').errors).toEqual([]);
  });

  it('gives far branches the inverse branch over a jump, which assembles', () => {
    const relaxed = relaxBranches(program(2_000), newLabel);
    expect(mnemonics(relaxed)).toEqual(['bgeu', 'j', 'beqz', 'j', 'ret']);
    expect(assembleLines(relaxed, 'far.s').errors).toEqual([]);
    // Unrelaxed, the assembler refuses the short branch: the relaxation was needed.
    expect(assembleLines(program(2_000), 'short.s').errors.map((e) => e.code)).toContain('branch-out-of-range');
  });
});
