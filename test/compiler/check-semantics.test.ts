// The rules of grammar/README.md "Types and semantics", each shown on a small program.
import { describe, expect, it } from 'vitest';
import { check, describe1, diagnosticsOf } from './check-harness.js';

describe('types and semantics', () => {
  it('lets a negative literal fill the whole signed range and rejects it for unsigned types', () => {
    expect(diagnosticsOf('enclave E { fn main() -> i64 { let x: i8 = -128; let y: i8 = -129; let z: u8 = -1; return (x + y) as i64 + (z as i64); } }')).toEqual([
      'E0203 1:62-1:66 literal `-129` does not fit in `i8`',
      'E0203 1:80-1:82 literal `-1` does not fit in `u8`',
    ]);
  });

  it('lets an untyped constant take the type its context expects', () => {
    expect(diagnosticsOf('const N = 4; enclave E { fn main() -> i64 { let x: u8 = N; var a: u8[N]; a[0] = x; return a[0] as i64; } }')).toEqual([]);
  });

  it('widens losslessly but never from signed to unsigned', () => {
    expect(diagnosticsOf('enclave E { fn main() -> i64 { let a: u8 = 1; let b: i16 = a; let c: i32 = b; let d: u64 = c; return d as i64; } }')).toEqual([
      'E0201 1:92-1:93 mismatched types: expected `u64`, found `i32`',
    ]);
  });

  it('accepts a function whose last statement is an endless loop', () => {
    expect(diagnosticsOf('enclave E { fn main() -> i64 { while true { } } }')).toEqual([]);
  });

  it('requires a return after a loop that can be left with break', () => {
    expect(diagnosticsOf('enclave E { fn main() -> i64 { while true { break; } } }')).toEqual([
      'E0501 1:26-1:29 `main` must return an `i64` on every path',
    ]);
  });

  it('accepts an if whose branches all return', () => {
    expect(diagnosticsOf('enclave E { fn main() -> i64 { let x = 1; if x > 0 { return 1; } else if x < 0 { return 2; } else { return 3; } } }')).toEqual([]);
  });

  it('reports a whole three-server cycle once', () => {
    const program = 'server A "a" { fn f() { let b = acquire B; b.g(); } } server B "b" { fn g() { let c = acquire C; c.h(); } } server C "c" { fn h() { let a = acquire A; a.f(); } }';
    expect(diagnosticsOf(program)).toEqual(['E0411 1:33-1:42 servers acquire each other in a cycle: `A` → `B` → `C` → `A`']);
  });

  it('does not pass an in parameter on to an inout parameter', () => {
    expect(diagnosticsOf('server A "a" { fn f(v: in u8[4]) { g(v); } private fn g(w: inout u8[4]) { w[0] = 1; } }')).toEqual([
      'E0305 1:38-1:39 `w` is an `inout` parameter, so its argument must be a mutable variable',
    ]);
  });

  it('copies arrays and structs by assignment only when the types are identical', () => {
    expect(diagnosticsOf('struct P { x: u8 } enclave E { fn main() -> i64 { var a: u8[4]; var b: u8[4]; var c: u8[5]; a = b; c = a; var p: P; var q: P; p = q; return c[0] as i64 + p.x as i64; } }')).toEqual([
      'E0201 1:104-1:105 mismatched types: expected `u8[5]`, found `u8[4]`',
    ]);
  });

  it('reports hex outside print once', () => {
    expect(diagnosticsOf('host { let _y = hex(3); }')).toEqual(['E0314 1:17-1:23 `hex(...)` can only be used as an argument of `print`']);
  });

  it('keeps peek and poke out of the host', () => {
    expect(diagnosticsOf('host { poke64(0, peek64(8)); }')).toEqual([
      'E0408 1:8-1:14 `poke64` is only allowed in enclaves and servers',
      'E0408 1:18-1:24 `peek64` is only allowed in enclaves and servers',
    ]);
  });

  it('does not count a plain assignment as a read', () => {
    expect(diagnosticsOf('enclave E { fn main() -> i64 { var x = 1; x = 2; return 0; } }')).toEqual(['W0101 1:36-1:37 unused variable `x`']);
  });

  it('folds a constant index into a constant array, so it can size an array', () => {
    const checked = check('const K: u32[3] = [1, 2, 3];\nconst GRID: u8[2][2] = [[1, 2], [3, 4]];\nconst N = K[1] + GRID[1][0];\nenclave E { fn main() -> i64 { var a: u8[N]; a[4] = 1; return a[4] as i64; } }\nhost { }');
    expect(checked.diagnostics.map(describe1)).toEqual([]);
    const n = checked.programs[0].items.find((item) => item.kind === 'ConstDecl' && item.name?.name === 'N');
    expect(n && n.kind === 'ConstDecl' && checked.constants.get(n.value)).toBe(5n);
  });

  it('does not tell the host to remove an unused server it created, which still serves', () => {
    const source = 'server S "s" { fn f() {} } enclave E { fn main() -> i64 { let s = acquire S; let n = 1; return 0; } } host { let s = create S; let e = create E; }';
    expect(check(source).diagnostics.map((d) => `${describe1(d)} | ${d.hint}`)).toEqual([
      'W0101 1:63-1:64 unused variable `s` | remove it, or name it `_s` to keep it',
      'W0101 1:82-1:83 unused variable `n` | remove it, or name it `_n` to keep it',
      'W0101 1:114-1:115 unused variable `s` | the server it holds still serves its callers: name it `_s` to say so, or `destroy s;` when it is no longer needed',
      'W0101 1:132-1:133 unused variable `e` | remove it, or name it `_e` to keep it',
    ]);
  });
});
