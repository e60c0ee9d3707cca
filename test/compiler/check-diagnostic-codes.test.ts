// One test per checker diagnostic code: a small program, and the exact code, span and message
// it must produce (grammar/README.md, "Checker diagnostics").
import { describe, expect, it } from 'vitest';
import { diagnosticsOf } from './check-harness.js';
import { checkerCases as cases } from './check-diagnostic-cases.js';

describe('each checker diagnostic code', () => {
  for (const { code, behaviour, program, expected } of cases) {
    it(`reports ${code} for ${behaviour}`, () => {
      expect(diagnosticsOf(program)).toEqual(expected);
    });
  }
});
