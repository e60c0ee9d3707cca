// Property: whatever a hidden test file is called and wherever its name appears in a text
// (alone, with a line, with a line and column, next to other paths), the redacted text holds
// neither the name nor its position; other files' positions are kept.
import { describe, expect, it } from 'vitest';
import { Redactor } from '../../compiler/grader/hidden-files.js';

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return state / 2 ** 32;
  };
}

const ALPHABET = 'abcxyz-_.()[]+*?$^|{}\\ 09';

describe('hidden file redaction', () => {
  it('leaves no trace of a hidden file in 2000 random texts', () => {
    const next = random(7);
    const pick = (s: string) => s[Math.floor(next() * s.length)];
    for (let round = 0; round < 2000; round++) {
      const name = `tests/${Array.from({ length: 1 + Math.floor(next() * 8) }, () => pick(ALPHABET)).join('')}.pen`;
      const redact = new Redactor(new Set([name]));
      const pieces = Array.from({ length: 1 + Math.floor(next() * 6) }, () => {
        const line = 1 + Math.floor(next() * 500);
        const col = 1 + Math.floor(next() * 80);
        return [name, `${name}:${line}`, `${name}:${line}:${col}`, `main.pen:${line}:${col}`, 'error: assert failed at '][Math.floor(next() * 5)];
      });
      const text = pieces.join(next() < 0.5 ? ' ' : '\n');
      const out = redact.text(text);
      expect(out.includes(name), `${text} -> ${out}`).toBe(false);
      for (const piece of pieces.filter((p) => p.startsWith('main.pen'))) expect(out).toContain(piece);
    }
  });

  it('shows a hidden location as <hidden test> with no line', () => {
    const redact = new Redactor(new Set(['tests/hidden.pen']));
    expect(redact.location({ file: 'tests/hidden.pen', line: 3, column: 5 })).toEqual({ file: '<hidden test>' });
    expect(redact.location({ file: 'main.pen', line: 3, column: 5 })).toEqual({ file: 'main.pen', line: 3, column: 5 });
    expect(redact.text('at tests/hidden.pen:12:3: left 1')).toBe('at <hidden test>: left 1');
  });
});
