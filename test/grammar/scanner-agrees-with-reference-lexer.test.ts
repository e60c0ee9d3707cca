// The hand-written scanner produces exactly the tokens of the chevrotain Lexer built from the
// token definitions (the specification), on the sample program and on random text.
import { describe, expect, it } from 'vitest';
import { scan } from '../../grammar/scanner.js';
import { createReferenceLexer } from '../../grammar/tokens.js';
import { pick, SAMPLE, seededRandom, WORDS } from './random-input.js';

const reference = createReferenceLexer();

function referenceTokens(text: string): string[] {
  const result = reference.tokenize(text);
  const tokens = [...result.tokens, ...(result.groups.comments ?? [])].map((t) => ({
    start: t.startOffset, line: `${t.startOffset} ${t.tokenType.name} ${JSON.stringify(t.image)}`,
  }));
  for (const error of result.errors) {
    tokens.push({ start: error.offset, line: `${error.offset} InvalidCharacters ${JSON.stringify(text.substr(error.offset, error.length))}` });
  }
  return tokens.sort((a, b) => a.start - b.start).map((t) => t.line);
}

function scannerTokens(text: string): string[] {
  return scan(text).all.map((t) => `${t.start} ${t.kind} ${JSON.stringify(t.text)}`);
}

describe('scanner', () => {
  it('agrees with the reference lexer on the sample program', () => {
    expect(scannerTokens(SAMPLE)).toEqual(referenceTokens(SAMPLE));
    expect(scannerTokens(SAMPLE).length).toBe(287);
  });

  it('agrees with the reference lexer on 3000 random texts', () => {
    const random = seededRandom(20240611);
    for (let n = 0; n < 3000; n++) {
      const parts: string[] = [];
      const count = 1 + Math.floor(random() * 30);
      for (let i = 0; i < count; i++) parts.push(pick(random, WORDS), random() < 0.5 ? '' : pick(random, [' ', '\n', '\r\n', '\t']));
      const text = parts.join('');
      expect(scannerTokens(text), text).toEqual(referenceTokens(text));
    }
  });

  it('agrees with the reference lexer on random characters', () => {
    const random = seededRandom(7);
    const alphabet = 'az09_"\\/*\n\r =<>!&|.-+é\u00a0@#';
    for (let n = 0; n < 2000; n++) {
      let text = '';
      const length = Math.floor(random() * 40);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      expect(scannerTokens(text), text).toEqual(referenceTokens(text));
    }
  });
});
