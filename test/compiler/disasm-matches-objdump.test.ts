import { describe, expect, it } from 'vitest';
import { disassemble } from '../../compiler/asm/index.js';
import { BASE_FORMS, COMPRESSED_FORMS, FLOAT_COMPRESSED_FORMS, FLOAT_FORMS, FLOAT_PSEUDO_FORMS, PSEUDO_FORMS } from './asm-forms.js';
import { objdumpInstructions, ourLinkedText, writeTemp } from './asm-oracle.js';

/**
 * The one documented difference: binutils 2.40 prints immediate forms without their `i`
 * (`add a0,a1,5` for addi); we print the ISA mnemonic. Map ours to objdump's before comparing.
 */
const OBJDUMP_DROPS_I = /^(addi|addiw|xori|ori|andi|slli|srli|srai|slliw|srliw|sraiw|csrrwi|csrrsi|csrrci|csrwi|csrsi|csrci)\b/;
function asObjdumpSpells(text: string): string {
  return text.replace(OBJDUMP_DROPS_I, (mnemonic) => mnemonic.replace(/i(w?)$/, '$1'));
}

function compareWithObjdump(option: 'norvc' | 'rvc', forms: string[]) {
  const source = [`.option ${option}`, '.text', '.globl _start', '_start:', ...forms, ''].join('\n');
  const { elf } = ourLinkedText(source, '_start');
  const listing = objdumpInstructions(writeTemp('forms.elf', elf));
  expect(listing.length).toBeGreaterThan(forms.length / 2);
  const ours = listing.map(({ address, hex }) => `${hex}: ${asObjdumpSpells(disassemble(parseInt(hex, 16), address).text)}`);
  const theirs = listing.map(({ hex, text }) => `${hex}: ${text}`);
  expect(ours).toEqual(theirs);
}

describe('the disassembler spells instructions as objdump does', () => {
  it('for every 32-bit base form', () => compareWithObjdump('norvc', BASE_FORMS));
  it('for every compressed form, printed as its expansion', () => compareWithObjdump('rvc', COMPRESSED_FORMS));
  it('for the aliases objdump prints (li, mv, ret, beqz, csrr, ...)', () => compareWithObjdump('norvc', PSEUDO_FORMS));
  it('for every F and D form, rounding modes included', () => compareWithObjdump('norvc', FLOAT_FORMS));
  it('for the compressed double loads and stores', () => compareWithObjdump('rvc', FLOAT_COMPRESSED_FORMS));
  it('for the float aliases (fmv, fneg, fabs, frflags, fsrm, fscsr, ...)', () => compareWithObjdump('norvc', FLOAT_PSEUDO_FORMS));
  it('and keeps the ISA mnemonic of immediate forms, the documented difference', () => {
    expect(disassemble(0x00150513, 0x1000n).text).toBe('addi a0,a0,1');
    expect(disassemble(0x03f59513, 0n).text).toBe('slli a0,a1,0x3f');
  });
  it('names branch targets through a symbolizer and marks unknown encodings', () => {
    expect(disassemble(0xfe0508e3, 0x10010n, (a) => (a === 0x10000n ? 'loop' : undefined)).text).toBe('beqz a0,10000 <loop>');
    expect(disassemble(0xffffffff, 0n)).toMatchObject({ text: '.4byte 0xffffffff', known: false, length: 4 });
    expect(disassemble(0x0000, 0n)).toMatchObject({ text: '.2byte 0x0', known: false, length: 2 });
  });
});
