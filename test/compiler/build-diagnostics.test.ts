// Diagnostics of the build itself, after a clean check (compiler/README.md).
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../compiler/check/index.js';
import { buildChecked } from '../../compiler/build.js';

describe('build diagnostics', () => {
  it('E0901: a program without a host builds nothing and says why, at the start of the file', () => {
    const checked = checkSource('enclave E { fn main() -> i64 { return 0; } }\n', 'lonely.pen');
    const result = buildChecked(checked, [...checked.diagnostics], 'lonely.pen');
    expect(result.images).toEqual([]);
    expect(result.diagnostics.map((d) => `${d.code} ${d.span.file}:${d.span.startLine}:${d.span.startCol} ${d.message}`)).toEqual([
      'E0901 lonely.pen:1:1 the program has no `host` section, so there is nothing to run',
    ]);
  });
});
