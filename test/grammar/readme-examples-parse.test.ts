// The language reference's program examples are valid Penglai.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from '../../grammar/index.js';

const readme = readFileSync(new URL('../../grammar/README.md', import.meta.url), 'utf8');
const blocks = [...readme.matchAll(/```\n([\s\S]*?)```/g)].map((m) => m[1]);

describe('grammar/README.md', () => {
  it('has program examples that parse without diagnostics', () => {
    const programs = blocks.filter((b) => /^(server|host|\/\/\/)/m.test(b) && !b.includes('program        ='));
    expect(programs.length).toBe(3);
    for (const program of programs) expect(parse(program, 'README.md').diagnostics, program).toEqual([]);
  });

  it('lists every keyword the lexer reserves', async () => {
    const { keywordTokens } = await import('../../grammar/tokens.js');
    const listed = blocks.find((b) => b.startsWith('import const struct'))!.split(/\s+/).filter(Boolean);
    expect(listed.sort()).toEqual(keywordTokens.map((t) => String(t.LABEL).slice(1, -1)).sort());
  });
});

describe('parse diagnostics table', () => {
  const triggers: Record<string, string> = {
    E0001: 'host { let x = 1 }',
    E0002: 'host { print("abc); }',
    E0003: 'host { x = 1 @ 2; }',
    E0004: 'host { x = 0x; }',
    E0005: '/* open',
    E0006: 'host { print("\\q"); }',
    E0007: 'host { x = 18446744073709551616; }',
    E0008: 'host { f() = 1; }',
    E0009: 'host { x = a < b < c; }',
    E0010: 'host { x = ' + '('.repeat(200) + '1' + ')'.repeat(200) + '; }',
    E0011: 'enclave E { fn f(inout v: u32[4]) { } }',
    E0012: 'host { if x = 5 { } }',
    E0013: 'enclave E {\n  fn f() {\n    if x {\n  }\n}\nhost { }',
    E0014: 'host { let p = P { x: 1, y: 2 }; }',
    W0001: 'host { /// nothing\n x = 1; }',
  };

  it('lists exactly the codes the parser reports, each triggered by its example', () => {
    const section = readme.slice(readme.indexOf('## 7. Parse diagnostics'), readme.indexOf('## 8.'));
    const listed = [...section.matchAll(/^\| ([EW]\d{4}) \|/gm)].map((m) => m[1]);
    expect(listed).toEqual([...Object.keys(triggers).slice(0, 14), 'E0099', 'W0001']);
    for (const [code, source] of Object.entries(triggers)) {
      expect(parse(source, 't.pen').diagnostics.map((d) => d.code), source).toContain(code);
    }
  });
});
