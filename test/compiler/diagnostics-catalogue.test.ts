// The diagnostics catalogue (grammar/README.md, compiler/README.md) is complete and honest:
// every code the parser, checker and code generator can report is listed, and each
// checker code's failing example is the very program its test checks.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkerCases } from './check-diagnostic-cases.js';

const root = join(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The rows of every markdown table in `text` whose first cell is a diagnostic code. */
function catalogueRows(text: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const match = /^\| ([EW]\d{4}) \|(.*)\|$/.exec(line);
    if (match) rows.set(match[1], match[2].split(/(?<!\\)\|/).map((cell) => cell.trim()));
  }
  return rows;
}

const grammarReadme = readFileSync(join(root, 'grammar', 'README.md'), 'utf8');
const catalogue = new Map([...catalogueRows(grammarReadme), ...catalogueRows(readFileSync(join(root, 'compiler', 'README.md'), 'utf8'))]);

describe('the diagnostics catalogue', () => {
  it('lists every code the parser, checker and code generator can report', () => {
    const emitted = new Set<string>();
    for (const file of [...sourceFiles(join(root, 'grammar')), ...sourceFiles(join(root, 'compiler'))]) {
      for (const match of readFileSync(file, 'utf8').matchAll(/'([EW]\d{4})'/g)) emitted.add(match[1]);
    }
    expect(emitted.size).toBeGreaterThan(70);
    expect([...emitted].filter((code) => !catalogue.has(code)).sort()).toEqual([]);
  });

  it("shows, for each checker code, the failing program of that code's test", () => {
    const checkerTable = catalogueRows(grammarReadme.slice(grammarReadme.indexOf('## Checker diagnostics')));
    for (const { code, program } of checkerCases) {
      const example = checkerTable.get(code)?.[1] ?? '';
      const shown = (/^(`+) ?(.*?) ?\1$/.exec(example)?.[2] ?? example).replace(/\\\|/g, '|');
      if (!checkerCases.some((c) => c.code === code && c.program === shown)) {
        expect({ code, shown }).toEqual({ code, shown: program });
      }
    }
  });
});
