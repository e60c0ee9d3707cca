// Every construct of the language parses to the expected tree (grammar/README.md).
import { describe, expect, it } from 'vitest';
import { parse } from '../../grammar/index.js';
import { outline } from './outline.js';

/** Parses a whole file and expects no diagnostics. */
function tree(source: string): string {
  const { program, diagnostics } = parse(source, 'test.pen');
  expect(diagnostics).toEqual([]);
  return outline(program);
}

/** Parses statements as the body of a host section. */
function body(statements: string): string {
  return tree(`host { ${statements} }`).replace(/^\(host /, '').replace(/\)$/, '');
}

/** Parses one expression as `let e = <expression>;` in a host section. */
function expression(source: string): string {
  return body(`let e = ${source};`).replace(/^\(let e _ /, '').replace(/\)$/, '');
}

describe('top-level declarations', () => {
  it('parses an import', () => {
    expect(tree('import "other.pen";')).toBe('(import "other.pen")');
  });

  it('parses constants with and without a type', () => {
    expect(tree('const LIMIT: u64 = 4096; const N = LIMIT / 2;')).toBe('(const LIMIT u64 4096)\n(const N _ (/ LIMIT 2))');
  });

  it('parses a struct with a trailing comma', () => {
    expect(tree('struct Point { x: i32, y: i32, }')).toBe('(struct Point (x i32) (y i32))');
  });

  it('parses an empty struct', () => {
    expect(tree('struct Empty {}')).toBe('(struct Empty)');
  });

  it('parses a server with globals, public and private functions', () => {
    const source = `server Adder "test-server" {
      var calls: u64 = 0;
      let base = 7;
      const K: u32 = 2;
      fn fill(tag: u64, nums: inout u32[4096]) -> u64 { return tag; }
      private fn helper(x: u64) -> u64 { return x; }
    }`;
    expect(tree(source)).toBe(
      '(server Adder "test-server" (var calls u64 0) (let base _ 7) (const K u32 2)' +
        ' (fn fill ((tag u64) (nums inout (array u32 4096))) -> u64 {(return tag)})' +
        ' (private fn helper ((x u64)) -> u64 {(return x)}))',
    );
  });

  it('parses an enclave with several functions', () => {
    expect(tree('enclave Caller { fn main() -> i64 { return 0; } fn other(a: i64) -> i64 { return a; } }')).toBe(
      '(enclave Caller (fn main () -> i64 {(return 0)}) (fn other ((a i64)) -> i64 {(return a)}))',
    );
  });

  it('parses a host that mixes functions and statements', () => {
    expect(tree('host { fn helper() -> u64 { return 1; } let c = create Caller; print("x ", run c); }')).toBe(
      '(host (fn helper () -> u64 {(return 1)}) (let c _ (create Caller)) (expr (call print "x " (run c))))',
    );
  });

  it('parses a test block', () => {
    expect(tree('test "adds" { assert(1 + 1 == 2); assert_eq(x, 3); }')).toBe(
      '(test "adds" {(expr (call assert (== (+ 1 1) 2))) (expr (call assert_eq x 3))})',
    );
  });

  it('parses a function without return type and with all parameter directions', () => {
    expect(tree('enclave E { fn f(a: u8, b: in P, c: out u8[2], d: inout u8[2],) { } }')).toBe(
      '(enclave E (fn f ((a u8) (b in P) (c out (array u8 2)) (d inout (array u8 2))) {}))',
    );
  });
});

