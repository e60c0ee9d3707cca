// Correct programs check without a single error or warning: the DESIGN.md example, the
// samples, and a program that uses every construct of the language.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkProgram, diskHost } from '../../compiler/check/index.js';
import { check, describe1, designExample, everyConstruct, memoryHost, sharedFile } from './check-harness.js';

describe('valid programs check clean', () => {
  it('accepts the DESIGN.md server-chain example', () => {
    expect(check(designExample).diagnostics.map(describe1)).toEqual([]);
  });

  it('accepts a program using every construct', () => {
    const result = checkProgram('main.pen', memoryHost({ 'main.pen': everyConstruct, 'shared.pen': sharedFile }));
    expect(result.diagnostics.map(describe1)).toEqual([]);
    expect(result.programs.map((p) => p.file)).toEqual(['main.pen', 'shared.pen']);
    expect(result.sections.map((s) => `${s.kind} ${s.name}`)).toEqual(['server Store', 'enclave Client', 'host host']);
    expect(result.tests.map((t) => t.name)).toEqual(['arithmetic wraps']);
  });

  for (const sample of ['samples/hello/main.pen', 'samples/server-call/main.pen']) {
    it(`accepts ${sample}`, () => {
      readFileSync(sample, 'utf8'); // the sample must exist: fail loudly if it moved
      expect(checkProgram(sample, diskHost).diagnostics.map(describe1)).toEqual([]);
    });
  }
});
