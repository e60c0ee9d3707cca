// One test per checker diagnostic code: a small program, and the exact code, span and message
// it must produce (grammar/README.md, "Checker diagnostics").
import { describe, expect, it } from 'vitest';
import { diagnosticsOf } from './check-harness.js';

const cases: { code: string; behaviour: string; program: string; expected: string[] }[] = [
  {
    code: 'E0101',
    behaviour: 'a name that is not declared',
    program: 'enclave E { fn main() -> i64 { return missing; } }',
    expected: ['E0101 1:39-1:46 cannot find `missing` in this scope'],
  },
  {
    code: 'E0102',
    behaviour: 'a local declared twice in one block',
    program: 'enclave E { fn main() -> i64 { let x = 1; let x = 2; return x; } }',
    expected: ['E0102 1:47-1:48 `x` is already declared in this block'],
  },
  {
    code: 'E0103',
    behaviour: 'an unknown type name',
    program: 'enclave E { fn main() -> i64 { var p: Pointy; return 0; } }',
    expected: ['E0103 1:39-1:45 cannot find type `Pointy`'],
  },
  {
    code: 'E0104',
    behaviour: 'acquiring a server that does not exist',
    program: 'enclave E { fn main() -> i64 { let _s = acquire Nobody; return 0; } }',
    expected: ['E0104 1:49-1:55 cannot find a server or enclave named `Nobody`'],
  },
  {
    code: 'E0105',
    behaviour: 'two functions with one name in a section',
    program: 'server S "s" { fn f() {} fn f() {} }',
    expected: ['E0105 1:29-1:30 `f` is already declared in `S`'],
  },
  {
    code: 'E0106',
    behaviour: 'two sections with one name',
    program: 'server S "s" { } server S "t" { }',
    expected: ['E0106 1:25-1:26 the name `S` is already used'],
  },
  {
    code: 'E0107',
    behaviour: 'two structs with one name',
    program: 'struct P { x: u8 } struct P { y: u8 }',
    expected: ['E0107 1:27-1:28 the name `P` is already used'],
  },
  {
    code: 'E0108',
    behaviour: 'a server name used as a value',
    program: 'server S "s" { } enclave E { fn main() -> i64 { let _x = S; return 0; } }',
    expected: ['E0108 1:58-1:59 `S` is a server, not a value'],
  },
  {
    code: 'E0112',
    behaviour: 'two globals with one name in a section',
    program: 'server S "s" { var n: u64; let n: u64 = 1; }',
    expected: ['E0112 1:32-1:33 `n` is already declared in `S`'],
  },
  {
    code: 'E0113',
    behaviour: 'an unknown struct field',
    program: 'struct P { x: u8 } enclave E { fn main() -> i64 { var p: P; p.z = 1; return 0; } }',
    expected: ['E0113 1:63-1:64 struct `P` has no field `z`'],
  },
  {
    code: 'E0114',
    behaviour: 'a struct field declared twice',
    program: 'struct P { x: u8, x: u16 }',
    expected: ['E0114 1:19-1:20 field `x` is declared twice in `P`'],
  },
  {
    code: 'E0115',
    behaviour: 'a struct that contains itself',
    program: 'struct P { next: P }',
    expected: ['E0115 1:8-1:9 struct `P` contains itself'],
  },
  {
    code: 'E0116',
    behaviour: 'a function named like a builtin',
    program: 'enclave E { fn main() -> i64 { return 0; } fn print() {} }',
    expected: ['E0116 1:47-1:52 `print` is a builtin function and cannot be redeclared'],
  },
  {
    code: 'E0201',
    behaviour: 'a lossy implicit conversion',
    program: 'enclave E { fn main() -> i64 { let x: u64 = 1; return x; } }',
    expected: ['E0201 1:55-1:56 mismatched types: expected `i64`, found `u64`'],
  },
  {
    code: 'E0202',
    behaviour: 'operands without a common type',
    program: 'enclave E { fn main() -> i64 { let a: u32 = 1; let b: i32 = 2; return (a + b) as i64; } }',
    expected: ['E0202 1:71-1:78 mismatched types: `u32` + `i32`'],
  },
  {
    code: 'E0203',
    behaviour: 'a literal too large for its type',
    program: 'enclave E { fn main() -> i64 { let x: u8 = 256; return x; } }',
    expected: ['E0203 1:44-1:47 literal `256` does not fit in `u8`'],
  },
  {
    code: 'E0204',
    behaviour: 'arithmetic on a bool',
    program: 'enclave E { fn main() -> i64 { let b = true; return b + 1; } }',
    expected: ['E0204 1:53-1:54 `+` cannot be applied to `bool`'],
  },
  {
    code: 'E0205',
    behaviour: 'an integer condition',
    program: 'enclave E { fn main() -> i64 { var n = 3; while n { n -= 1; } return 0; } }',
    expected: ['E0205 1:49-1:50 the condition of `while` must be a `bool`, found `i64`'],
  },
  {
    code: 'E0206',
    behaviour: 'a zero array length',
    program: 'enclave E { fn main() -> i64 { var a: u8[0]; return 0; } }',
    expected: ['E0206 1:42-1:43 an array length must be positive, found 0'],
  },
  {
    code: 'E0207',
    behaviour: 'a constant index out of range',
    program: 'enclave E { fn main() -> i64 { var a: i64[4]; return a[4]; } }',
    expected: ['E0207 1:56-1:57 index 4 is out of range for `i64[4]`'],
  },
  {
    code: 'E0208',
    behaviour: 'indexing a scalar',
    program: 'enclave E { fn main() -> i64 { let x = 5; return x[0]; } }',
    expected: ['E0208 1:50-1:51 cannot index into a value of type `i64`'],
  },
  {
    code: 'E0209',
    behaviour: 'casting an integer to bool',
    program: 'enclave E { fn main() -> i64 { let b = 1 as bool; if b { return 1; } return 0; } }',
    expected: ['E0209 1:40-1:49 cannot convert `i64` to `bool` with `as`'],
  },
  {
    code: 'E0211',
    behaviour: 'a field of a scalar',
    program: 'enclave E { fn main() -> i64 { let x = 5; return x.y; } }',
    expected: ['E0211 1:52-1:53 `i64` has no fields'],
  },
  {
    code: 'E0212',
    behaviour: 'a constant that is not known at compile time',
    program: 'enclave E { var g: u64 = 1; const C: u64 = g; fn main() -> i64 { return 0; } }',
    expected: ['E0212 1:44-1:45 the value of constant `C` must be known at compile time'],
  },
  {
    code: 'E0213',
    behaviour: 'an empty array literal',
    program: 'enclave E { fn main() -> i64 { let _a = []; return 0; } }',
    expected: ['E0213 1:41-1:43 cannot tell the element type of an empty array'],
  },
  {
    code: 'E0214',
    behaviour: 'a string stored in a variable',
    program: 'enclave E { fn main() -> i64 { let _s = "hi"; return 0; } }',
    expected: ['E0214 1:41-1:45 a string can only be printed'],
  },
  {
    code: 'E0216',
    behaviour: 'an array literal of the wrong length',
    program: 'enclave E { fn main() -> i64 { let a: i64[3] = [1, 2]; return a[0]; } }',
    expected: ['E0216 1:48-1:54 expected 3 elements, found 2'],
  },
  {
    code: 'E0301',
    behaviour: 'calling a variable',
    program: 'enclave E { fn main() -> i64 { let f = 1; return f(); } }',
    expected: ['E0301 1:50-1:51 `f` is not a function'],
  },
  {
    code: 'E0302',
    behaviour: 'too many arguments to a local function',
    program: 'enclave E { fn main() -> i64 { return twice(1, 2); } fn twice(x: i64) -> i64 { return x * 2; } }',
    expected: ['E0302 1:39-1:50 `twice` takes 1 argument but 2 were given'],
  },
  {
    code: 'E0303',
    behaviour: 'an argument of the wrong type',
    program: 'enclave E { fn main() -> i64 { return twice(true); } fn twice(x: i64) -> i64 { return x * 2; } }',
    expected: ['E0303 1:45-1:49 mismatched types: `x` of `twice` is `i64`, found `bool`'],
  },
  {
    code: 'E0304',
    behaviour: 'an array argument of the wrong length',
    program: 'enclave E { fn main() -> i64 { var a: u32[8]; return sum(a); } fn sum(v: in u32[4]) -> i64 { return v[0] as i64; } }',
    expected: ['E0304 1:58-1:59 array length mismatch: `v` of `sum` is `u32[4]`, found `u32[8]`'],
  },
  {
    code: 'E0305',
    behaviour: 'a let passed to an out parameter',
    program: 'enclave E { fn main() -> i64 { let a: u32[4] = [0; 4]; fill(a); return 0; } fn fill(v: out u32[4]) { v[0] = 1; } }',
    expected: ['E0305 1:61-1:62 `v` is an `out` parameter, so its argument must be a mutable variable'],
  },
  {
    code: 'E0306',
    behaviour: 'an array parameter without a direction',
    program: 'enclave E { fn main() -> i64 { return 0; } fn f(v: u32[4]) {} }',
    expected: ['E0306 1:49-1:58 `v` is a `u32[4]` and needs a direction: `in`, `out` or `inout`'],
  },
  {
    code: 'E0307',
    behaviour: 'a direction on a scalar parameter',
    program: 'enclave E { fn main() -> i64 { return 0; } fn f(x: inout u64) {} }',
    expected: ['E0307 1:49-1:61 `inout` only applies to arrays and structs; `x` is a `u64`'],
  },
  {
    code: 'E0308',
    behaviour: 'a handle parameter of a server function',
    program: 'server T "t" { } server S "s" { fn f(h: server<T>) {} }',
    expected: ['E0308 1:38-1:50 server function `S.f` cannot take a handle'],
  },
  {
    code: 'E0309',
    behaviour: 'a function returning an array',
    program: 'enclave E { fn main() -> i64 { return 0; } fn f() -> u8[4] { return [0; 4]; } }',
    expected: ['E0309 1:54-1:59 functions return integers or `bool`; `u8[4]` cannot be returned'],
  },
  {
    code: 'E0310',
    behaviour: 'calling a function a server does not have',
    program: 'server S "s" { fn f() {} } enclave E { fn main() -> i64 { let s = acquire S; s.g(); return 0; } }',
    expected: ['E0310 1:80-1:81 server `S` has no function `g`'],
  },
  {
    code: 'E0311',
    behaviour: 'calling a private server function',
    program: 'server S "s" { private fn f() {} } enclave E { fn main() -> i64 { let s = acquire S; s.f(); return 0; } }',
    expected: ['E0311 1:88-1:89 `S.f` is private'],
  },
  {
    code: 'E0312',
    behaviour: 'the wrong number of arguments to a server function',
    program: 'server S "s" { fn f(a: u64) -> u64 { return a; } } enclave E { fn main() -> i64 { let s = acquire S; return s.f() as i64; } }',
    expected: ['E0312 1:109-1:114 `S.f` takes 1 argument but 0 were given'],
  },
  {
    code: 'E0313',
    behaviour: 'calling a function on an integer',
    program: 'enclave E { fn main() -> i64 { let x = 1; x.f(); return 0; } }',
    expected: ['E0313 1:43-1:44 `i64` has no functions to call'],
  },
  {
    code: 'E0314',
    behaviour: 'printing an array',
    program: 'enclave E { fn main() -> i64 { var a: u8[2]; print(a); return 0; } }',
    expected: ['E0314 1:52-1:53 `print` cannot print a `u8[2]`'],
  },
  {
    code: 'E0401',
    behaviour: 'an enclave without main',
    program: 'enclave E { fn start() -> i64 { return 0; } }',
    expected: ['E0401 1:9-1:10 enclave `E` has no `main` function'],
  },
  {
    code: 'E0402',
    behaviour: 'a main with the wrong signature',
    program: 'enclave E { fn main(x: i64) -> i64 { return x; } }',
    expected: ['E0402 1:16-1:20 `main` of enclave `E` must be `fn main() -> i64`'],
  },
  {
    code: 'E0403',
    behaviour: 'an empty registered name',
    program: 'server S "" { }',
    expected: ['E0403 1:10-1:12 the registered name of `S` is empty'],
  },
  {
    code: 'E0404',
    behaviour: 'a registered name used twice',
    program: 'server S "same" { } server T "same" { }',
    expected: ['E0404 1:30-1:36 the name "same" is already registered by another server'],
  },
  {
    code: 'E0406',
    behaviour: 'a section global with a computed initial value',
    program: 'enclave E { var g: i64 = peek64(0) as i64; fn main() -> i64 { return g; } }',
    expected: ['E0406 1:26-1:42 the initial value of a section global must be a constant'],
  },
  {
    code: 'E0407',
    behaviour: 'create inside an enclave',
    program: 'enclave F { fn main() -> i64 { return 0; } } enclave E { fn main() -> i64 { let _f = create F; return 0; } }',
    expected: ['E0407 1:86-1:94 `create` is only allowed in the host'],
  },
  {
    code: 'E0408',
    behaviour: 'acquire in the host',
    program: 'server S "s" { } host { let _s = acquire S; }',
    expected: ['E0408 1:34-1:43 `acquire` is only allowed in enclaves and servers'],
  },
  {
    code: 'E0409',
    behaviour: 'running a server',
    program: 'server S "s" { } host { let s = create S; print(run s); }',
    expected: ['E0409 1:49-1:54 cannot run a server'],
  },
  {
    code: 'E0410',
    behaviour: 'acquiring an enclave',
    program: 'enclave F { fn main() -> i64 { return 0; } } enclave E { fn main() -> i64 { let _f = acquire F; return 0; } }',
    expected: ['E0410 1:94-1:95 `F` is an enclave, not a server'],
  },
  {
    code: 'E0411',
    behaviour: 'servers that acquire each other',
    program: 'server A "a" { fn f() { let b = acquire B; b.g(); } } server B "b" { fn g() { let a = acquire A; a.f(); } }',
    expected: ['E0411 1:33-1:42 servers acquire each other in a cycle: `A` → `B` → `A`'],
  },
  {
    code: 'E0412',
    behaviour: 'two hosts',
    program: 'host { } host { }',
    expected: ['E0412 1:10-1:14 a program has only one `host`'],
  },
  {
    code: 'E0413',
    behaviour: 'destroying an integer',
    program: 'host { let x = 1; destroy x; }',
    expected: ['E0413 1:27-1:28 `destroy` needs an enclave or server handle, found `i64`'],
  },
  {
    code: 'E0501',
    behaviour: 'a function that can end without returning',
    program: 'enclave E { fn main() -> i64 { if true { return 1; } } }',
    expected: ['E0501 1:26-1:29 `main` must return an `i64` on every path'],
  },
  {
    code: 'E0502',
    behaviour: 'break outside a loop',
    program: 'enclave E { fn main() -> i64 { break; return 0; } }',
    expected: ['E0502 1:32-1:38 `break` outside of a loop'],
  },
  {
    code: 'E0503',
    behaviour: 'return without a value in a function with a result',
    program: 'enclave E { fn main() -> i64 { return; } }',
    expected: ['E0503 1:32-1:39 `main` must return an `i64`'],
  },
  {
    code: 'E0504',
    behaviour: 'assigning to a let',
    program: 'enclave E { fn main() -> i64 { let x = 1; x = 2; return x; } }',
    expected: ['E0504 1:43-1:44 cannot assign to `x`'],
  },
  {
    code: 'E0506',
    behaviour: 'a var with neither type nor value',
    program: 'server S "s" { var g; }',
    expected: ['E0506 1:20-1:21 `g` needs a type or an initial value'],
  },
  {
    code: 'W0101',
    behaviour: 'a variable that is never read',
    program: 'enclave E { fn main() -> i64 { let x = 1; return 0; } }',
    expected: ['W0101 1:36-1:37 unused variable `x`'],
  },
  {
    code: 'W0102',
    behaviour: 'code after return',
    program: 'enclave E { fn main() -> i64 { return 0; print("never"); } }',
    expected: ['W0102 1:42-1:57 unreachable code'],
  },
];

describe('each checker diagnostic code', () => {
  for (const { code, behaviour, program, expected } of cases) {
    it(`reports ${code} for ${behaviour}`, () => {
      expect(diagnosticsOf(program)).toEqual(expected);
    });
  }
});
