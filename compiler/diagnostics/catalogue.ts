// The catalogue behind `penglaic explain` and the editor's links: every diagnostic code and
// run-time error code, read from the reference pages that document them (grammar/README.md
// for parse and checker codes, compiler/README.md for build codes, runtime/README.md for
// run-time codes), so the explanation a user gets is the text the reference shows.

export interface CatalogueEntry {
  code: string;
  /** Which table it came from, as the page's heading says. */
  section: string;
  /** The reference page, relative to the repository root. */
  page: string;
  /** Its heading's anchor on that page (GitHub's slug rules). */
  anchor: string;
  meaning: string;
  /** A failing example: a whole program for checker codes, a fragment for parse codes. */
  example?: string;
  /** The message it prints (parse codes). */
  message?: string;
  /** What to do about it. */
  fix?: string;
}

/** The pages, relative to the repository root, in the order codes are looked up. */
export const CATALOGUE_PAGES = ['grammar/README.md', 'compiler/README.md', 'runtime/README.md'] as const;

const unquote = (cell: string) => (/^(`+) ?(.*?) ?\1$/.exec(cell)?.[2] ?? cell).replace(/\\\|/g, '|');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
export function headingAnchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
}

/** Every table row whose first cell is a code (`E0101`, `W0103`, `-19`), with its heading. */
export function parseCatalogue(page: string, text: string): CatalogueEntry[] {
  const entries: CatalogueEntry[] = [];
  let heading = '';
  let columns: string[] = [];
  for (const line of text.split('\n')) {
    const h = /^#{2,3} (.*)$/.exec(line);
    if (h) {
      heading = h[1];
      continue;
    }
    if (!line.startsWith('|')) {
      columns = [];
      continue;
    }
    const cells = line.slice(1, line.endsWith('|') ? -1 : undefined).split(/(?<!\\)\|/).map((c) => c.trim());
    if (columns.length === 0) {
      columns = cells.map((c) => c.toLowerCase());
      continue;
    }
    const code = cells[0];
    // Diagnostic codes anywhere; run-time codes (0 and negative) only in a table of codes.
    if (!/^[EW]\d{4}$/.test(code) && !(columns[0] === 'code' && /^(0|-\d+)$/.test(code))) continue;
    const cell = (...names: string[]) => {
      const at = columns.findIndex((c) => names.includes(c));
      const value = at >= 0 ? cells[at] : undefined;
      return value ? value : undefined;
    };
    const example = cell('example', 'failing example');
    entries.push({
      code,
      section: heading,
      page,
      anchor: headingAnchor(heading),
      meaning: cell('meaning', 'name') ?? '',
      example: example === undefined ? undefined : unquote(example),
      message: cell('message'),
      fix: cell('fix', 'what to do'),
    });
  }
  return entries;
}

/** Normalises what a user types: `e101`, `E0101`, `0101` → `E0101`; `-19`, `19` → `-19`. */
export function normaliseCode(input: string): string | undefined {
  const text = input.trim().toUpperCase();
  const diagnostic = /^([EW])0*(\d{1,4})$/.exec(text);
  if (diagnostic) return `${diagnostic[1]}${diagnostic[2].padStart(4, '0')}`;
  if (/^-?\d{1,3}$/.test(text)) return text === '0' ? '0' : `-${text.replace(/^-/, '')}`;
  return undefined;
}
