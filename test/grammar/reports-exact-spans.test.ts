// Spans are exact: offsets are UTF-16 units (end exclusive), lines and columns 1-based.
import { describe, expect, it } from 'vitest';
import { LineIndex, parse, spanOf, type SourceSpan } from '../../grammar/index.js';

const at = (s: SourceSpan) => `${s.startLine}:${s.startCol}-${s.endLine}:${s.endCol} [${s.start},${s.end})`;

describe('node spans', () => {
  const source = 'enclave Caller {\n  fn main() -> i64 {\n    let v = s.fill(0x19960000, nums, 4);\n    return v;\n  }\n}\n';
  const { program } = parse(source, 'samples/main.pen');
  const enclave = program.items[0] as any;
  const main = enclave.members[0];
  const letStmt = main.body.statements[0];

  it('covers the whole file for the program', () => {
    expect(at(program.span)).toBe(`1:1-7:1 [0,${source.length})`);
    expect(program.span.file).toBe('samples/main.pen');
  });

  it('covers a declaration from its keyword to its closing brace', () => {
    expect(at(enclave.span)).toBe('1:1-6:2 [0,98)');
    expect(at(enclave.name.span)).toBe('1:9-1:15 [8,14)');
    expect(at(main.span)).toBe('2:3-5:4 [19,96)');
    expect(at(main.name.span)).toBe('2:6-2:10 [22,26)');
    expect(at(main.returnType.span)).toBe('2:16-2:19 [32,35)');
  });

  it('covers a statement including its semicolon and an expression without it', () => {
    expect(at(letStmt.span)).toBe('3:5-3:41 [42,78)');
    expect(at(letStmt.init.span)).toBe('3:13-3:40 [50,77)');
    expect(at(letStmt.init.method.span)).toBe('3:15-3:19 [52,56)');
    expect(at(letStmt.init.args[0].span)).toBe('3:20-3:30 [57,67)');
  });

  it('covers a binary expression from its left operand to its right one, parentheses included', () => {
    const { program: p } = parse('host { x = (a + b) * c; }', 't.pen');
    const assign = (p.items[0] as any).members[0];
    expect(at(assign.value.span)).toBe('1:12-1:23 [11,22)');
    expect(at(assign.value.left.span)).toBe('1:12-1:19 [11,18)');
    expect(at(assign.value.left.left.span)).toBe('1:13-1:14 [12,13)');
  });
});

describe('diagnostic spans', () => {
  it('puts a missing semicolon just after the previous token', () => {
    const { diagnostics } = parse('host {\n  let x = 1\n  let y = 2;\n}', 't.pen');
    expect(diagnostics.map((d) => [d.code, d.message, at(d.span)])).toEqual([
      ['E0001', 'expected `;` after this statement, found the keyword `let`', '2:12-2:12 [18,18)'],
    ]);
  });

  it('points at the offending token', () => {
    const { diagnostics } = parse('host {\n  let x = );\n}', 't.pen');
    expect(diagnostics.map((d) => [d.code, d.message, at(d.span), d.label])).toEqual([
      ['E0001', 'expected an expression, found `)`', '2:11-2:12 [17,18)', 'expected an expression'],
    ]);
  });

  it('points just after the last token when the file ends early', () => {
    const { diagnostics } = parse('enclave E { fn f() {', 't.pen');
    expect(diagnostics.map((d) => [d.message, at(d.span)])).toEqual([
      ['this `{` is never closed', '1:20-1:21 [19,20)'],
      ['expected a statement or `}`, found end of file', '1:21-1:21 [20,20)'],
    ]);
  });
});

describe('line index', () => {
  it('counts \\n, \\r\\n and a lone \\r as line breaks, as LSP does', () => {
    const index = new LineIndex('a\nb\r\nc\rd');
    expect([0, 2, 5, 7].map((o) => index.position(o))).toEqual([
      { line: 1, col: 1 }, { line: 2, col: 1 }, { line: 3, col: 1 }, { line: 4, col: 1 },
    ]);
    expect(index.position(3)).toEqual({ line: 2, col: 2 }); // the \r of \r\n ends line 2
  });

  it('counts columns in UTF-16 code units', () => {
    expect(at(spanOf('f', '// é😀\nx', 4, 6))).toBe('1:5-1:7 [4,6)'); // the emoji is two units
    expect(at(spanOf('f', '// é😀\nx', 7, 8))).toBe('2:1-2:2 [7,8)');
  });

  it('clamps offsets outside the text', () => {
    expect(at(spanOf('f', 'abc', -4, 99))).toBe('1:1-1:4 [0,3)');
    expect(at(spanOf('f', '', 0, 0))).toBe('1:1-1:1 [0,0)');
  });
});