describe('types', () => {
  it('parses every primitive type', () => {
    expect(body('var a: u8; var b: u16; var c: u32; var d: u64; var e: i8; var f: i16; var g: i32; var h: i64; var i: bool;')).toBe(
      '(var a u8 _) (var b u16 _) (var c u32 _) (var d u64 _) (var e i8 _) (var f i16 _) (var g i32 _) (var h i64 _) (var i bool _)',
    );
  });

  it('reads nested array types in C order: u32[4][8] is 4 arrays of u32[8]', () => {
    expect(body('var m: u32[4][N * 2];')).toBe('(var m (array (array u32 (* N 2)) 4) _)');
  });

  it('parses handle and struct types', () => {
    expect(body('let s: server<Adder> = acquire Adder; let e: enclave<Caller> = create Caller; var p: Point;')).toBe(
      '(let s server<Adder> (acquire Adder)) (let e enclave<Caller> (create Caller)) (var p Point _)',
    );
  });
});

describe('statements', () => {
  it('parses every form of let and var', () => {
    expect(body('let a = 1; let b: u8 = 2; var c: u8; var d: u8 = 3; var e = 4;')).toBe(
      '(let a _ 1) (let b u8 2) (var c u8 _) (var d u8 3) (var e _ 4)',
    );
  });

  it('parses assignment and every compound assignment', () => {
    expect(body('x = 1; x += 1; x -= 1; x *= 1; x /= 1; x %= 1; x &= 1; x |= 1; x ^= 1; x <<= 1; x >>= 1;')).toBe(
      '(= x 1) (+= x 1) (-= x 1) (*= x 1) (/= x 1) (%= x 1) (&= x 1) (|= x 1) (^= x 1) (<<= x 1) (>>= x 1)',
    );
  });

  it('assigns to elements and fields', () => {
    expect(body('a[i] = 1; p.x = 2; a[i][j].f += 3;')).toBe(
      '(= (index a i) 1) (= (field p x) 2) (+= (field (index (index a i) j) f) 3)',
    );
  });

  it('parses if, else if and else without parentheses', () => {
    expect(body('if a { x = 1; } else if b { x = 2; } else { x = 3; }')).toBe(
      '(if a {(= x 1)} else (if b {(= x 2)} else {(= x 3)}))',
    );
  });

  it('parses while and for loops with break and continue', () => {
    expect(body('while i < 10 { i += 1; continue; } for i in 0..n + 1 { break; }')).toBe(
      '(while (< i 10) {(+= i 1) continue}) (for i 0 (+ n 1) {break})',
    );
  });

  it('parses return with and without a value', () => {
    expect(tree('enclave E { fn f() { return; } fn g() -> u8 { return 1; } }')).toBe(
      '(enclave E (fn f () {(return)}) (fn g () -> u8 {(return 1)}))',
    );
  });

  it('parses nested blocks and the lifecycle statements', () => {
    expect(body('{ { } } destroy c; stop c; resume handles[0];')).toBe('{{}} (destroy c) (stop c) (expr (resume (index handles 0)))');
  });

  it('parses local constants', () => {
    expect(body('const N: u32 = 3;')).toBe('(const N u32 3)');
  });
});

