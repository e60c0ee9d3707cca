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
