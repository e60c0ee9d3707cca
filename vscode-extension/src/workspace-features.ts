// The handlers that need the whole workspace rather than one document: the folders and the
// index behind them (workspace-index.ts), workspace symbols, the call and type hierarchies,
// the IPC graph (`penglaic/ipcGraph`, for the "Show IPC graph" command) and the index's
// status (`penglaic/indexStatus`). server.ts calls `registerWorkspaceFeatures` once and tells
// it about edits, closes and changes on disk; everything else lives here.
import * as path from 'node:path';
import {
  type CancellationToken,
  type Connection,
  type InitializeParams,
  type ResponseError,
  type ServerCapabilities,
  type TextDocumentPositionParams,
} from 'vscode-languageserver';
import type { Diagnostic } from '../../grammar/diagnostic.js';
import { groupByFile, toLspDiagnostic } from './diagnostics.js';
import { incomingCalls, outgoingCalls, prepareCallHierarchyAt, type HierarchyData } from './call-hierarchy.js';
import { ipcGraph, type IpcGraph } from './ipc-graph.js';
import { offsetAt } from './positions.js';
import { occurrencesByDeclaration } from './references.js';
import { subtypes, supertypes, prepareTypeHierarchyAt } from './type-hierarchy.js';
import { WorkspaceIndex, type IndexedSymbol } from './workspace-index.js';
import { workspaceSymbols } from './workspace-symbols.js';
import { documentSymbols } from './document-symbols.js';
import { fileToUri, uriToFile, type Analysis, type Workspace } from './workspace.js';

export const IPC_GRAPH_REQUEST = 'penglaic/ipcGraph';
export const INDEX_STATUS_REQUEST = 'penglaic/indexStatus';

export interface IndexStatus {
  indexing: boolean;
  files: number;
  /** How many times each file was checked as a root, by file name. */
  checks: Record<string, number>;
}

type Guard = <P, R>(name: string, fallback: R, handler: (params: P) => R) => (params: P, token?: CancellationToken) => R | ResponseError;

export interface WorkspaceFeatureHost {
  guarded: Guard;
  /** The current analysis of an open document (ContentModified when edits are waiting). */
  current(uri: string): Analysis | undefined;
  /** The pause after an edit before full checks (the index waits that long too). */
  fullCheckDelay: number;
}

export interface WorkspaceFeatures {
  index: WorkspaceIndex;
  capabilities(params: InitializeParams): ServerCapabilities;
  initialized(): void;
  /** A file changed on disk (workspace/didChangeWatchedFiles), before the open documents react. */
  fileChanged(uri: string, deleted: boolean): void;
  /** An open document's text changed. */
  edited(uri: string): void;
  /** A document was closed: the disk's version of it (and of its imports) is the truth again. */
  closed(uri: string, lastAnalysis: Analysis | undefined): void;
  /** The analyses that may mention the symbol `name` declared in `declarationFile`, besides `analysis`. */
  relatedAnalyses(analysis: Analysis, name: string, declarationFile: string): Analysis[];
  /** The latest analysis of every indexed file that has one: open ones current, closed ones
   *  from their background checks (for workspace/diagnostic). */
  indexedAnalyses(): Analysis[];
}

