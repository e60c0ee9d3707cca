// Imports are resolved relative to the importing file, each file is loaded once, and a missing
// file or a cycle is a diagnostic at the import that causes it.
import { describe, expect, it } from 'vitest';
import { checkProgram, checkSource } from '../../compiler/check/index.js';
import { describe1, memoryHost } from './check-harness.js';

describe('imports', () => {
  it('brings in servers and constants from a file next to the importer', () => {
    const result = checkProgram('app/main.pen', memoryHost({
      'app/main.pen': 'import "lib/adder.pen";\nenclave E { fn main() -> i64 { let a = acquire Adder; return a.add(WIDTH) as i64; } }\n',
      'app/lib/adder.pen': 'import "consts.pen";\nserver Adder "adder" { fn add(x: u64) -> u64 { return x + 1; } }\n',
      'app/lib/consts.pen': 'const WIDTH: u64 = 8;\n',
    }));
    expect(result.diagnostics.map(describe1)).toEqual([]);
    expect(result.programs.map((p) => p.file)).toEqual(['app/main.pen', 'app/lib/adder.pen', 'app/lib/consts.pen']);
  });

  it('loads a file imported twice only once', () => {
    const result = checkProgram('main.pen', memoryHost({
      'main.pen': 'import "a.pen"; import "b.pen";',
      'a.pen': 'import "c.pen";',
      'b.pen': 'import "c.pen";',
      'c.pen': 'struct Shared { x: u8 }',
    }));
    expect(result.diagnostics.map(describe1)).toEqual([]);
    expect(result.programs.map((p) => p.file)).toEqual(['main.pen', 'a.pen', 'c.pen', 'b.pen']);
  });

  it('reports E0110 for a missing file', () => {
    const result = checkProgram('main.pen', memoryHost({ 'main.pen': 'import "gone.pen";' }));
    expect(result.diagnostics.map(describe1)).toEqual(['E0110 1:8-1:18 cannot find the imported file "gone.pen"']);
  });

  it('reports E0111 once for an import cycle, with the whole chain', () => {
    const result = checkProgram('a.pen', memoryHost({ 'a.pen': 'import "b.pen";', 'b.pen': 'import "a.pen";' }));
    expect(result.diagnostics.map(describe1)).toEqual(['E0111 1:8-1:15 import cycle: `a.pen` → `b.pen` → `a.pen`']);
    expect(result.diagnostics[0].span.file).toBe('b.pen');
  });

  it('reports a root file that cannot be read instead of throwing', () => {
    const result = checkProgram('nowhere.pen', memoryHost({}));
    expect(result.diagnostics.map(describe1)).toEqual(['E0110 1:1-1:1 cannot read `nowhere.pen`']);
  });

  it('checks an editor buffer with checkSource, reading its imports from disk', () => {
    const result = checkSource('import "samples/hello/missing.pen";', 'buffer.pen');
    expect(result.diagnostics.map(describe1)).toEqual(['E0110 1:8-1:35 cannot find the imported file "samples/hello/missing.pen"']);
  });
});
