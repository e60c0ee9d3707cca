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
  /** The imported files' texts this analysis read, and whether each came from an open buffer. */
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

export class Workspace {
  private readonly documents = new Map<string, OpenDocument>();
  private readonly byFile = new Map<string, OpenDocument>();
  private readonly analyses = new Map<string, Analysis>();

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

  /** Reads open buffers first, then the disk: unsaved edits to an imported file count. */
  readFile(file: string): string | undefined {
    const open = this.byFile.get(path.normalize(file));
    return open ? open.text : diskHost.readFile(file);
  }

  /** Parses and checks the document with its imports; cached until its text or the text of an
   *  open document it imports changes. */
  analyse(uri: string): Analysis | undefined {
    const doc = this.documents.get(uri);
    if (!doc) return undefined;
    const cached = this.analyses.get(uri);
    if (cached && cached.text === doc.text && this.dependenciesUnchanged(cached)) {
      cached.version = doc.version;
      return cached;
    }
    const file = uriToFile(uri);
    const dependencies: Analysis['dependencies'] = new Map();
    const checked = checkProgram(file, {
      readFile: (candidate) => {
        const key = path.normalize(candidate);
        if (key === file) return doc.text;
        const fromBuffer = this.byFile.has(key);
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

  /** Open buffers are compared with what was read; files on disk are assumed unchanged (the
   *  client reports edits to open files only). A buffer closed since is re-read from disk. */
  private dependenciesUnchanged(analysis: Analysis): boolean {
    for (const [file, read] of analysis.dependencies) {
      const open = this.byFile.get(file);
      if (open ? open.text !== read.text : read.fromBuffer) return false;
    }
    return true;
  }
}
