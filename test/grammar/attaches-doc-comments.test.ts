// `///` comments are kept on the declaration that follows them.
import { describe, expect, it } from 'vitest';
import { parse } from '../../grammar/index.js';

describe('doc comments', () => {
  const source = [
    '/// Adds numbers.',
    '///   Second line keeps its indent.',
    'server Adder "adder" {',
    '  /// Calls served.',
    '  var calls: u64 = 0;',
    '  /// Fills the buffer.',
    '  private fn fill() { }',
    '}',
    '/// A point.',
    'struct P {',
    '  /// Horizontal.',
    '  x: i32,',
    '}',
    '//// four slashes: an ordinary comment',
    'host { }',
  ].join('\n');
  const { program, diagnostics } = parse(source, 'doc.pen');
  const server = program.items[0] as any;

  it('attaches adjacent lines to the next declaration', () => {
    expect(server.doc).toBe('Adds numbers.\n  Second line keeps its indent.');
    expect(server.members.map((m: any) => m.doc)).toEqual(['Calls served.', 'Fills the buffer.']);
    expect((program.items[1] as any).doc).toBe('A point.');
    expect((program.items[1] as any).fields[0].doc).toBe('Horizontal.');
    expect((program.items[2] as any).doc).toBeUndefined();
    expect(diagnostics).toEqual([]);
  });

  it('warns about a doc comment that documents nothing (W0001)', () => {
    const { diagnostics: d } = parse('host {\n  /// dangling\n  x = 1;\n}', 'doc.pen');
    expect(d.map((x) => [x.code, x.severity, x.message, x.span.startLine, x.span.startCol, x.span.endCol])).toEqual([
      ['W0001', 'warning', 'this doc comment documents nothing', 2, 3, 15],
    ]);
  });
});
