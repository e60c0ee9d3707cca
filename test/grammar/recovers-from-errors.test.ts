// One mistake does not hide the next: every error in a file is reported, and the tree keeps
// everything the parser could still read (so the checker and the editor keep working).
import { describe, expect, it } from 'vitest';
import { parse } from '../../grammar/index.js';
import { diagnosticLines, outline } from './outline.js';

function check(source: string) {
  const { program, diagnostics } = parse(source, 'broken.pen');
  return { tree: outline(program), errors: diagnosticLines(diagnostics) };
}

describe('error recovery', () => {
  it('reports several errors in one file and still builds the tree', () => {
    const source = [
      'server Adder {',                         // 1: registered name missing
      '  fn fill(tag: u64, nums: inout u32[4096]) -> u64 {',
      '    var sum: u64 = tag',                  // 3: `;` missing
      '    sum += ;',                            // 4: expression missing
      '    return sum;',
      '  }',
      '}',
      'enclave Caller {',
      '  fn main() -> i64 { let s = acquire Adder; return s.fill(1, x); }',
      '}',
    ].join('\n');
    const { tree, errors } = check(source);
    expect(errors).toEqual([
      'E0001 1:14-1:15 expected the server\'s registered name (a string such as `"adder"`), found `{`',
      'E0001 3:23-3:23 expected `;` after this statement, found `sum`',
      'E0001 4:12-4:13 expected an expression, found `;`',
    ]);
    expect(tree).toBe(
      '(server Adder _ (fn fill ((tag u64) (nums inout (array u32 4096))) -> u64 {(var sum u64 tag) (+= sum <error>) (return sum)}))\n' +
        '(enclave Caller (fn main () -> i64 {(let s _ (acquire Adder)) (return (method s fill 1 x))}))',
    );
  });

  it('skips stray tokens between declarations and between members', () => {
    const { tree, errors } = check('garbage here\nserver S "s" { fn f() {} ) fn g() {} }\n} host { }');
    expect(errors).toEqual([
      'E0001 1:1-1:8 expected a declaration (`server`, `enclave`, `host`, `test`, `struct`, `const` or `import`), found `garbage`',
      'E0001 2:26-2:27 expected `fn`, `private fn`, `var`, `let`, `const` or `}`, found `)`',
      'E0001 3:1-3:2 expected a declaration (`server`, `enclave`, `host`, `test`, `struct`, `const` or `import`), found `}`',
    ]);
    expect(tree).toBe('(server S "s" (fn f () {}) (fn g () {}))\n(host)');
  });

  it('keeps the functions above the cursor when the file ends in the middle of one', () => {
    const { tree, errors } = check('enclave E {\n  fn a() -> u8 { return 1; }\n  fn b() { if x { let y = 1;');
    expect(errors).toEqual(['E0013 3:17-3:18 this `{` is never closed', 'E0001 3:29-3:29 expected a statement or `}`, found end of file']);
    expect(tree).toBe('(enclave E (fn a () -> u8 {(return 1)}) (fn b () {(if x {(let y _ 1)})}))');
  });

  it('keeps a function whose parameter list is cut off', () => {
    const { tree, errors } = check('enclave E { fn a() { } fn b(x: u8, ');
    expect(errors).toEqual(['E0013 1:11-1:12 this `{` is never closed', 'E0001 1:35-1:35 expected a parameter or `)`, found end of file']);
    expect(tree).toBe('(enclave E (fn a () {}) (fn b ((x u8)) _))');
  });

  it('skips a parameter list gone wrong to its `)`, or to the `->` or `{` after it, and keeps the rest of the section', () => {
    const { tree, errors } = check(
      [
        'server S "s" {',
        '  fn g(a: u64 b: u64, (c), [d]) -> u64 { return a; }', // junk, then `)`
        '  fn h(a: u64 b: u64 -> u64 { return a; }', //          junk, `)` missing
        '  fn k(a: u64 { return; }', //                         only `)` missing
        '  fn m() -> u64 { return 1; }',
        '}',
      ].join('\n'),
    );
    expect(errors).toEqual([
      'E0001 2:15-2:16 expected `,` or `)`, found `b`',
      'E0001 3:15-3:16 expected `,` or `)`, found `b`',
      'E0001 4:15-4:16 expected `,` or `)`, found `{`',
    ]);
    expect(tree).toBe(
      '(server S "s" (fn g ((a u64)) -> u64 {(return a)}) (fn h ((a u64)) -> u64 {(return a)}) (fn k ((a u64)) {(return)}) (fn m () -> u64 {(return 1)}))',
    );
  });

  it('reads a direction written before the parameter name as meant, with E0011', () => {
    const { tree, errors } = check('server S "s" { fn f(inout v: u32[4], in w: u8[2], x: u64) { } fn g(out a: inout u8[1]) { } }');
    expect(errors).toEqual([
      'E0011 1:21-1:26 a parameter\'s direction goes after its name: `v: inout ...`, not `inout v: ...`',
      'E0011 1:38-1:40 a parameter\'s direction goes after its name: `w: in ...`, not `in w: ...`',
      'E0011 1:68-1:71 a parameter\'s direction goes after its name: `a: out ...`, not `out a: ...`',
    ]);
    expect(tree).toBe('(server S "s" (fn f ((v inout (array u32 4)) (w in (array u8 2)) (x u64)) {}) (fn g ((a inout (array u8 1))) {}))');
  });

  it('reports missing separators in argument and field lists', () => {
    const { tree, errors } = check('struct P { x: i32 y: i32 }\nhost { print("a" "b"); f(1 2); }');
    expect(errors).toEqual([
      'E0001 1:19-1:20 expected `,` or `}` after this field, found `y`',
      'E0001 2:18-2:21 expected `,` or `)`, found `"b"`',
      'E0001 2:28-2:29 expected `,` or `)`, found `2`',
    ]);
    expect(tree).toBe('(struct P (x i32))\n(host (expr (call print "a")) (expr (call f 1)))');
  });

  it('rejects assignment to something that is not a place (E0008)', () => {
    const { tree, errors } = check('host { 1 = 2; f() += 1; a.b[2] = 3; }');
    expect(errors).toEqual([
      'E0008 1:8-1:9 cannot assign to this expression',
      'E0008 1:15-1:18 cannot assign to this expression',
    ]);
    expect(tree).toBe('(host (= 1 2) (+= (call f) 1) (= (index (field a b) 2) 3))');
  });

  it('rejects chained comparisons but allows parenthesised ones (E0009)', () => {
    const { errors } = check('host { let a = x < y < z; let b = x == y != z; let c = (x < y) == z; let d = x < y && y < z; }');
    expect(errors).toEqual([
      'E0009 1:16-1:25 comparison operators cannot be chained',
      'E0009 1:35-1:46 comparison operators cannot be chained',
    ]);
  });

  it('inserts a missing `{` and keeps the statement', () => {
    // The `}` the user wrote now closes the inserted block, so the host lacks one at the end.
    const { tree, errors } = check('host { while x y = 1; }');
    expect(errors).toEqual([
      'E0001 1:16-1:17 expected `{` to start a block, found `y`',
      'E0001 1:24-1:24 expected a statement, `fn` or `}`, found end of file',
    ]);
    expect(tree).toBe('(host (while x {(= y 1)}))');
  });

  it('cuts out nesting deeper than the limit instead of overflowing the stack (E0010)', () => {
    // Depth 128 is the host's `{` plus 127 parentheses; the 128th parenthesis and its contents go.
    const { tree, errors } = check('host { x = ' + '('.repeat(5000) + '1' + ')'.repeat(5000) + '; }');
    expect(errors).toEqual([
      'E0010 1:139-1:140 nesting is deeper than 128 levels',
      'E0001 1:9886-1:9887 expected an expression, found `)`',
    ]);
    expect(tree).toBe('(host (= x <error>))');
  });

  it('cuts long prefix-operator chains and deep blocks the same way', () => {
    expect(check('host { x = ' + '-'.repeat(20000) + '1; }').errors).toEqual(['E0010 1:139-1:140 nesting is deeper than 128 levels']);
    expect(check('host ' + '{'.repeat(20000) + '}'.repeat(20000)).errors).toEqual(['E0010 1:134-1:135 nesting is deeper than 128 levels']);
  });

  it('parses long else-if chains without recursion', () => {
    const { tree, errors } = check('host { if a {} ' + 'else if x {} '.repeat(3000) + 'else { y = 1; } }');
    expect(errors).toEqual([]);
    expect(tree.endsWith('(if x {} else {(= y 1)})' + ')'.repeat(3000) + ')')).toBe(true);
  });

  it('returns an empty program for empty input', () => {
    expect(check('')).toEqual({ tree: '', errors: [] });
    expect(check('  // only a comment\n')).toEqual({ tree: '', errors: [] });
  });
});
