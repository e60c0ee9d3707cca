// Diagnostics render in the rustc/Elm form of DESIGN.md §2: header, location, gutter, the source
// line, carets under the span with the label, a hint line and note blocks. No colours.
import { describe, expect, it } from 'vitest';
import { makeDiagnostic, spanOf } from '../../grammar/diagnostic.js';
import { renderDiagnostic, renderDiagnostics } from '../../compiler/diagnostics/render.js';
import { check } from './check-harness.js';

const serverChain = `server Adder "test-server" {
  fn fill(tag: u64, nums: inout u32[4096]) -> u64 { return tag; }
}

server Relay "test-server1" {
  fn fill(tag: u64, nums: inout u32[4096]) -> u64 { return tag; }
}

enclave Caller {
  fn main() -> i64 {
    var nums: u32[4096];
    let s = acquire Relay;
    let v = s.fill(0x19960000, nums, 4);
    return v as i64;
  }
}
`;

describe('rendering diagnostics as text', () => {
  it('renders the DESIGN.md server-call arity error exactly', () => {
    const result = check(serverChain, 'samples/server-chain/main.pen');
    expect(result.diagnostics).toHaveLength(1);
    expect(renderDiagnostic(result.diagnostics[0], serverChain)).toBe(
      [
        'error[E0312]: `Relay.fill` takes 2 arguments but 3 were given',
        '  --> samples/server-chain/main.pen:13:13',
        '   |',
        '13 |     let v = s.fill(0x19960000, nums, 4);',
        '   |             ^^^^^^^^^^^^^^^^^^^^^^^^^^^ expected (tag: u64, nums: inout u32[4096])',
        '   |',
        'note: `fill` is declared here',
        '  --> samples/server-chain/main.pen:6:6',
        '',
      ].join('\n'),
    );
  });

  it('renders a hint line and omits the trailing gutter when there is neither hint nor note', () => {
    const text = 'enclave E { fn main() -> i64 { let x: u8 = 300; return x; } }';
    const [d] = check(text, 'a.pen').diagnostics;
    expect(renderDiagnostic(d, text)).toBe(
      [
        'error[E0203]: literal `300` does not fit in `u8`',
        ' --> a.pen:1:44',
        '  |',
        '1 | enclave E { fn main() -> i64 { let x: u8 = 300; return x; } }',
        '  |                                            ^^^ `u8` holds 0..=255',
        '',
      ].join('\n'),
    );
    const warning = makeDiagnostic('W0101', 'unused variable `y`', spanOf('a.pen', 'let y = 1;', 4, 5), {
      severity: 'warning',
      label: 'never read',
      hint: 'remove it',
    });
    expect(renderDiagnostic(warning, 'let y = 1;')).toBe(
      ['warning[W0101]: unused variable `y`', ' --> a.pen:1:5', '  |', '1 | let y = 1;', '  |     ^ never read', '  |', '  = hint: remove it', ''].join('\n'),
    );
  });

  it('puts one caret at a zero-width span and aligns carets after tabs', () => {
    const text = '\tlet x = 1\n';
    const d = makeDiagnostic('E0001', 'expected `;` after this statement, found end of file', spanOf('t.pen', text, 10, 10));
    expect(renderDiagnostic(d, text)).toBe(
      ['error[E0001]: expected `;` after this statement, found end of file', ' --> t.pen:1:11', '  |', '1 |     let x = 1', '  |              ^', ''].join('\n'),
    );
  });

  it('marks a span that runs over several lines up to the end of its first line', () => {
    const text = 'a = (1 +\n  2);';
    const d = makeDiagnostic('E0201', 'm', spanOf('m.pen', text, 4, 13), { label: 'here' });
    expect(renderDiagnostic(d, text)).toBe(['error[E0201]: m', ' --> m.pen:1:5', '  |', '1 | a = (1 +', '  |     ^^^^ here', ''].join('\n'));
  });

  it('renders several diagnostics against their own files, separated by blank lines', () => {
    const a = makeDiagnostic('E0101', 'one', spanOf('a.pen', 'xyz', 0, 3));
    const b = makeDiagnostic('E0101', 'two', spanOf('b.pen', 'q', 0, 1));
    const text = renderDiagnostics([a, b], new Map([['a.pen', 'xyz'], ['b.pen', 'q']]));
    expect(text).toBe(
      ['error[E0101]: one', ' --> a.pen:1:1', '  |', '1 | xyz', '  | ^^^', '', 'error[E0101]: two', ' --> b.pen:1:1', '  |', '1 | q', '  | ^', ''].join('\n'),
    );
  });
});
