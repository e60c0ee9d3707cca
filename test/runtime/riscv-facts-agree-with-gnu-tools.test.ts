// The ISA facts of runtime/riscv against sources we did not write: every CSR name
// assembles with GNU as to the number we give it (and objdump prints our name back for
// it), every ELF constant equals the glibc <elf.h> macro of the same name, and every F/D
// form's match bits are what GNU as emits for that mnemonic.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as Elf from '../../runtime/riscv/elf.js';
import { csrName, csrNumber } from '../../runtime/riscv/csr.js';
import { FLOAT_FORMS } from '../../runtime/riscv/float-opcodes.js';
import { gnuTextBytes, instructionWords } from '../compiler/asm-oracle.js';

/** CSR names we know, recovered through csrNumber/csrName over the 12-bit space. */
const NAMED = Array.from({ length: 0x1000 }, (_, n) => n).filter((n) => !csrName(n).startsWith('0x'));

describe('runtime/riscv agrees with GNU binutils and glibc', () => {
  it('every named CSR assembles to its number with GNU as', () => {
    const source = ['.text', '.globl _start', '_start:', ...NAMED.map((n) => `  csrrs a0, ${csrName(n)}, zero`), ''].join('\n');
    const words = instructionWords(gnuTextBytes(source)).map((hex) => parseInt(hex, 16) >>> 20);
    expect(words).toEqual(NAMED);
    expect(NAMED.length).toBeGreaterThan(200);
    expect(NAMED.every((n) => csrNumber(csrName(n)) === n)).toBe(true);
  });

  it('every ELF constant is the <elf.h> value of the same name', () => {
    const header = readFileSync('/usr/include/elf.h', 'utf8');
    const macros = new Map<string, string>();
    for (const m of header.matchAll(/^#define\s+(\w+)\s+(.+?)\s*(?:\/\*.*)?$/gm)) macros.set(m[1]!, m[2]!);
    // The macro forms <elf.h> uses for these: a number, (OTHER + n), (1 << n).
    const value = (name: string): number => {
      const text = macros.get(name)!;
      const sum = /^\((\w+)\s*\+\s*(\d+)\)$/.exec(text);
      if (sum) return value(sum[1]!) + Number(sum[2]);
      const shift = /^\((\d+)\s*<<\s*(\d+)\)$/.exec(text);
      return shift ? Number(shift[1]) << Number(shift[2]) : Number(text);
    };
    const numeric = Object.entries(Elf).filter(([, v]) => typeof v === 'number') as [string, number][];
    const checked = numeric.filter(([name]) => macros.has(name));
    expect(checked.map(([name]) => [name, value(name)])).toEqual(checked);
    // Record sizes and the arch attribute tag are not <elf.h> macros; everything else is.
    expect(numeric.filter(([name]) => !macros.has(name)).map(([name]) => name).sort()).toEqual(
      ['EHDR_SIZE', 'PHDR_SIZE', 'SHDR_SIZE', 'SYM_SIZE', 'TAG_RISCV_ARCH']);
  });

  it('every F/D form matches the fixed bits GNU as emits for its mnemonic', () => {
    const operand: Record<string, string> = { f: 'ft0', x: 'zero' };
    const lines = FLOAT_FORMS.map((form) => `  ${form.name} ${[...form.operands].map((k) => operand[k]).join(', ')}${form.rounding && !['fcvt.d.w', 'fcvt.d.wu', 'fcvt.d.s'].includes(form.name) ? ', rne' : ''}`);
    const words = instructionWords(gnuTextBytes(['.text', '.globl _start', '_start:', ...lines, ''].join('\n'))).map((hex) => parseInt(hex, 16) >>> 0);
    expect(words.map((w, k) => `${FLOAT_FORMS[k]!.name} ${((w & FLOAT_FORMS[k]!.mask) >>> 0) === FLOAT_FORMS[k]!.match}`))
      .toEqual(FLOAT_FORMS.map((form) => `${form.name} true`));
    expect(FLOAT_FORMS.length).toBe(2 * 28 + 2);
  });
});
