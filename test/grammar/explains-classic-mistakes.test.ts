// The mistakes students make most, each reported once, where it was made, with what was meant:
// `=` in a condition, a `{` never closed, a struct literal, a chained comparison.
import { describe, expect, it } from 'vitest';
import { checkProgram } from '../../compiler/check/index.js';
import { renderDiagnostics } from '../../compiler/diagnostics/render.js';

function diagnose(text: string): { lines: string[]; rendered: string; data: unknown[] } {
  const sources = new Map([['main.pen', text]]);
  const checked = checkProgram('main.pen', { readFile: (path) => sources.get(path) });
  return {
    lines: checked.diagnostics.map((d) => `${d.code} ${d.span.startLine}:${d.span.startCol} ${d.message}${d.hint ? ` (hint: ${d.hint})` : ''}`),
    rendered: renderDiagnostics(checked.diagnostics, sources),
    data: checked.diagnostics.map((d) => d.data),
  };
}

const host = '\nhost { let e = create E; print(run e); }\n';

describe('classic mistakes', () => {
  it('reads `if x = 5 {` as the comparison that was meant, with one error and a `==` repair', () => {
    const { lines, data } = diagnose('enclave E { fn main() -> i64 { let x: u64 = 3; if x = 5 { return 1; } return 0; } }' + host);
    expect(lines).toEqual(['E0012 1:53 `=` assigns a value; it does not compare (hint: to compare, write `==`)']);
    expect(data[0]).toMatchObject({ expected: '==', found: '=', replacement: { text: '==', title: 'Change `=` to `==`', span: { startLine: 1, startCol: 53, endCol: 54 } } });
  });

  it('does the same in `while` and `else if` conditions', () => {
    const { lines } = diagnose('enclave E { fn main() -> i64 { var x: u64 = 3; while x = 0 { x -= 1; } if x == 1 { return 1; } else if x = 2 { return 2; } return 0; } }' + host);
    expect(lines).toEqual([
      'E0012 1:56 `=` assigns a value; it does not compare (hint: to compare, write `==`)',
      'E0012 1:106 `=` assigns a value; it does not compare (hint: to compare, write `==`)',
    ]);
  });

  it('names the `{` that was never closed, where it opened, and nothing about returns or unreachable code', () => {
    const text = 'enclave E {\n  fn main() -> i64 {\n    let x: u64 = 3;\n    if x == 5 {\n      return 1;\n    return 0;\n  }\n}\nhost { let e = create E; print(run e); }\n';
    const { rendered } = diagnose(text);
    expect(rendered).toBe(
      [
        'error[E0013]: this `{` is never closed',
        ' --> main.pen:4:15',
        '  |',
        '4 |     if x == 5 {',
        '  |               ^ opened here',
        '  |',
        '  = hint: add the missing `}` where this block should end',
        'note: this `}` closes it, but is indented like an outer block: a `}` is probably missing before it',
        ' --> main.pen:7:3',
        'note: so this `{` is left open',
        ' --> main.pen:1:11',
        '',
      ].join('\n'),
    );
  });

  it('reports a struct literal once, not once per field', () => {
    const { lines } = diagnose('struct P { x: u32, y: u32 }\nenclave E { fn main() -> i64 { var q: P; let p = P { x: 1, z: 2 }; q.x = 1; return q.x as i64; } }' + host);
    expect(lines).toEqual([
      'E0014 2:50 there are no struct literals (hint: declare a variable and assign its fields one by one: `var p: P; p.x = ...; p.z = ...;`)',
    ]);
  });

  it('reports `0 < x < 10` once, with the `&&` form that was meant', () => {
    const { lines } = diagnose('enclave E { fn main() -> i64 { let x: u64 = 3; if 0 < x < 10 { return 1; } return 0; } }' + host);
    expect(lines).toEqual(['E0009 1:51 comparison operators cannot be chained (hint: compare twice and join with `&&`: `0 < x && x < 10`)']);
  });
});

describe('did you mean', () => {
  it('suggests the closest local, field, server function, function and keyword, with a repair', () => {
    const { lines, data } = diagnose(
      [
        'struct P { x: u32, width: u32 }',
        'server S "s" { fn get(v: u64) -> u64 { return v; } }',
        'enclave E {',
        '  fn helper() -> u64 { return 1; }',
        '  fn main() -> i64 {',
        '    let count: u64 = 1; var p: P; p.widht = 2;',
        '    let s = acquire S; let _q = s.gte(1);',
        '    let _h = helpr(); pritn("x");',
        '    return (cuont + p.x as u64) as i64;',
        '  }',
        '  fn other() -> u64 { retrun 0; }',
        '}',
        'host { let e = create E; print(run e); }',
      ].join('\n'),
    );
    expect(lines.filter((l) => !l.startsWith('E0001'))).toEqual([
      'W0101 6:9 unused variable `count` (hint: remove it, or name it `_count` to keep it)',
      'E0113 6:37 struct `P` has no field `widht` (hint: did you mean `width`?)',
      'E0310 7:35 server `S` has no function `gte` (hint: did you mean `get`?)',
      'E0101 8:14 cannot find function `helpr` in `E` (hint: did you mean `helper`?)',
      'E0101 8:23 cannot find function `pritn` in `E` (hint: did you mean `print`?)',
      'E0101 9:13 cannot find `cuont` in this scope (hint: did you mean `count`?)',
      'E0101 11:23 cannot find `retrun` in this scope (hint: did you mean the keyword `return`?)',
    ]);
    expect(data.filter(Boolean).map((d) => (d as { replacement?: { text: string } }).replacement?.text).filter(Boolean)).toEqual(['width', 'get', 'helper', 'print', 'count', 'return']);
  });

  it('suggests nothing when no name is close', () => {
    const { lines } = diagnose('enclave E { fn main() -> i64 { let alpha: u64 = 1; return (alpha + zzz) as i64; } }' + host);
    expect(lines).toEqual(['E0101 1:68 cannot find `zzz` in this scope']);
  });
});