describe('expressions', () => {
  it('gives each binary operator its precedence, loosest first', () => {
    expect(expression('a || b && c | d ^ e & f == g < h << i + j * k')).toBe(
      '(|| a (&& b (| c (^ d (& e (== f (< g (<< h (+ i (* j k))))))))))',
    );
  });

  it('makes operators of one level left-associative', () => {
    expect(expression('a - b - c')).toBe('(- (- a b) c)');
    expect(expression('a / b * c % d')).toBe('(% (* (/ a b) c) d)');
    expect(expression('a << b >> c')).toBe('(>> (<< a b) c)');
  });

  it('binds casts tighter than * and looser than unary operators', () => {
    expect(expression('-x as u32 * y as u32')).toBe('(* (as (- x) u32) (as y u32))');
    expect(expression('x as u8 as u64')).toBe('(as (as x u8) u64)');
  });

  it('parses unary operators', () => {
    expect(expression('-!~x')).toBe('(- (! (~ x)))');
  });

  it('parses postfix chains: calls, index, field and method calls', () => {
    expect(expression('f(a, b)[0].x.g(1,)')).toBe('(method (field (index (call f a b) 0) x) g 1)');
    expect(expression('s.fill(0x19960000, nums)')).toBe('(method s fill 0x19960000 nums)');
    expect(expression('f()')).toBe('(call f)');
  });

  it('parses parentheses without leaving a node', () => {
    expect(expression('(a + b) * c')).toBe('(* (+ a b) c)');
  });

  it('parses integer literals in every base with separators', () => {
    const values = parse('host { f(0, 1_000, 0xFF_ff, 0b1010, 18446744073709551615); }', 't.pen').program;
    const call = (values.items[0] as any).members[0].expr;
    expect(call.args.map((a: any) => a.value)).toEqual([0n, 1000n, 0xffffn, 10n, 18446744073709551615n]);
  });

  it('parses booleans and decodes string escapes', () => {
    expect(expression('[true, false]')).toBe('[true false]');
    const s = (parse('host { let s = "a\\n\\t\\\\\\"\\0\\x41"; }', 't.pen').program.items[0] as any).members[0].init;
    expect(s.value).toBe('a\n\t\\"\0A');
    expect(s.raw).toBe('"a\\n\\t\\\\\\"\\0\\x41"');
  });

  it('parses array literals and repeat arrays', () => {
    expect(expression('[1, 2, 3,]')).toBe('[1 2 3]');
    expect(expression('[]')).toBe('[]');
    expect(expression('[0; 16]')).toBe('[0; 16]');
  });

  it('parses the keyword expressions', () => {
    expect(expression('create Caller')).toBe('(create Caller)');
    expect(expression('acquire Relay')).toBe('(acquire Relay)');
    expect(expression('run c + 1')).toBe('(+ (run c) 1)');
    expect(expression('!run c for 1000 && ok')).toBe('(&& (! (run c 1000)) ok)');
    expect(expression('resume c for n * 2')).toBe('(* (resume c n) 2)');
    expect(expression('resume c')).toBe('(resume c)');
    expect(expression('-run run c')).toBe('(- (run (run c)))');
    expect(expression('attest c')).toBe('(attest c)');
    expect(expression('attest c with nonce + 1')).toBe('(+ (attest c nonce) 1)');
  });

  it('treats builtins as ordinary calls', () => {
    expect(body('print("v ", hex(peek64(a))); poke8(a, 1);')).toBe('(expr (call print "v " (call hex (call peek64 a)))) (expr (call poke8 a 1))');
  });
});

describe('the DESIGN.md sample', () => {
  it('parses the whole server-chain program without diagnostics', () => {
    const source = `
server Adder "test-server" {
  fn fill(tag: u64, nums: inout u32[4096]) -> u64 {
    var sum: u64 = tag;
    for i in 0..4096 { sum += nums[i]; nums[i] = 2; }
    print("server sum ", sum);
    return 2;
  }
}
server Relay "test-server1" {
  fn fill(tag: u64, nums: inout u32[4096]) -> u64 {
    for i in 0..4096 { nums[i] += 1; }
    let next = acquire Adder;
    next.fill(tag + 0x1000, nums);
    return 3;
  }
}
enclave Caller {
  fn main() -> i64 {
    var nums: u32[4096];
    for i in 0..4096 { nums[i] = 1; }
    let s = acquire Relay;
    let v = s.fill(0x19960000, nums);
    print("resp ", v);
    return 0;
  }
}
host {
  let a = create Adder;
  let r = create Relay;
  let c = create Caller;
  print("caller returned ", run c);
  destroy r;
  destroy a;
}`;
    expect(tree(source).split('\n').map((line) => line.slice(0, 40))).toEqual([
      '(server Adder "test-server" (fn fill ((t',
      '(server Relay "test-server1" (fn fill ((',
      '(enclave Caller (fn main () -> i64 {(var',
      '(host (let a _ (create Adder)) (let r _ ',
    ]);
  });
});
