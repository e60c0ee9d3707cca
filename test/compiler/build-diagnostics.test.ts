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

  it('E0904: a measurement(X) the build cannot predict, without a predictor, is refused where it is used', () => {
    const source = 'enclave E { fn main() -> i64 { return 0; } }\nserver S "s" { fn f() -> u8 { let m = measurement(E); return m[0]; } }\nhost { }\n';
    const checked = checkSource(source, 'measured.pen');
    expect(checked.diagnostics).toEqual([]);
    const result = buildChecked(checked, [...checked.diagnostics], 'measured.pen');
    expect(result.images).toEqual([]);
    expect(result.diagnostics.map((d) => `${d.code} ${d.span.startLine}:${d.span.startCol} ${d.message}`)).toEqual([
      'E0904 2:39 the measurement of `E` is not known to this build',
    ]);
    // With the predictor `penglaic build` uses, the same program builds, E's image first.
    const predicted = new Uint8Array(32).fill(0xab);
    const built = buildChecked(checked, [], 'measured.pen', undefined, () => predicted);
    expect(built.diagnostics).toEqual([]);
    expect(built.manifest?.images.map((i) => [i.name, i.measurement])).toEqual([
      ['E', 'ab'.repeat(32)],
      ['S', 'ab'.repeat(32)],
      ['host', undefined],
    ]);
    const s = built.images.find((i) => i.source.section.name === 'S')!.elf;
    expect(Buffer.from(s).includes(Buffer.from(predicted))).toBe(true);
  });

  it('E0903: an enclave or server function whose frame cannot fit the 64 KiB stack is refused at its declaration', () => {
    const source = [
      'server S "s" { fn f() -> u64 { var table: u64[9000]; table[1] = 2; return table[1]; } }',
      'enclave E {',
      '  fn main() -> i64 { var big: u8[70000]; big[0] = 1; return big[0] as i64; }',
      '  fn fits() -> i64 { var small: u8[60000]; small[0] = 1; return small[0] as i64; }',
      '}',
      'host { fn h() { var huge: u8[200000]; huge[0] = 1; } h(); }',
    ].join('\n');
    const checked = checkSource(source, 'frames.pen');
    const result = buildChecked(checked, [...checked.diagnostics], 'frames.pen');
    expect(result.images).toEqual([]);
    expect(result.diagnostics.map((d) => `${d.code} ${d.span.startLine}:${d.span.startCol} ${d.message}`)).toEqual([
      'E0903 1:16 this function needs a 72,032-byte stack frame, more than the 64 KiB stack of a server',
      'E0903 3:3 this function needs a 70,032-byte stack frame, more than the 64 KiB stack of an enclave',
    ]);
  });

  it('E0903 does not count arrays that zero copy keeps in a transfer region', () => {
    const source = [
      'server S "s" { fn fill(data: out u8[100000]) { data[99999] = 7; } }',
      'enclave E { fn main() -> i64 { let s = acquire S; var data: u8[100000]; s.fill(data); return data[99999] as i64; } }',
      'host { let s = create S; let e = create E; print(run e); destroy s; }',
    ].join('\n');
    const checked = checkSource(source, 'placed.pen');
    const result = buildChecked(checked, [...checked.diagnostics], 'placed.pen');
    expect(result.diagnostics).toEqual([]);
    expect(result.images.map((i) => i.source.fileName)).toEqual(['S.elf', 'E.elf', 'host.elf']);
  });
});
