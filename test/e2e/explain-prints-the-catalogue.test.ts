// `penglaic explain` prints the reference's own entry for a code, and every diagnostic the CLI
// prints points at it.
import { describe, expect, it } from 'vitest';
import { explainText, loadCatalogue } from '../../compiler/cli/explain.js';
import { checkerCases } from '../compiler/check-diagnostic-cases.js';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { penglaic, scratchDir } from './cli.js';

describe('penglaic explain', () => {
  it('prints a parse code with its example, message and fix', () => {
    const r = penglaic(['explain', 'E0012'], scratchDir());
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      [
        'E0012: `=` where a condition belongs (`if`, `while`); read as `==`, with that repair',
        '(grammar/README.md, "7. Parse diagnostics")',
        '',
        'Example:',
        '    if x = 5 {',
        '',
        'penglaic says: `=` assigns a value; it does not compare',
        '',
        'Fix: write `==` to compare',
        '',
      ].join('\n'),
    );
  });

  it('checks a checker code\'s failing example and shows what penglaic says about it', () => {
    const r = penglaic(['explain', 'w103'], scratchDir());
    expect(r.stdout).toContain('W0103: `+`, `-`, `*` or `<<` computed in a narrower integer type');
    expect(r.stdout).toContain("    warning[W0103]: `w + 100` is computed in `u8` and wraps at 8 bits before it becomes `u16`\n");
    expect(r.stdout).toContain('Fix: widen an operand first: `(w as u16) + 100`\n');
  });

  it('explains a run-time code such as -19', () => {
    const r = penglaic(['explain', '-19'], scratchDir());
    expect(r.stdout.split('\n').slice(0, 2)).toEqual(['-19: fault (the enclave was destroyed; see the monitor\'s report)', '(runtime/README.md, "Error codes")']);
    expect(r.stdout).toMatch(/^Fix: the enclave touched memory it does not own/m);
  });

  it('refuses what is not a code, and a code that is not catalogued, with status 2', () => {
    expect(penglaic(['explain', 'banana'], scratchDir())).toMatchObject({ status: 2, stderr: 'penglaic: error: "banana" is not a code: codes look like E0101, W0103 or -19\n' });
    expect(penglaic(['explain', 'E9999'], scratchDir())).toMatchObject({ status: 2, stderr: 'penglaic: error: E9999 is not in the catalogue (grammar/README.md, compiler/README.md, runtime/README.md)\n' });
  });

  it('has an entry with a meaning for every code, and each checker example gives its own code', () => {
    const entries = loadCatalogue(join(import.meta.dirname, '../..'));
    const codes = new Set(entries.map((e) => e.code));
    expect([...checkerCases.map((c) => c.code), 'E0001', 'E0013', 'E0901', '-2', '-10', '-19', '-20'].filter((c) => !codes.has(c))).toEqual([]);
    expect(entries.filter((e) => e.meaning === '').map((e) => e.code)).toEqual([]);
    expect(entries.filter((e) => e.code === '-19')).toHaveLength(1);
    // Each checker example, checked, gives the code it illustrates, with the same message the CLI prints.
    const missing = entries.filter((e) => /^[EW]0[1-5]/.test(e.code) && e.example && !e.example.includes('.pen') && !explainText(e).includes(`[${e.code}]: `));
    expect(missing.map((e) => e.code)).toEqual([]);
  });

  it('ends every report of diagnostics with a pointer to explain', () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'main.pen'), 'enclave E { fn main() -> i64 { let x: u64 = 3; if x = 5 { return 1; } return 0; } }\nhost { let e = create E; print(run e); }\n');
    const r = penglaic(['check', join(dir, 'main.pen')], dir);
    expect(r.status).toBe(1);
    expect(r.stderr.trimEnd().split('\n').slice(-2)).toEqual(['error: 1 error found', 'For more about this code, try `penglaic explain E0012`.']);
  });
});
