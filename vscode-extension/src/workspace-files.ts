// Finding and reading the `.pen` files under a workspace folder, for the index. A folder can
// hold anything: directories the server may not read, symbolic links that loop, files that are
// not UTF-8, huge files, tens of thousands of files. None of it may stop the server: each
// problem is reported as a sentence (the caller logs it or turns it into a diagnostic) and the
// walk goes on. Nothing here blocks the event loop (fs.promises), so requests keep being answered.
import { promises as fs, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** Larger files are not read: a `.pen` source this big is a mistake, and parsing it would stall the index. */
export const MAX_FILE_BYTES = 4 << 20;

/** Directories no one means as sources: installed dependencies (hidden ones like `.git` too). */
const SKIPPED_DIRECTORIES = new Set(['node_modules']);

/**
 * Every `.pen` file under `root`, sorted. Symbolic links are followed; a directory reached a
 * second time (a link loop, or two links to one place) is walked once, and a file reached
 * through two names is listed under the first. Hidden directories (`.git`) are skipped.
 */
export async function findPenFiles(root: string, report: (problem: string) => void): Promise<string[]> {
  const files: string[] = [];
  const seenDirectories = new Set<string>();
  const seenFiles = new Set<string>();
  const pending: string[] = [path.normalize(root)];
  while (pending.length > 0) {
    const directory = pending.pop()!;
    let real: string;
    let entries: import('node:fs').Dirent[];
    try {
      real = await fs.realpath(directory);
      if (seenDirectories.has(real)) {
        if (directory !== real) report(`skipped \`${directory}\`: it links back to \`${real}\`, which is already indexed (a symbolic link loop or a second link to one folder)`);
        continue;
      }
      seenDirectories.add(real);
      entries = await fs.readdir(directory, { withFileTypes: true });
    } catch (error) {
      report(`cannot read the folder \`${directory}\`: ${reason(error)}`);
      continue;
    }
    for (const entry of entries) {
      const full = path.join(directory, entry.name);
      let kind: 'directory' | 'file' | 'other' = entry.isDirectory() ? 'directory' : entry.isFile() ? 'file' : 'other';
      if (entry.isSymbolicLink()) {
        try {
          const target = await fs.stat(full);
          kind = target.isDirectory() ? 'directory' : target.isFile() ? 'file' : 'other';
        } catch (error) {
          if (entry.name.endsWith('.pen') || !entry.name.includes('.')) report(`skipped the symbolic link \`${full}\`: ${reason(error)}`);
          continue;
        }
      }
      if (kind === 'directory') {
        if (!entry.name.startsWith('.') && !SKIPPED_DIRECTORIES.has(entry.name)) pending.push(full);
      } else if (kind === 'file' && entry.name.endsWith('.pen')) {
        let realFile = full;
        try {
          realFile = await fs.realpath(full);
        } catch {
          // it vanished; reading it will say so
        }
        if (seenFiles.has(realFile)) continue;
        seenFiles.add(realFile);
        files.push(full);
      }
    }
  }
  return files.sort();
}

export type ReadResult =
  | { ok: true; text: string; /** The bytes were not all UTF-8; `text` has U+FFFD in their place (the lexer reports E0003 there). */ notUtf8: boolean }
  | { ok: false; problem: string };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

/** A `.pen` file's text, or the sentence saying why it cannot be had. */
export async function readPenFile(file: string): Promise<ReadResult> {
  try {
    const tooLarge = sizeProblem(file, (await fs.stat(file)).size);
    return tooLarge ?? decode(await fs.readFile(file));
  } catch (error) {
    return { ok: false, problem: `cannot read \`${file}\`: ${reason(error)}` };
  }
}

/** The same, synchronously: for one file that changed on disk, whose importers are rechecked at once. */
export function readPenFileSync(file: string): ReadResult {
  try {
    return sizeProblem(file, statSync(file).size) ?? decode(readFileSync(file));
  } catch (error) {
    return { ok: false, problem: `cannot read \`${file}\`: ${reason(error)}` };
  }
}

function sizeProblem(file: string, size: number): ReadResult | undefined {
  if (size <= MAX_FILE_BYTES) return undefined;
  return { ok: false, problem: `skipped \`${file}\`: ${(size / (1 << 20)).toFixed(1)} MiB is more than the ${MAX_FILE_BYTES >> 20} MiB the index reads` };
}

function decode(bytes: Uint8Array): ReadResult {
  try {
    return { ok: true, text: strictUtf8.decode(bytes), notUtf8: false };
  } catch {
    return { ok: true, text: lenientUtf8.decode(bytes), notUtf8: true };
  }
}

function reason(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links (a link loop)';
    case 'ENOENT':
      return 'it does not exist (a dangling link, or it was removed)';
    case 'EISDIR':
      return 'it is a directory';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