export function registerWorkspaceFeatures(connection: Connection, workspace: Workspace, host: WorkspaceFeatureHost): WorkspaceFeatures {
  const log = (message: string, warning: boolean) => {
    try {
      if (warning) connection.console.warn(message);
      else connection.console.info(message);
    } catch {
      // the connection has closed
    }
  };
  // Files that are not open show what the background checks found in them: each check (of a
  // file with its imports) contributes the diagnostics located in each file it read, so an
  // import cycle, reported in the file whose import closes it, reaches that file too.
  const contributions = new Map<string, Map<string, Diagnostic[]>>();
  const contributedTo = new Map<string, Set<string>>();
  const publishedClosed = new Set<string>();
  const republish = (target: string) => {
    if (workspace.get(target)) return;
    const seen = new Set<string>();
    const merged: Diagnostic[] = [];
    for (const list of contributions.get(target)?.values() ?? []) {
      for (const d of list) {
        const key = `${d.code}\0${d.span.start}\0${d.span.end}\0${d.message}`;
        if (!seen.has(key)) {
          seen.add(key);
          merged.push(d);
        }
      }
    }
    if (merged.length === 0 && !publishedClosed.has(target)) return;
    if (merged.length === 0) publishedClosed.delete(target);
    else publishedClosed.add(target);
    merged.sort((a, b) => a.span.start - b.span.start);
    connection.sendDiagnostics({ uri: target, diagnostics: merged.map(toLspDiagnostic) });
  };
  const index = new WorkspaceIndex(workspace, {
    log: (message) => log(message, !message.startsWith('penglaic: indexed ')),
    analysed: (analysis) => {
      // Built now, while the workspace is idle, rather than on the first find-references.
      occurrencesByDeclaration(analysis);
      const targets = new Set<string>();
      for (const [file, diagnostics] of groupByFile(analysis.checked.diagnostics)) {
        const target = workspace.uriOfFile(file) ?? index.uriOf(file) ?? fileToUri(file);
        targets.add(target);
        let byTarget = contributions.get(target);
        if (!byTarget) contributions.set(target, (byTarget = new Map()));
        byTarget.set(analysis.uri, diagnostics);
      }
      for (const stale of contributedTo.get(analysis.uri) ?? []) {
        if (!targets.has(stale)) contributions.get(stale)?.delete(analysis.uri);
      }
      const affected = new Set([...targets, ...(contributedTo.get(analysis.uri) ?? []), analysis.uri]);
      contributedTo.set(analysis.uri, targets);
      for (const target of affected) republish(target);
    },
  });
  let folders: string[] = [];
  let folderEvents = false;
  let importersTimer: NodeJS.Timeout | undefined;
  const editedFiles = new Set<string>();

  /** Analyses of the indexed files `files` and of every open document. */
  const analysesOf = (files: Iterable<string>, except: string): Analysis[] => {
    const found = new Map<string, Analysis>();
    for (const uri of workspace.openUris()) {
      if (uri === except) continue;
      const analysis = host.current(uri);
      if (analysis) found.set(uri, analysis);
    }
    for (const file of files) {
      const uri = workspace.uriOfFile(file) ?? index.uriOf(file);
      if (!uri || uri === except || found.has(uri)) continue;
      const analysis = workspace.get(uri) ? host.current(uri) : workspace.analyse(uri);
      if (analysis) found.set(uri, analysis);
    }
    return [...found.values()];
  };

  const related = (analysis: Analysis, name: string, declarationFile: string): Analysis[] => {
    const importers = index.importersOf(declarationFile);
    const mentioning = index.filesMentioning(name).filter((file) => importers.has(file));
    return analysesOf(mentioning, analysis.uri);
  };

  /** The analysis of the file an item (hierarchy data) is declared in. */
  const analysisOfItemFile = (data: HierarchyData | undefined): Analysis | undefined => {
    if (!data || typeof data.file !== 'string') return undefined;
    const uri = workspace.uriOfFile(data.file) ?? index.uriOf(data.file);
    if (uri) return workspace.get(uri) ? host.current(uri) : workspace.analyse(uri);
    // A file outside the workspace, imported by an open document: that document's analysis has it.
    return workspace.openUris().map((open) => host.current(open)).find((a) => a?.checked.sources.has(data.file));
  };

  const at = (params: TextDocumentPositionParams) => {
    const uri = params?.textDocument?.uri;
    if (typeof uri !== 'string' || !params.position) return undefined;
    const analysis = workspace.get(uri) ? host.current(uri) : workspace.analyse(uri);
    return analysis ? { analysis, offset: offsetAt(analysis.lines, params.position) } : undefined;
  };

  connection.onWorkspaceSymbol(
    host.guarded('workspaceSymbol', [], (params: { query?: unknown }) => {
      const symbols: IndexedSymbol[] = index.symbols();
      // Open documents outside every folder still count.
      for (const uri of workspace.openUris()) {
        const file = uriToFile(uri);
        if (index.textOf(file) !== undefined) continue;
        const analysis = workspace.lastAnalysis(uri) ?? workspace.analyse(uri);
        if (!analysis) continue;
        const flatten = (list: ReturnType<typeof documentSymbols>, containerName: string | undefined) => {
          for (const symbol of list) {
            symbols.push({ name: symbol.name, kind: symbol.kind, containerName, file, uri, symbol });
            if (symbol.children) flatten(symbol.children, symbol.name);
          }
        };
        flatten(documentSymbols(analysis.program), undefined);
      }
      return workspaceSymbols(symbols, typeof params?.query === 'string' ? params.query : '');
    }),
  );

  connection.languages.callHierarchy.onPrepare(
    host.guarded('prepareCallHierarchy', null, (params: TextDocumentPositionParams) => {
      const target = at(params);
      return target ? prepareCallHierarchyAt(target.analysis, target.offset) : null;
    }),
  );
  connection.languages.callHierarchy.onIncomingCalls(
    host.guarded('incomingCalls', [], (params: { item: { data?: unknown } & Parameters<typeof incomingCalls>[0] }) => {
      const data = params?.item?.data as HierarchyData | undefined;
      const own = analysisOfItemFile(data);
      if (!own || !data) return [];
      return incomingCalls(params.item, [own, ...related(own, data.name, data.file)]);
    }),
  );
  connection.languages.callHierarchy.onOutgoingCalls(
    host.guarded('outgoingCalls', [], (params: { item: Parameters<typeof outgoingCalls>[0] }) => {
      const own = analysisOfItemFile(params?.item?.data as HierarchyData | undefined);
      return own ? outgoingCalls(params.item, own) : [];
    }),
  );

  connection.languages.typeHierarchy.onPrepare(
    host.guarded('prepareTypeHierarchy', null, (params: TextDocumentPositionParams) => {
      const target = at(params);
      return target ? prepareTypeHierarchyAt(target.analysis, target.offset) : null;
    }),
  );
  connection.languages.typeHierarchy.onSupertypes(
    host.guarded('typeHierarchySupertypes', [], (params: { item: Parameters<typeof supertypes>[0] }) => {
      const own = analysisOfItemFile(params?.item?.data as HierarchyData | undefined);
      return own ? supertypes(params.item, own) : [];
    }),
  );
  connection.languages.typeHierarchy.onSubtypes(
    host.guarded('typeHierarchySubtypes', [], (params: { item: Parameters<typeof subtypes>[0] }) => {
      const data = params?.item?.data as HierarchyData | undefined;
      const own = analysisOfItemFile(data);
      if (!own || !data) return [];
      return subtypes(params.item, [own, ...related(own, data.name, data.file)]);
    }),
  );

  connection.onRequest(
    IPC_GRAPH_REQUEST,
    host.guarded('ipcGraph', null as IpcGraph | null, (params: { textDocument?: { uri?: unknown } }) => {
      const uri = params?.textDocument?.uri;
      if (typeof uri !== 'string') return null;
      const analysis = workspace.get(uri) ? host.current(uri) : workspace.analyse(uri);
      return analysis ? ipcGraph(analysis.checked) : null;
    }),
  );

  connection.onRequest(
    INDEX_STATUS_REQUEST,
    host.guarded('indexStatus', null as IndexStatus | null, () => ({ indexing: index.busy, files: index.fileCount, checks: Object.fromEntries(workspace.checks) })),
  );

  return {
    index,
    capabilities(params) {
      const given = Array.isArray(params?.workspaceFolders) ? params.workspaceFolders.map((f) => f?.uri).filter((u): u is string => typeof u === 'string') : [];
      if (given.length > 0) folders = given;
      else if (typeof params?.rootUri === 'string') folders = [params.rootUri];
      else if (typeof params?.rootPath === 'string' && path.isAbsolute(params.rootPath)) folders = [fileToUri(path.normalize(params.rootPath))];
      folderEvents = params?.capabilities?.workspace?.workspaceFolders === true;
      return {
        workspaceSymbolProvider: true,
        callHierarchyProvider: true,
        typeHierarchyProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      };
    },
    initialized() {
      for (const folder of folders) void index.addFolder(folder);
      if (folderEvents) {
        connection.workspace.onDidChangeWorkspaceFolders((event) => {
          for (const removed of event?.removed ?? []) if (typeof removed?.uri === 'string') index.removeFolder(removed.uri);
          for (const added of event?.added ?? []) if (typeof added?.uri === 'string') void index.addFolder(added.uri);
        });
      }
    },
    fileChanged(uri, deleted) {
      index.fileChanged(uri, deleted);
    },
    edited(uri) {
      // The closed files that import the edited one are checked again once typing pauses.
      index.pause(host.fullCheckDelay + 50);
      editedFiles.add(uriToFile(uri));
      clearTimeout(importersTimer);
      importersTimer = setTimeout(() => {
        for (const file of editedFiles) for (const importer of index.importersOf(file)) if (importer !== file) index.enqueue(importer);
        editedFiles.clear();
      }, host.fullCheckDelay + 50);
    },
    closed(uri, lastAnalysis) {
      const file = uriToFile(uri);
      index.enqueue(file);
      for (const dependency of lastAnalysis?.dependencies.keys() ?? []) index.enqueue(dependency);
      for (const importer of index.importersOf(file)) if (importer !== file) index.enqueue(importer);
    },
    relatedAnalyses: related,
    indexedAnalyses() {
      const found = new Map<string, Analysis>();
      for (const uri of workspace.openUris()) {
        const analysis = host.current(uri);
        if (analysis) found.set(uri, analysis);
      }
      for (const file of index.indexedFiles()) {
        const uri = fileToUri(file);
        const analysis = found.has(uri) ? undefined : workspace.lastAnalysis(uri);
        if (analysis) found.set(uri, analysis);
      }
      return [...found.values()];
    },
  };
}
