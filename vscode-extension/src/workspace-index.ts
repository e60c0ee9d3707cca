// The workspace: every `.pen` file under the workspace folders (multi-root), not only the open
// ones and their imports. The index keeps each file's text as last read from disk (the
// workspace's analyses read closed files from here, workspace.ts `DiskTexts`), its outline
// (symbols and imports, from a parse) and the import graph between files, and checks the files
// in the background, one per event-loop turn, so requests are answered while it works.
// Incremental: a file is rechecked only when its text or the text of a file it imports
// changed (workspace.ts compares what each analysis read), and a change on disk queues only the
// changed file and the files that import it, directly or not.
import * as path from 'node:path';
import type * as ast from '../../grammar/ast.js';
import { parse } from '../../grammar/index.js';
import { documentSymbols } from './document-symbols.js';
import { findPenFiles, readPenFile, readPenFileSync, type ReadResult } from './workspace-files.js';
import { fileToUri, uriToFile, type Analysis, type DiskTexts, type Workspace } from './workspace.js';
import type { DocumentSymbol, SymbolKind } from 'vscode-languageserver';

export interface IndexedSymbol {
  name: string;
  kind: SymbolKind;
  /** The enclosing section or struct (`Adder` for `Adder.add_two`). */
  containerName?: string;
  file: string;
  uri: string;
  symbol: DocumentSymbol;
}

interface IndexedFile {
  file: string;
  uri: string;
  /** The text on disk when it was last read. */
  text: string;
  folder: string;
}

interface Outline {
  text: string;
  /** The files this one imports (resolved, normalised). */
  imports: string[];
  symbols: IndexedSymbol[];
}

export interface IndexEvents {
  /** A problem reading the workspace (a log line). */
  log(message: string): void;
  /** A file that is not open was checked in the background. */
  analysed(analysis: Analysis): void;
}

