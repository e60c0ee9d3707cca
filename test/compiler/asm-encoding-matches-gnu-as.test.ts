import { describe, expect, it } from 'vitest';
import { BASE_FORMS, COMPRESSED_FORMS, FLOAT_COMPRESSED_FORMS, FLOAT_FORMS, FLOAT_PSEUDO_FORMS, PSEUDO_FORMS } from './asm-forms.js';
import { gnuTextBytes, instructionWords, ourLinkedText } from './asm-oracle.js';

function program(option: 'norvc' | 'rvc', forms: string[]): string {
  return [`.option ${option}`, '.option norelax', '.text', '.globl _start', '_start:', ...forms.map((f) => `  ${f}`), ''].join('\n');
}

/** Pair every emitted word with the source line that produced it, so a mismatch names its instruction. */
function annotated(forms: string[], words: string[], perForm: (form: string) => number): string[] {
  const out: string[] = [];
  let at = 0;
  for (const form of forms) {
    for (let i = 0; i < perForm(form); i++) out.push(`${form} => ${words[at++] ?? '<missing>'}`);
  }
  while (at < words.length) out.push(`<extra> => ${words[at++]}`);
  return out;
}

const isLabel = (form: string) => form.endsWith(':');
const count32 = (form: string) => (isLabel(form) ? 0 : /^(call|tail|la|lla)\b|^(ld a1,pfwd|sw a2,pback)/.test(form) ? 2 : 1);

function expectGnuWords(option: 'norvc' | 'rvc', forms: string[], perForm: (form: string) => number): void {
  const source = program(option, forms);
  const gnu = instructionWords(gnuTextBytes(source));
  const ours = instructionWords(ourLinkedText(source, '_start').text);
  expect(annotated(forms, ours, perForm)).toEqual(annotated(forms, gnu, perForm));
}

describe('encoding matches GNU as byte for byte', () => {
  it('for every 32-bit base form of RV64IMA, Zicsr, Zifencei and the privileged instructions', () => {
    const source = program('norvc', BASE_FORMS);
    const gnu = instructionWords(gnuTextBytes(source));
    const ours = instructionWords(ourLinkedText(source, '_start').text);
    expect(annotated(BASE_FORMS, ours, count32)).toEqual(annotated(BASE_FORMS, gnu, count32));
  });

  it('for every explicit compressed form', () => {
    const source = program('rvc', COMPRESSED_FORMS);
    const gnu = instructionWords(gnuTextBytes(source));
    const ours = instructionWords(ourLinkedText(source, '_start').text);
    const one = (form: string) => (isLabel(form) ? 0 : 1);
    expect(annotated(COMPRESSED_FORMS, ours, one)).toEqual(annotated(COMPRESSED_FORMS, gnu, one));
  });

  it('for pseudo-instructions with a fixed expansion and relocation operators', () => {
    const source = program('norvc', PSEUDO_FORMS);
    const gnu = instructionWords(gnuTextBytes(source));
    const ours = instructionWords(ourLinkedText(source, '_start').text);
    expect(annotated(PSEUDO_FORMS, ours, count32)).toEqual(annotated(PSEUDO_FORMS, gnu, count32));
  });

  it('for every F and D form, with and without a rounding mode', () => expectGnuWords('norvc', FLOAT_FORMS, count32));
  it('for the compressed double loads and stores', () => expectGnuWords('rvc', FLOAT_COMPRESSED_FORMS, () => 1));
  it('for the float pseudo-instructions', () => expectGnuWords('norvc', FLOAT_PSEUDO_FORMS, count32));
});
