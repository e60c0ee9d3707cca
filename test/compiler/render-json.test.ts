// `--json` output: one object per diagnostic with stable field names, every field present.
import { describe, expect, it } from 'vitest';
import { renderJson } from '../../compiler/diagnostics/render.js';
import { check } from './check-harness.js';

describe('rendering diagnostics as JSON', () => {
  it('gives code, severity, message, positions, label, hint and related spans', () => {
    const text = 'server S "s" { private fn f() {} }\nenclave E { fn main() -> i64 { let s = acquire S; s.f(); return 0; } }';
    const json = JSON.parse(renderJson(check(text, 'j.pen').diagnostics));
    expect(json).toEqual([
      {
        code: 'E0311',
        severity: 'error',
        message: '`S.f` is private',
        file: 'j.pen',
        line: 2,
        column: 53,
        endLine: 2,
        endColumn: 54,
        label: 'not in the interface',
        hint: 'only functions without `private` can be called through a handle',
        related: [{ message: '`f` is declared here', file: 'j.pen', line: 1, column: 27, endLine: 1, endColumn: 28 }],
        data: null,
      },
    ]);
  });

  it('carries the structured payload: candidates and the repair, with line and column spans', () => {
    const text = 'enclave E { fn main() -> i64 { let count: u64 = 1; return cuont as i64; } }';
    const json = JSON.parse(renderJson(check(text, 'j.pen').diagnostics));
    expect(json.find((d: { code: string }) => d.code === 'E0101').data).toEqual({
      candidates: ['count'],
      replacement: { file: 'j.pen', line: 1, column: 59, endLine: 1, endColumn: 64, text: 'count', title: 'Change to `count`' },
    });
  });

  it('uses null for an absent label or hint and [] for no related spans', () => {
    const json = JSON.parse(renderJson(check('enclave E { fn main() -> i64 { break; return 0; } }').diagnostics));
    expect(json[0].hint).toBeNull();
    expect(json[0].related).toEqual([]);
    expect(Object.keys(json[0])).toEqual(['code', 'severity', 'message', 'file', 'line', 'column', 'endLine', 'endColumn', 'label', 'hint', 'related', 'data']);
  });
});