export class WorkspaceIndex implements DiskTexts {
  private readonly folders = new Map<string, string>();
  private readonly files = new Map<string, IndexedFile>();
  private readonly outlines = new Map<string, Outline>();
  private readonly queue = new Set<string>();
  private reverse: Map<string, string[]> | undefined;
  private draining = false;
  private pausedUntil = 0;
  private scans = 0;
  private indexedSince = 0;
  /** Resolves when the first scans and the checks they queued are done. */
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly workspace: Workspace, private readonly events: IndexEvents) {
    workspace.disk = this;
  }

  textOf(file: string): string | undefined {
    return this.files.get(path.normalize(file))?.text;
  }

  uriOf(file: string): string | undefined {
    return this.files.get(path.normalize(file))?.uri;
  }

  get fileCount(): number {
    return this.files.size;
  }

  /** Still scanning a folder or checking queued files. */
  get busy(): boolean {
    return this.scans > 0 || this.queue.size > 0;
  }

  indexedFiles(): string[] {
    return [...this.files.keys()];
  }

  /** Scans a workspace folder and queues its files for checking. */
  async addFolder(folderUri: string): Promise<void> {
    const folder = uriToFile(folderUri);
    if (!path.isAbsolute(folder) || this.folders.has(folderUri)) return;
    this.folders.set(folderUri, folder);
    this.scans++;
    if (this.scans === 1 && this.queue.size === 0) this.indexedSince = performance.now();
    try {
      const found = await findPenFiles(folder, (problem) => this.events.log(`penglaic: ${problem}`));
      for (const file of found) {
        if (!this.folders.has(folderUri)) break;
        await this.read(file, folder, true);
      }
    } finally {
      this.scans--;
      this.finishIfIdle();
    }
  }

  /** Forgets a folder's files (those not also under another folder). */
  removeFolder(folderUri: string): void {
    const folder = this.folders.get(folderUri);
    if (folder === undefined) return;
    this.folders.delete(folderUri);
    for (const entry of [...this.files.values()]) {
      if (entry.folder !== folder) continue;
      const other = [...this.folders.values()].find((f) => isInside(entry.file, f));
      if (other) entry.folder = other;
      else this.forget(entry.file);
    }
  }

  /** A file changed, appeared or vanished on disk: re-read it (at once, so analyses that follow
   *  see the new text), and queue it and its importers. */
  fileChanged(uri: string, deleted: boolean): void {
    const file = uriToFile(uri);
    if (!path.isAbsolute(file) || !file.endsWith('.pen')) return;
    const folder = [...this.folders.values()].find((f) => isInside(file, f));
    if (deleted || folder === undefined) {
      const importers = this.importersOf(file);
      this.forget(file);
      for (const importer of importers) this.enqueue(importer);
      return;
    }
    this.store(file, folder, readPenFileSync(path.normalize(file)), false);
  }

  /** Files to check in the background (open ones are checked by the server when they change). */
  enqueue(file: string): void {
    if (!this.files.has(file)) return;
    this.queue.add(file);
    this.drain();
  }

  /** Typing: let the edited document's checks run first. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, performance.now() + ms);
  }

  /** Resolves once nothing is being scanned or checked. */
  whenIdle(): Promise<void> {
    return this.busy ? new Promise((resolve) => this.idleWaiters.push(resolve)) : Promise.resolve();
  }

  /** `file` and every indexed file that imports it, directly or through others (cycles included once). */
  importersOf(file: string): Set<string> {
    const reverse = this.reverseImports();
    const found = new Set<string>([path.normalize(file)]);
    const pending = [path.normalize(file)];
    while (pending.length > 0) {
      for (const importer of reverse.get(pending.pop()!) ?? []) {
        if (!found.has(importer)) {
          found.add(importer);
          pending.push(importer);
        }
      }
    }
    return found;
  }

  /** Imported file → the indexed files that import it; rebuilt after files or imports change. */
  private reverseImports(): Map<string, string[]> {
    for (const file of this.files.keys()) this.outline(file);
    if (this.reverse) return this.reverse;
    const reverse = new Map<string, string[]>();
    for (const [importer, outline] of this.outlines) {
      for (const imported of outline.imports) {
        const list = reverse.get(imported);
        if (list) list.push(importer);
        else reverse.set(imported, [importer]);
      }
    }
    this.reverse = reverse;
    return reverse;
  }

  /** The symbols of every indexed file, from the open buffer where there is one. */
  symbols(): IndexedSymbol[] {
    const all: IndexedSymbol[] = [];
    for (const file of this.files.keys()) for (const symbol of this.outline(file).symbols) all.push(symbol);
    return all;
  }

  /** The indexed files whose current text contains `word` (a cheap filter before checking them). */
  filesMentioning(word: string): string[] {
    return [...this.files.keys()].filter((file) => this.currentText(file).includes(word));
  }

  private currentText(file: string): string {
    const uri = this.files.get(file)!.uri;
    return this.workspace.get(uri)?.text ?? this.files.get(file)!.text;
  }

  private outline(file: string): Outline {
    const text = this.currentText(file);
    const cached = this.outlines.get(file);
    if (cached && cached.text === text) return cached;
    const uri = this.files.get(file)!.uri;
    const analysed = this.workspace.lastAnalysis(uri);
    const program = analysed && analysed.text === text ? analysed.program : parse(text, file).program;
    const outline: Outline = { text, imports: importsOf(program, file), symbols: flatten(documentSymbols(program), file, uri, undefined) };
    if (!cached || cached.imports.join('\0') !== outline.imports.join('\0')) this.reverse = undefined;
    this.outlines.set(file, outline);
    return outline;
  }

  /** Reads a file into the index and queues what its new text affects. While a folder is first
   *  scanned (`scanning`), every file is queued anyway, so importers are not looked up. */
  private async read(file: string, folder: string, scanning: boolean): Promise<void> {
    this.store(file, folder, await readPenFile(path.normalize(file)), scanning);
  }

  private store(file: string, folder: string, result: ReadResult, scanning: boolean): void {
    const key = path.normalize(file);
    if (!result.ok) {
      this.events.log(`penglaic: ${result.problem}`);
      const importers = this.files.has(key) ? this.importersOf(key) : new Set<string>();
      this.forget(key);
      for (const importer of importers) this.enqueue(importer);
      return;
    }
    if (result.notUtf8) this.events.log(`penglaic: \`${key}\` is not valid UTF-8; its bad bytes read as U+FFFD (diagnostic E0003)`);
    const previous = this.files.get(key);
    if (previous && previous.text === result.text) return;
    this.files.set(key, { file: key, uri: previous?.uri ?? this.workspace.uriOfFile(key) ?? fileToUri(key), text: result.text, folder });
    if (!previous) this.reverse = undefined;
    // A new file may also satisfy imports that failed before.
    for (const affected of scanning && !previous ? [key] : this.importersOf(key)) this.enqueue(affected);
  }

  private forget(file: string): void {
    if (this.files.has(file)) this.reverse = undefined;
    this.files.delete(file);
    this.outlines.delete(file);
    this.queue.delete(file);
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    const step = () => {
      const wait = this.pausedUntil - performance.now();
      if (wait > 0) {
        setTimeout(step, wait);
        return;
      }
      const next = this.queue.values().next();
      if (next.done) {
        this.draining = false;
        this.finishIfIdle();
        return;
      }
      this.queue.delete(next.value);
      const entry = this.files.get(next.value);
      try {
        if (entry && !this.workspace.get(entry.uri)) {
          const analysis = this.workspace.analyse(entry.uri);
          if (analysis) {
            this.outline(entry.file);
            this.events.analysed(analysis);
          }
        }
      } catch (error) {
        this.events.log(`penglaic: checking \`${next.value}\` in the background failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      setImmediate(step);
    };
    setImmediate(step);
  }

  private finishIfIdle(): void {
    if (this.busy || this.draining) return;
    if (this.indexedSince > 0) {
      this.events.log(`penglaic: indexed ${this.files.size} file${this.files.size === 1 ? '' : 's'} in ${Math.round(performance.now() - this.indexedSince)} ms`);
      this.indexedSince = 0;
    }
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}

function importsOf(program: ast.Program, file: string): string[] {
  const imports: string[] = [];
  for (const item of program.items) {
    if (item.kind === 'ImportDecl' && item.path) imports.push(path.normalize(path.join(path.dirname(file), item.path.value)));
  }
  return imports;
}

function flatten(symbols: readonly DocumentSymbol[], file: string, uri: string, containerName: string | undefined): IndexedSymbol[] {
  const out: IndexedSymbol[] = [];
  for (const symbol of symbols) {
    out.push({ name: symbol.name, kind: symbol.kind, containerName, file, uri, symbol });
    if (symbol.children) out.push(...flatten(symbol.children, file, uri, symbol.name));
  }
  return out;
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
