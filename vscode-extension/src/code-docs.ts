// Where a diagnostic code is documented, for LSP `codeDescription`: the reference page of the
// installed penglaic (grammar/README.md and friends, beside the server bundle), at the heading
// of the table that lists the code. The text there is what `penglaic explain CODE` prints.
// When the pages are not installed beside the server (a stand-alone .vsix), codes have no link.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CATALOGUE_PAGES, parseCatalogue } from '../../compiler/diagnostics/catalogue.js';

let links: Map<string, string> | undefined;
let docsRoot: string | undefined;

/** Links point into the pages under this folder from now on. */
export function useDocsRoot(root: string): void {
  docsRoot = root;
  links = undefined;
}

/** The folder above the running server's script that holds the reference pages. */
function findRoot(): string | undefined {
  const script = process.argv[1];
  if (!script) return undefined;
  for (let dir = dirname(script); ; dir = dirname(dir)) {
    if (existsSync(join(dir, CATALOGUE_PAGES[0]))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The link for a code (`E0101`), or undefined when it is not catalogued here. */
export function codeDescriptionHref(code: string): string | undefined {
  if (!links) {
    const root = docsRoot ?? findRoot();
    links = new Map();
    for (const page of root ? CATALOGUE_PAGES : []) {
      const path = join(root!, page);
      if (!existsSync(path)) continue;
      for (const entry of parseCatalogue(page, readFileSync(path, 'utf8'))) {
        if (!links.has(entry.code)) links.set(entry.code, `${pathToFileURL(path).href}#${entry.anchor}`);
      }
    }
  }
  return links.get(code);
}
