import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_NAMES, builtinLabel } from '../../compiler/builtins.js';
import { BUILTIN_SIGNATURES } from '../../vscode-extension/src/describe.js';

const root = join(import.meta.dirname, '../..');

describe('the builtin table (compiler/builtins.ts) is the one list of builtins', () => {
  it('the TextMate grammar highlights exactly its names', () => {
    const grammar = readFileSync(join(root, 'vscode-extension/syntaxes/penglai.tmLanguage.json'), 'utf8');
    const match = /"support\.function\.builtin\.penglai", "match": "\\\\b\(([a-z0-9_|]+)\)/.exec(grammar);
    expect(match?.[1].split('|').sort()).toEqual([...BUILTIN_NAMES].sort());
  });

  it('the language reference describes each of them', () => {
    const readme = readFileSync(join(root, 'grammar/README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('- **Builtins.**'));
    for (const name of BUILTIN_NAMES) expect(section, name).toContain(`\`${name}(`);
  });

  it('the editor shows the signatures the table gives', () => {
    expect(Object.keys(BUILTIN_SIGNATURES)).toEqual(BUILTIN_NAMES);
    expect(BUILTIN_NAMES.map(builtinLabel)).toEqual([
      'print(values...)',
      'hex(value)',
      'assert(condition: bool)',
      'assert_eq(left, right)',
      'peek64(address: u64) -> u64',
      'poke64(address: u64, value: u64)',
      'peek8(address: u64) -> u8',
      'poke8(address: u64, value: u8)',
    ]);
  });
});
