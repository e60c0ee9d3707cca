// `penglaic explain CODE`: the catalogue entry of a diagnostic code (E0101, W0103) or a
// run-time error code (-19), with its failing example, what penglaic says about it, and the
// fix. The text is the reference pages' own (compiler/diagnostics/catalogue.ts).
import { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkProgram } from '../check/index.js';
import { CATALOGUE_PAGES, normaliseCode, parseCatalogue, type CatalogueEntry } from '../diagnostics/catalogue.js';
import { renderDiagnostic } from '../diagnostics/render.js';
import { out, UsageError } from './common.js';

/** The repository (or installed package) root: the nearest folder above this file with the reference pages. */
function packageRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, CATALOGUE_PAGES[0]))) return dir;
    if (dirname(dir) === dir) throw new UsageError(`the reference pages (${CATALOGUE_PAGES.join(', ')}) are not installed beside penglaic`);
  }
}

export function loadCatalogue(root = packageRoot()): CatalogueEntry[] {
  return CATALOGUE_PAGES.flatMap((page) => {
    const path = join(root, page);
    return existsSync(path) ? parseCatalogue(page, readFileSync(path, 'utf8')) : [];
  });
}

const indent = (text: string) => text.trimEnd().split('\n').map((l) => `    ${l}`.trimEnd()).join('\n');

/** A checker code's example is a whole program: check it, and show what penglaic says. */
function whatPenglaicSays(entry: CatalogueEntry): { rendered: string; hint?: string } | undefined {
  // Examples that name other files (imports) cannot be checked on their own.
  if (!entry.example || !/^[EW]/.test(entry.code) || !/\b(host|enclave|server|struct|const|import)\b/.test(entry.example) || entry.example.includes('.pen')) return undefined;
  const sources = new Map([['example.pen', entry.example]]);
  const checked = checkProgram('example.pen', { readFile: (path) => sources.get(path) });
  const found = checked.diagnostics.find((d) => d.code === entry.code);
  return found && { rendered: renderDiagnostic(found, entry.example), hint: found.hint };
}

export function explainText(entry: CatalogueEntry): string {
  const lines = [`${entry.code}: ${entry.meaning}`, `(${entry.page}, "${entry.section}")`, ''];
  if (entry.example) lines.push('Example:', indent(entry.example), '');
  const says = whatPenglaicSays(entry);
  if (says) lines.push('penglaic says:', indent(says.rendered), '');
  else if (entry.message) lines.push(`penglaic says: ${unquote(entry.message)}`, '');
  const fix = entry.fix ?? says?.hint;
  if (fix) lines.push(`Fix: ${fix}`);
  return lines.join('\n').trimEnd() + '\n';
}

const unquote = (text: string) => text.replace(/^`(.*)`$/, '$1');

function explain(code: string): number {
  const wanted = normaliseCode(code);
  if (!wanted) throw new UsageError(`"${code}" is not a code: codes look like E0101, W0103 or -19`);
  const entry = loadCatalogue().find((e) => e.code === wanted);
  if (!entry) throw new UsageError(`${wanted} is not in the catalogue (grammar/README.md, compiler/README.md, runtime/README.md)`);
  out(explainText(entry));
  return 0;
}

export function explainCommand(setStatus: (status: number) => void): Command {
  return new Command('explain')
    .description('explain a diagnostic code (E0101, W0103) or a run-time error code (-19): what it means, an example and the fix')
    .argument('<code>', 'the code, as printed')
    .action((code) => setStatus(explain(code)));
}
