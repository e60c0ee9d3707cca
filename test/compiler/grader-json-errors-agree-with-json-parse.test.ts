// The manifest's JSON syntax errors are located by our own scanner (Node 20's JSON.parse does
// not always give a position); on random mutations of random JSON it must refuse exactly what
// JSON.parse refuses.
import { describe, expect, it } from 'vitest';
import { jsonSyntaxError } from '../../compiler/json-syntax.js';

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function value(rand: () => number, depth: number): unknown {
  const r = rand();
  if (depth > 3 || r < 0.3) return [0, -1.5e3, 12, true, false, null, 'a"b\\c\u00e9\n', ''][Math.floor(rand() * 8)];
  if (r < 0.65) return Array.from({ length: Math.floor(rand() * 4) }, () => value(rand, depth + 1));
  return Object.fromEntries(Array.from({ length: Math.floor(rand() * 4) }, (_, i) => [`k${i}`, value(rand, depth + 1)]));
}

const ALPHABET = '{}[]:,"\\ \n0123456789-.eEtrufalsn\u0001';

describe('JSON syntax errors', () => {
  it('refuses exactly what JSON.parse refuses, on 3000 mutated documents', () => {
    const rand = random(20261203);
    let refused = 0;
    for (let n = 0; n < 3000; n++) {
      let text = JSON.stringify(value(rand, 0), null, rand() < 0.5 ? 2 : undefined);
      const edits = 1 + Math.floor(rand() * 2);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rand() * (text.length + 1));
        const kind = rand();
        if (kind < 0.4) text = text.slice(0, at) + text.slice(at + 1);
        else text = text.slice(0, at) + ALPHABET[Math.floor(rand() * ALPHABET.length)] + text.slice(kind < 0.7 ? at : at + 1);
      }
      let parses = true;
      try {
        JSON.parse(text);
      } catch {
        parses = false;
      }
      const error = jsonSyntaxError(text);
      expect({ text, valid: error === undefined }).toEqual({ text, valid: parses });
      if (error) {
        refused++;
        expect(error.offset).toBeGreaterThanOrEqual(0);
        expect(error.offset).toBeLessThanOrEqual(text.length);
      }
    }
    expect(refused).toBeGreaterThan(1000);
  });
});
