// The documents an editor has open and the analysis of each, computed on demand and cached by
// version: a request only pays for parsing and checking when the text changed since the last one
// (Langium's "how far must a document be processed" idea, with two levels: text and checked).
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as ast from '../../grammar/ast.js';
import { LineIndex } from '../../grammar/diagnostic.js';
import { checkProgram, diskHost, type CheckedProgramWithSources } from '../../compiler/check/index.js';

export interface OpenDocument {
  uri: string;
  version: number;
  text: string;
}

export interface Analysis {
  uri: string;
  /** The file name the front end saw (an absolute path for `file:` URIs). */
  file: string;
  version: number;
  text: string;
  lines: LineIndex;
  checked: CheckedProgramWithSources;
  /** This document's own AST (the root of `checked.programs`). */
  program: ast.Program;
  /** The imported files' texts this analysis read, and whether each came from an open buffer or
   *  the workspace index (rather than straight from the disk). */
  dependencies: Map<string, { text: string | undefined; fromBuffer: boolean }>;
}

export function uriToFile(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return path.normalize(fileURLToPath(uri));
    } catch {
      // fall through: a malformed file URI is still a usable name
    }
  }
  return uri;
}

export function fileToUri(file: string): string {
  return path.isAbsolute(file) ? pathToFileURL(file).href : file;
}

/** The texts of the workspace's files on disk, as last read (workspace-index.ts): files that
 *  are not open are analysed from these, and an analysis that read one is stale once it changes. */
export interface DiskTexts {
  /** The file's text as last read, or undefined when the file is not known (not indexed). */
  textOf(file: string): string | undefined;
  uriOf(file: string): string | undefined;
}

export class Workspace {
  private readonly documents = new Map<string, OpenDocument>();
  private readonly byFile = new Map<string, OpenDocument>();
  private readonly analyses = new Map<string, Analysis>();
  /** Indexed files that are not open; set by the workspace index. */
  disk: DiskTexts | undefined;
  /** How many times each file was parsed and checked as a root (the incremental rechecking is observable). */
  readonly checks = new Map<string, number>();

  open(uri: string, text: string, version: number): void {
    const doc = { uri, text, version };
    this.documents.set(uri, doc);
    this.byFile.set(uriToFile(uri), doc);
  }

  /** Replaces the text of an open document; unknown documents are opened. */
  update(uri: string, text: string, version: number): void {
    this.open(uri, text, version);
  }

  close(uri: string): void {
    this.documents.delete(uri);
    this.byFile.delete(uriToFile(uri));
    this.analyses.delete(uri);
  }

  /** Whether `file` is open in the editor (its buffer, not the disk, is what imports read). */
  isOpenFile(file: string): boolean {
    return this.byFile.has(path.normalize(file));
  }

  /** The URI the editor uses for an open file (it may spell it differently from `fileToUri`). */
  uriOfFile(file: string): string | undefined {
    return this.byFile.get(path.normalize(file))?.uri;
  }

  /** Drops the cached analysis, e.g. when a file it imported changed on disk. */
  forget(uri: string): void {
    this.analyses.delete(uri);
  }

  get(uri: string): OpenDocument | undefined {
    return this.documents.get(uri);
  }

  openUris(): string[] {
    return [...this.documents.keys()];
  }

  /** Reads open buffers first, then the index, then the disk: unsaved edits to an imported file count. */
  readFile(file: string): string | undefined {
    const key = path.normalize(file);
    const open = this.byFile.get(key);
    return open ? open.text : this.disk?.textOf(key) ?? diskHost.readFile(file);
  }

  /** The open document, or else the indexed file on disk, as a document (version 0). */
  private documentOf(uri: string): OpenDocument | undefined {
    const open = this.documents.get(uri);
    if (open) return open;
    const text = this.disk?.textOf(uriToFile(uri));
    return text === undefined ? undefined : { uri, text, version: 0 };
  }

  /** Parses and checks the document (open, or an indexed file on disk) with its imports; cached
   *  until its text or the text of an open or indexed file it imports changes. */
  analyse(uri: string): Analysis | undefined {
    const doc = this.documentOf(uri);
    if (!doc) return undefined;
    const cached = this.analyses.get(uri);
    if (cached && cached.text === doc.text && this.dependenciesUnchanged(cached)) {
      cached.version = doc.version;
      return cached;
    }
    const file = uriToFile(uri);
    this.checks.set(file, (this.checks.get(file) ?? 0) + 1);
    const dependencies: Analysis['dependencies'] = new Map();
    const checked = checkProgram(file, {
      readFile: (candidate) => {
        const key = path.normalize(candidate);
        if (key === file) return doc.text;
        const fromBuffer = this.byFile.has(key) || this.disk?.textOf(key) !== undefined;
        const text = this.readFile(candidate);
        dependencies.set(key, { text, fromBuffer });
        return text;
      },
    });
    const analysis: Analysis = {
      uri,
      file,
      version: doc.version,
      text: doc.text,
      lines: new LineIndex(doc.text),
      checked,
      program: checked.programs[0],
      dependencies,
    };
    this.analyses.set(uri, analysis);
    return analysis;
  }

  /** Whether `analysis` read `file` (the file of another document) among its imports. */
  dependsOn(analysis: Analysis, file: string): boolean {
    return analysis.dependencies.has(path.normalize(file));
  }

  /** The last analysis, even if the text has changed since (for cheap, approximate answers). */
  lastAnalysis(uri: string): Analysis | undefined {
    return this.analyses.get(uri);
  }

  /** Open buffers and indexed files are compared with what was read; other files on disk are
   *  assumed unchanged (the client reports edits to open files only). A buffer closed since is
   *  re-read from disk. */
  private dependenciesUnchanged(analysis: Analysis): boolean {
    for (const [file, read] of analysis.dependencies) {
      const open = this.byFile.get(file);
      if (open) {
        if (open.text !== read.text) return false;
        continue;
      }
      const indexed = this.disk?.textOf(file);
      if (indexed !== undefined ? indexed !== read.text : read.fromBuffer) return false;
    }
    return true;
  }
}
