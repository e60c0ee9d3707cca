// Lexical mistakes get their own codes (E0002-E0007), exact spans, and do not stop parsing.
import { describe, expect, it } from 'vitest';
import { parse } from '../../grammar/index.js';
import { diagnosticLines, outline } from './outline.js';

const check = (source: string) => {
  const { program, diagnostics } = parse(source, 'lex.pen');
  return { tree: outline(program), errors: diagnosticLines(diagnostics) };
};

describe('lexical diagnostics', () => {
  it('reports an unterminated string (E0002) once and parses the next line normally', () => {
    expect(check('host {\n  print("abc);\n  x = 1;\n}')).toEqual({
      errors: ['E0002 2:9-2:15 unterminated string literal'],
      tree: '(host <error> (= x 1))',
    });
  });

  it('reports invalid characters (E0003), one diagnostic per run', () => {
    // The parse errors the missing text causes next to each run are not reported again.
    expect(check('host { x = 1 @ 2; y = é€; }').errors).toEqual([
      'E0003 1:14-1:15 invalid character `@`',
      'E0003 1:23-1:25 invalid characters `é€`',
    ]);
  });

  it('reports bytes that were not UTF-8 (decoded as U+FFFD) in strings and comments too (E0003)', () => {
    const text = new TextDecoder().decode(Buffer.from('host {\n  print("ok\xff");\n  // caf\xe9\n  x = 1;\n}\n', 'latin1'));
    expect(check(text)).toEqual({
      errors: ['E0003 2:12-2:13 bytes that are not valid UTF-8 text', 'E0003 3:9-3:10 bytes that are not valid UTF-8 text'],
      tree: '(host (expr (call print "ok\uFFFD")) (= x 1))',
    });
  });

  it('reports malformed number literals (E0004)', () => {
    expect(check('host { f(0x, 0b102, 12ab, 1_000, 0xfg); }').errors).toEqual([
      'E0004 1:10-1:12 malformed hexadecimal number literal `0x`',
      'E0004 1:14-1:19 malformed binary number literal `0b102`',
      'E0004 1:21-1:25 malformed decimal number literal `12ab`',
      'E0004 1:34-1:38 malformed hexadecimal number literal `0xfg`',
    ]);
  });

  it('reports an unterminated block comment (E0005) at its opening', () => {
    expect(check('host { }\n/* never\nclosed').errors).toEqual(['E0005 2:1-2:3 unterminated block comment']);
  });

  it('reports unknown escapes (E0006) at the escape itself', () => {
    expect(check('host { print("a\\qb\\x4"); }').errors).toEqual([
      'E0006 1:16-1:18 unknown escape sequence `\\q`',
      'E0006 1:19-1:21 `\\x` must be followed by exactly two hex digits',
    ]);
  });

  it('reports literals wider than 64 bits (E0007)', () => {
    expect(check('host { x = 18446744073709551616; y = 0xffff_ffff_ffff_ffff; }').errors).toEqual([
      'E0007 1:12-1:32 number literal `18446744073709551616` does not fit in 64 bits',
    ]);
  });

  it('skips comments of every kind', () => {
    expect(check('host { /* a */ x = 1; // b\n /// c\n y = /* d */ 2; }').tree).toBe('(host (= x 1) (= y 2))');
  });

  it('reserves keywords: a keyword is not a name', () => {
    const { diagnostics } = parse('host { let fn = 1; }', 'lex.pen');
    expect(diagnosticLines(diagnostics)[0]).toBe('E0001 1:12-1:14 expected a name, found the keyword `fn`');
    expect(diagnostics[0].hint).toBe('`fn` is a reserved word; choose another name');
  });
});

describe('tokens', () => {
  it('returns every token with its kind, category and exact offsets, comments included', () => {
    const { tokens } = parse('let x: u8 = 0x1f; // hi\n@', 't.pen');
    expect(tokens.map((t) => [t.kind, t.category, t.text, t.start, t.end])).toEqual([
      ['Let', 'keyword', 'let', 0, 3],
      ['Identifier', 'identifier', 'x', 4, 5],
      ['Colon', 'punctuation', ':', 5, 6],
      ['Type_u8', 'type', 'u8', 7, 9],
      ['Equals', 'operator', '=', 10, 11],
      ['IntegerLiteral', 'number', '0x1f', 12, 16],
      ['Semicolon', 'punctuation', ';', 16, 17],
      ['LineComment', 'comment', '// hi', 18, 23],
      ['InvalidCharacters', 'invalid', '@', 24, 25],
    ]);
  });
});
