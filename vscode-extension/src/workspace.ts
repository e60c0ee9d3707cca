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
  /** Bumped on every change so analyses that read another open file are redone. */
  private generation = 0;
  private readonly analysedAt = new Map<string, number>();

  open(uri: string, text: string, version: number): void {
    const doc = { uri, text, version };
    this.documents.set(uri, doc);
    this.byFile.set(uriToFile(uri), doc);
    this.generation++;
  }

  /** Replaces the text of an open document; unknown documents are opened. */
  update(uri: string, text: string, version: number): void {
    this.open(uri, text, version);
  }

  close(uri: string): void {
    this.documents.delete(uri);
    this.byFile.delete(uriToFile(uri));
    this.analyses.delete(uri);
    this.analysedAt.delete(uri);
    this.generation++;
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

  /** Parses and checks the document with its imports; cached until any open document changes. */
  analyse(uri: string): Analysis | undefined {
    const doc = this.documents.get(uri);
    if (!doc) return undefined;
    const cached = this.analyses.get(uri);
    if (cached && this.analysedAt.get(uri) === this.generation) return cached;
    if (cached && cached.version === doc.version && cached.text === doc.text && !this.importsOpenDocument(cached)) {
      this.analysedAt.set(uri, this.generation);
      return cached;
    }
    const file = uriToFile(uri);
    const checked = checkProgram(file, { readFile: (candidate) => (path.normalize(candidate) === file ? doc.text : this.readFile(candidate)) });
    const analysis: Analysis = {
      uri,
      file,
      version: doc.version,
      text: doc.text,
      lines: new LineIndex(doc.text),
      checked,
      program: checked.programs[0],
    };
    this.analyses.set(uri, analysis);
    this.analysedAt.set(uri, this.generation);
    return analysis;
  }

  /** The last analysis, even if the text has changed since (for cheap, approximate answers). */
  lastAnalysis(uri: string): Analysis | undefined {
    return this.analyses.get(uri);
  }

  private importsOpenDocument(analysis: Analysis): boolean {
    for (let i = 1; i < analysis.checked.programs.length; i++) {
      if (this.byFile.has(path.normalize(analysis.checked.programs[i].file))) return true;
    }
    return false;
  }
}
