// Copying one submission into a fresh folder of its own before it is built: only the
// hand-in files, only regular UTF-8 files inside the submission (a symbolic link is followed
// only while it stays inside), then the assignment's support files and test suites laid over.
// Nothing outside the submission and the assignment is read; everything left out is a note
// for the student's feedback.
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, writeFileSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import type { Assignment } from './assignment.js';

export interface SubmissionCopy {
  /** The private folder the submission was copied to; the caller removes it. */
  dir: string;
  /** Hand-in files that were copied. */
  present: string[];
  /** Hand-in files that are missing or could not be used (each has a note). */
  missing: string[];
  /** What the student should know about their files, in a stable order. */
  notes: string[];
}

/** Stray files listed by name in the feedback; past this the rest are counted. */
const STRAY_LISTED = 10;
/** A submission tree is walked at most this far, so a huge upload cannot stall grading. */
const WALK_LIMIT = 5000;

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root + sep);
}

/** Every entry of the submission, relative, without following links, in sorted order. */
function walk(root: string): { path: string; stat: Stats }[] {
  const found: { path: string; stat: Stats }[] = [];
  const visit = (relativeDir: string) => {
    let names: string[];
    try {
      names = readdirSync(join(root, relativeDir)).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (found.length >= WALK_LIMIT) return;
      const path = relativeDir === '' ? name : `${relativeDir}/${name}`;
      let stat: Stats;
      try {
        stat = lstatSync(join(root, path));
      } catch {
        continue;
      }
      found.push({ path, stat });
      if (stat.isDirectory()) visit(path);
    }
  };
  visit('');
  return found;
}

/** Reads one hand-in file if it is usable; otherwise says why not. */
function readHandin(root: string, path: string, maxBytes: number): { bytes: Uint8Array } | { note: string } {
  const full = join(root, path);
  let stat: Stats;
  try {
    stat = lstatSync(full);
  } catch {
    return { note: `\`${path}\` is missing from the submission` };
  }
  let target = full;
  if (stat.isSymbolicLink() || realpathOrSelf(dirname(full)) !== dirname(full)) {
    const real = realpathOrSelf(full);
    if (real === undefined || !isInside(root, real)) return { note: `\`${path}\` is a symbolic link to somewhere outside the submission; it was not read` };
    target = real;
    stat = lstatSync(real);
  }
  if (!stat.isFile()) return { note: `\`${path}\` is not a regular file; it was not read` };
  if (stat.size > maxBytes) return { note: `\`${path}\` is larger than ${maxBytes} bytes; it was not read` };
  const bytes = new Uint8Array(readFileSync(target));
  try {
    utf8.decode(bytes);
  } catch {
    return { note: `\`${path}\` is not UTF-8 text; it was not read` };
  }
  return { bytes };
}

function realpathOrSelf(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

function place(dir: string, path: string, bytes: Uint8Array): void {
  const full = join(dir, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, bytes);
}

export function copySubmission(assignment: Assignment, submissionDir: string, scratchRoot = tmpdir()): SubmissionCopy {
  const root = realpathSync(submissionDir);
  const dir = mkdtempSync(join(scratchRoot, 'penglaic-grade-'));
  const present: string[] = [];
  const missing: string[] = [];
  const notes: string[] = [];
  for (const path of assignment.handin) {
    const read = readHandin(root, path, assignment.limits.maxFileBytes);
    if ('note' in read) {
      missing.push(path);
      notes.push(read.note);
      continue;
    }
    present.push(path);
    place(dir, path, read.bytes);
  }

  // Stray entries: everything that is neither a hand-in file nor a folder on the way to one.
  const handinDirs = new Set(assignment.handin.flatMap((p) => p.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
  const stray: string[] = [];
  const outsideLinks: string[] = [];
  const entries = walk(root);
  if (entries.length >= WALK_LIMIT) notes.push(`the submission holds more than ${WALK_LIMIT} files and folders; only the first ${WALK_LIMIT} were looked at`);
  for (const { path, stat } of entries) {
    if (assignment.handin.includes(path) || (stat.isDirectory() && handinDirs.has(path))) continue;
    if (stat.isDirectory() && [...handinDirs].some((d) => d.startsWith(path + '/'))) continue;
    if (stat.isSymbolicLink()) {
      const real = realpathOrSelf(join(root, path));
      if (real === undefined || !isInside(root, real)) {
        outsideLinks.push(path);
        continue;
      }
    }
    // A folder's contents are listed one by one; the folder itself says nothing more.
    if (stat.isDirectory()) continue;
    stray.push(path);
  }
  if (outsideLinks.length > 0) notes.push(`ignored symbolic links that point outside the submission: ${outsideLinks.map((p) => `\`${p}\``).join(', ')}`);
  if (stray.length > 0) {
    const listed = stray.slice(0, STRAY_LISTED).map((p) => `\`${p}\``).join(', ');
    const more = stray.length > STRAY_LISTED ? ` and ${stray.length - STRAY_LISTED} more` : '';
    notes.push(`ignored files that are not part of the hand-in (${assignment.handin.join(', ')}): ${listed}${more}`);
  }

  for (const path of [...assignment.support, ...assignment.suites.map((s) => s.file)]) {
    place(dir, path, new Uint8Array(readFileSync(join(assignment.dir, path))));
  }
  return { dir, present, missing, notes };
}

/** A source host that serves only files inside `root` (relative paths are taken from `root`,
 *  so diagnostics name `main.pen`, not a temporary folder): imports cannot reach outside the copy. */
export function confinedSources(root: string): { readFile(path: string): string | undefined; texts: Map<string, string> } {
  const realRoot = realpathSync(root);
  const texts = new Map<string, string>();
  return {
    texts,
    readFile(path: string) {
      const real = realpathOrSelf(resolve(realRoot, path));
      if (real === undefined || !isInside(realRoot, real)) return undefined;
      try {
        if (!lstatSync(real).isFile()) return undefined;
        const text = utf8.decode(readFileSync(real));
        texts.set(path, text);
        return text;
      } catch {
        return undefined;
      }
    },
  };
}
