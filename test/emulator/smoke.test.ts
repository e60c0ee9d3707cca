import { describe, it, expect } from 'vitest';
import { runSnippet } from './helpers/run-snippet.js';
describe('smoke', () => {
  it('adds', () => {
    const r = runSnippet('li a0, 5\nli a1, 7\nadd a2, a0, a1\nli a3, -1\nsrli a3, a3, 1\n');
    expect(r.stopCause).toBe(3);
    expect(r.reg('a2')).toBe(12n);
    expect(r.reg('a3')).toBe(0x7fffffffffffffffn);
  });
});
