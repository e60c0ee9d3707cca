// The language server: a list of small handlers over the workspace's analyses. Each handler says
// how fresh its document must be: diagnostics, hover, definition and the rest need the current
// text checked; completion answers from the last analysis so typing never waits for the checker.
import {
  createConnection,
  ResponseError,
  ErrorCodes,
  LSPErrorCodes,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type CancellationToken,
  type DiagnosticServerCancellationData,
  type Connection,
  type InitializeResult,
  type TextDocumentPositionParams,
  type WatchDog,
} from 'vscode-languageserver';
import { createProtocolConnection, StreamMessageWriter } from 'vscode-languageserver/node';
import { EditableText } from './editable-text.js';
import { ProtocolGate } from './protocol-gate.js';
import { RecoveringMessageReader } from './protocol-reader.js';
import { codeActionsFor } from './code-actions.js';
import { completionsAt } from './completion.js';
import { resolveCompletion } from './completion-resolve.js';
import { declarationAt } from './declaration.js';
import { documentLinks } from './document-links.js';
import { foldingRanges } from './folding-ranges.js';
import { inlayHints } from './inlay-hints.js';
import { documentDiagnosticReport, workspaceDiagnosticReports } from './pull-diagnostics.js';
import { ON_TYPE_TRIGGERS, onTypeFormattingEdits, rangeFormattingEdits } from './range-formatting.js';
import { selectionRanges } from './selection-ranges.js';
import { SemanticTokensHistory, semanticTokensInRange, tokensOf } from './semantic-tokens-delta.js';
import { typeDefinitionAt } from './type-definition.js';
import { useDocsRoot } from './code-docs.js';
import { groupByFile, toLspDiagnostic } from './diagnostics.js';
import { documentSymbols } from './document-symbols.js';
import { formatSource } from '../../grammar/format.js';
import { hoverAt } from './hover.js';
import { offsetInDocument } from './document-bounds.js';
import { offsetAt, rangeOf } from './positions.js';
import { quickDiagnostics } from './quick-diagnostics.js';
import { definitionAt, prepareRenameAt, referencesAt, renameAt, symbolAt } from './references.js';
import { bindingName } from './describe.js';
import { semanticTokensLegend } from './semantic-tokens.js';
import { signatureHelpAt } from './signature-help.js';
import { changedRegion, mapToOld } from './text-diff.js';
import { fileToUri, uriToFile, Workspace, type Analysis } from './workspace.js';
import { registerWorkspaceFeatures } from './workspace-features.js';

export interface LanguageServerOptions {
  /** Called on the `exit` notification or when the input ends; the stdio entry exits the process. */
  onExit?: (code: number) => void;
  /** Texts at least this long get quick diagnostics first, the full check after a pause
   *  (quick-diagnostics.ts). Default 20,000 characters: below it the full check is fast. */
  quickCheckFrom?: number;
  /** The pause after the last edit before the full check, in ms (default 300). */
  fullCheckDelay?: number;
  /** Where the reference pages live, for `codeDescription` links (default: found above the
   *  running script, code-docs.ts). */
  docsRoot?: string;
}

export interface LanguageServer {
  connection: Connection;
  workspace: Workspace;
}

export function startLanguageServer(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  options: LanguageServerOptions = {},
): LanguageServer {
  let shutdownReceived = false;
  let exited = false;
  const exit = (code: number) => {
    if (exited) return;
    exited = true;
    // Let answers to requests that arrived before `exit` (still being computed) go out first.
    setTimeout(() => options.onExit?.(code), 20);
  };
  // Our own watchdog: the library's default one calls process.exit, which must not happen when
  // the server runs inside another program (tests, `penglaic lsp` in-process).
  const watchDog: WatchDog = {
    initialize: () => {},
    get shutdownReceived() {
      return shutdownReceived;
    },
    set shutdownReceived(value: boolean) {
      shutdownReceived = value;
    },
    exit: (code: number) => exit(code),
  };
  const writer = new StreamMessageWriter(output);
  const gate = new ProtocolGate(writer);
  const reader = new RecoveringMessageReader(input, { onFault: (fault) => gate.answerFault(fault), onArrival: (m) => gate.arrived(m) });
  const connection = createConnection(
    (logger) => createProtocolConnection(reader, writer, logger, gate.connectionOptions()),
    watchDog,
  );
  // The connection dispatches one message per event-loop turn: answer everything that
  // arrived before leaving (a peer may write its whole session and close at once).
  input.on('end', () => {
    const closed = Date.now();
    const whenAnswered = () => {
      if (gate.queued > 0 && Date.now() - closed < 30_000) setTimeout(whenAnswered, 20);
      else exit(shutdownReceived ? 0 : 1);
    };
    setTimeout(whenAnswered, 20);
  });
  return serveConnection(connection, gate, options);
}

/**
 * The language server on a connection over any transport: stdio above, a Web Worker's
 * messages in the playground (playground/src/lsp-worker.ts). `gate` must see each message as
 * it arrives (ProtocolGate.arrived) and answer through the connection's writer.
 */
export function serveConnection(connection: Connection, gate: ProtocolGate, options: LanguageServerOptions = {}): LanguageServer {
  if (options.docsRoot !== undefined) useDocsRoot(options.docsRoot);
  gate.log = (message) => connection.console.warn(message);
  const workspace = new Workspace();
  registerHandlers(connection, workspace, gate, options);
  connection.listen();
  return { connection, workspace };
}

function logFailure(connection: Connection, name: string, error: unknown): void {
  connection.console.error(`penglaic: ${name} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
}

/**
 * Runs a request handler, turning any bug into an empty answer and a log line instead of a
 * dead server. A request cancelled before it ran is answered RequestCancelled (-32800); a
 * ResponseError (ContentModified for a stale request) is the answer itself.
 */
function guarded<P, R>(connection: Connection, name: string, fallback: R, handler: (params: P) => R): (params: P, token?: CancellationToken) => R | ResponseError {
  return (params: P, token?: CancellationToken) => {
    if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, `${name} was cancelled`);
    try {
      return handler(params);
    } catch (error) {
      if (error instanceof ResponseError) return error;
      logFailure(connection, name, error);
      return fallback;
    }
  };
}

/** A diagnostic request about a text with edits waiting is cancelled by the server, and the
 *  client asked to send it again (LSP 3.17 "Document Diagnostics": ServerCancelled with
 *  DiagnosticServerCancellationData.retriggerRequest), instead of the ContentModified others get. */
function retriggerable<P, R>(run: (params: P, token?: CancellationToken) => R | ResponseError): (params: P, token?: CancellationToken) => R | ResponseError<DiagnosticServerCancellationData> {
  return (params: P, token?: CancellationToken) => {
    const result = run(params, token);
    if (!(result instanceof ResponseError)) return result;
    const stale = result.code === LSPErrorCodes.ContentModified;
    return new ResponseError<DiagnosticServerCancellationData>(stale ? LSPErrorCodes.ServerCancelled : result.code, result.message, { retriggerRequest: true });
  };
}

/** A notification handler that logs a bug instead of losing the connection. */
function guardedNotification<P>(connection: Connection, name: string, handler: (params: P) => void): (params: P) => void {
  return (params: P) => {
    try {
      handler(params);
    } catch (error) {
      logFailure(connection, name, error);
    }
  };
}

function registerHandlers(connection: Connection, workspace: Workspace, gate: ProtocolGate, options: LanguageServerOptions): void {
  const quickCheckFrom = options.quickCheckFrom ?? 20_000;
  const fullCheckDelay = options.fullCheckDelay ?? 300;
  const fullCheckTimers = new Map<string, NodeJS.Timeout>();
  const textDocuments = new Map<string, EditableText>();
  const pending = new Set<string>();
  /** URIs of other files that received diagnostics from a document's analysis. */
  const publishedTo = new Map<string, Set<string>>();

  const completionClient = { snippets: false };
  let watchFiles = false;
  let pullDiagnostics = true;
  /** A client that pulls gets no pushed diagnostics as well (it would show both), only refreshes. */
  let clientPulls = false;
  let refreshSupport = false;
  let refreshWanted = false;
  const semanticHistory = new SemanticTokensHistory();
  const features = registerWorkspaceFeatures(connection, workspace, {
    guarded: (name, fallback, handler) => guarded(connection, name, fallback, handler),
    current: (uri) => current(uri),
    fullCheckDelay,
  });
  connection.onInitialize(
    (params): InitializeResult => {
      // A client that shows pushed and pulled diagnostics side by side (VS Code's) opts out.
      pullDiagnostics = (params.initializationOptions as { pullDiagnostics?: unknown } | undefined)?.pullDiagnostics !== false;
      clientPulls = pullDiagnostics && params.capabilities?.textDocument?.diagnostic !== undefined;
      refreshSupport = params.capabilities?.workspace?.diagnostics?.refreshSupport === true;
      completionClient.snippets = params.capabilities?.textDocument?.completion?.completionItem?.snippetSupport === true;
      watchFiles = params.capabilities?.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
      return {
        capabilities: {
          textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
          hoverProvider: true,
          completionProvider: { triggerCharacters: ['.', ' '], resolveProvider: true },
          signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [','] },
          definitionProvider: true,
          referencesProvider: true,
          documentHighlightProvider: true,
          documentSymbolProvider: true,
          semanticTokensProvider: { legend: semanticTokensLegend, full: { delta: true }, range: true },
          renameProvider: { prepareProvider: true },
          documentFormattingProvider: true,
          codeActionProvider: { codeActionKinds: ['quickfix'] },
          foldingRangeProvider: true,
          selectionRangeProvider: true,
          inlayHintProvider: true,
          typeDefinitionProvider: true,
          declarationProvider: true,
          documentLinkProvider: { resolveProvider: false },
          ...(pullDiagnostics ? { diagnosticProvider: { identifier: 'penglaic', interFileDependencies: true, workspaceDiagnostics: true } } : {}),
          documentRangeFormattingProvider: true,
          documentOnTypeFormattingProvider: ON_TYPE_TRIGGERS,
          ...features.capabilities(params),
        },
        serverInfo: { name: 'penglaic', version: '0.1.0' },
      };
    },
  );

  // Imported files that are not open change on disk without the editor telling us, unless
  // we ask it to watch them (LSP has no static registration for this).
  connection.onInitialized(() => {
    features.initialized();
    if (watchFiles) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.pen' }] }).catch(reportFailure);
  });

  connection.onDidChangeWatchedFiles(
    guardedNotification(connection, 'didChangeWatchedFiles', (params) => {
      for (const change of Array.isArray(params.changes) ? params.changes : []) {
        if (typeof change?.uri !== 'string') continue;
        const file = uriToFile(change.uri);
        features.fileChanged(change.uri, change.type === 3);
        // An open buffer is the truth for its file; its own edits already recheck dependents.
        if (workspace.get(change.uri) || workspace.isOpenFile(file)) continue;
        for (const open of workspace.openUris()) {
          const last = workspace.lastAnalysis(open);
          if (!last || !workspace.dependsOn(last, file)) continue;
          workspace.forget(open);
          schedule(open);
        }
      }
    }),
  );

  /**
   * A request about a document with edits already received but not yet applied would be
   * answered for a text the client has left behind: it gets ContentModified (LSP 3.17
   * "Error Codes"), and the analysis that would have been wasted is not run.
   */
  const current = (uri: string): Analysis | undefined => {
    if (gate.editsPending(uri)) throw new ResponseError(LSPErrorCodes.ContentModified, `${uri} changed after this request was sent`);
    return workspace.analyse(uri);
  };

  const publish = (uri: string) => {
    pending.delete(uri);
    // A pulling client asks again after its own edits; one refresh per round of checks covers
    // the documents that import the edited one (LSP 3.17 "Diagnostics Refresh").
    if (clientPulls) {
      refreshWanted = refreshSupport;
      return;
    }
    const document = workspace.get(uri);
    const previous = workspace.lastAnalysis(uri);
    if (document && previous && previous.text !== document.text && document.text.length >= quickCheckFrom) {
      const quick = quickDiagnostics(previous, document.text, (file) => workspace.readFile(file));
      if (quick) {
        connection.sendDiagnostics({ uri, version: document.version, diagnostics: quick.diagnostics.map(toLspDiagnostic) });
        clearTimeout(fullCheckTimers.get(uri));
        fullCheckTimers.set(uri, setTimeout(() => {
          fullCheckTimers.delete(uri);
          try {
            // Edits already received re-arm this timer when they are applied.
            if (workspace.get(uri) && !gate.editsPending(uri)) publishFull(uri);
          } catch (error) {
            reportFailure(error);
          }
        }, fullCheckDelay));
        return;
      }
    }
    publishFull(uri);
  };

  const publishFull = (uri: string) => {
    clearTimeout(fullCheckTimers.get(uri));
    fullCheckTimers.delete(uri);
    const analysis = workspace.analyse(uri);
    if (!analysis) return;
    const groups = groupByFile(analysis.checked.diagnostics);
    const own = groups.get(analysis.file) ?? [];
    connection.sendDiagnostics({ uri, version: analysis.version, diagnostics: own.map(toLspDiagnostic) });
    // Problems in imported files that are not open would otherwise be invisible in the editor.
    const previous = publishedTo.get(uri) ?? new Set<string>();
    const now = new Set<string>();
    for (const [file, diagnostics] of groups) {
      const target = fileToUri(file);
      if (file === analysis.file || workspace.get(target)) continue;
      now.add(target);
      connection.sendDiagnostics({ uri: target, diagnostics: diagnostics.map(toLspDiagnostic) });
    }
    // Open documents publish their own diagnostics; only clear files nobody else reports on.
    for (const stale of previous) if (!now.has(stale) && !workspace.get(stale)) connection.sendDiagnostics({ uri: stale, diagnostics: [] });
    publishedTo.set(uri, now);
    // A document whose tokens the editor follows will be asked for a delta next: its tokens are
    // computed now, once the diagnostics are out, unless newer text has arrived meanwhile.
    if (semanticHistory.follows(uri)) setTimeout(() => { if (workspace.lastAnalysis(uri) === analysis) tokensOf(analysis); }, 0);
  };

  // A check that fails is logged to the client; once the connection has closed (a timer
  // firing after shutdown), there is nobody left to tell.
  const reportFailure = (error: unknown) => {
    try {
      connection.console.error(`penglaic: diagnostics failed: ${error instanceof Error ? error.stack : String(error)}`);
    } catch {
      // the connection is gone
    }
  };

  // Edits arrive in bursts (a paste, a client replaying changes); checking once per burst keeps
  // latency low. The JSON-RPC layer handles one message per event-loop turn, so an immediate
  // would run between every two edits; a 1 ms timer lets the queued ones land first. Once a
  // check is slow, edits pile up behind it faster than a timer can tell: a document with
  // edits received but not yet applied is not checked at all (the check would be stale
  // before it is published); its last edit schedules the check of the merged text.
  const schedule = (uri: string) => {
    if (pending.has(uri)) return;
    pending.add(uri);
    setTimeout(() => {
      try {
        for (const open of workspace.openUris()) {
          if (!pending.has(open)) continue;
          if (gate.editsPending(open)) pending.delete(open);
          else publish(open);
        }
        if (refreshWanted) void connection.languages.diagnostics.refresh().catch(reportFailure);
        refreshWanted = false;
      } catch (error) {
        reportFailure(error);
      }
    }, 1);
  };

  /** The changed document and every open document that imports it. */
  const scheduleAffected = (uri: string) => {
    schedule(uri);
    const file = uriToFile(uri);
    for (const open of workspace.openUris()) {
      const last = workspace.lastAnalysis(open);
      if (open !== uri && last && workspace.dependsOn(last, file)) schedule(open);
    }
  };

  connection.onDidOpenTextDocument(
    guardedNotification(connection, 'didOpen', (params) => {
      const { uri, text, version } = params.textDocument;
      if (typeof uri !== 'string' || typeof text !== 'string') return;
      textDocuments.set(uri, new EditableText(text, version ?? 0));
      workspace.open(uri, text, version ?? 0);
      scheduleAffected(uri);
    }),
  );

  /** Documents whose changes the workspace has not seen yet (see didChange). */
  const unsynced = new Set<string>();
  connection.onDidChangeTextDocument(
    guardedNotification(connection, 'didChange', (params) => {
      const { uri, version } = params.textDocument;
      const document = textDocuments.get(uri);
      if (!document) return;
      // Versions increase with every change (LSP 3.17 VersionedTextDocumentIdentifier); an
      // older one is a change out of order, and applying it would corrupt the text.
      if (typeof version === 'number' && version < document.version) {
        connection.console.warn(`penglaic: ignored a didChange of ${uri} to version ${version}: the document is already at version ${document.version}`);
      } else if (Array.isArray(params.contentChanges)) {
        document.apply(params.contentChanges, version ?? document.version + 1);
        unsynced.add(uri);
      }
      // Merge a burst: while more edits of this document wait in the queue, only its lines
      // change; the text is joined, handed to the workspace and checked after the last one.
      if (gate.editsPending(uri) || !unsynced.delete(uri)) return;
      workspace.update(uri, document.text, document.version);
      features.edited(uri);
      scheduleAffected(uri);
    }),
  );

  connection.onDidCloseTextDocument(
    guardedNotification(connection, 'didClose', (params) => {
      const uri = params.textDocument.uri;
      const last = workspace.lastAnalysis(uri);
      textDocuments.delete(uri);
      unsynced.delete(uri);
      workspace.close(uri);
      clearTimeout(fullCheckTimers.get(uri));
      fullCheckTimers.delete(uri);
      pending.delete(uri);
      semanticHistory.forget(uri);
      connection.sendDiagnostics({ uri, diagnostics: [] });
      for (const stale of publishedTo.get(uri) ?? []) connection.sendDiagnostics({ uri: stale, diagnostics: [] });
      publishedTo.delete(uri);
      features.closed(uri, last);
    }),
  );

  /** The current analysis and the cursor's offset in it. */
  const at = (params: TextDocumentPositionParams): { analysis: Analysis; offset: number } | undefined => {
    const analysis = current(params.textDocument.uri);
    if (!analysis || !params.position) return undefined;
    return { analysis, offset: offsetAt(analysis.lines, params.position) };
  };

  connection.onHover(
    guarded(connection, 'hover', null, (params) => {
      const target = at(params);
      return target ? hoverAt(target.analysis, target.offset) : null;
    }),
  );

  connection.onCompletion(
    guarded(connection, 'completion', [], (params) => {
      const document = textDocuments.get(params.textDocument.uri);
      if (!document || !params.position) return [];
      const position = params.position;
      const line = document.lineBefore(position);
      // A stale analysis is good enough for names (see the file comment); only analyse when
      // there is none yet.
      const analysis = workspace.lastAnalysis(params.textDocument.uri) ?? workspace.analyse(params.textDocument.uri);
      if (!analysis) return [];
      const text = document.text;
      const offset = analysis.text === text ? document.offsetAt(position) : mapToOld(changedRegion(analysis.text, text), document.offsetAt(position));
      return completionsAt(analysis, offset, line, completionClient);
    }),
  );

  connection.onSignatureHelp(
    guarded(connection, 'signatureHelp', null, (params) => {
      const target = at(params);
      return target ? signatureHelpAt(target.analysis, target.offset) : null;
    }),
  );

  connection.onDefinition(
    guarded(connection, 'definition', null, (params) => {
      const target = at(params);
      return target ? definitionAt(target.analysis, target.offset) : null;
    }),
  );

  /** Analyses of the other open documents and of the workspace's files that may mention the symbol at the cursor. */
  const otherAnalyses = (analysis: Analysis, offset: number) => {
    const symbol = symbolAt(analysis, offset);
    // Locals and parameters are only seen in their own function.
    if (!symbol || symbol.binding.kind === 'local' || symbol.binding.kind === 'param') return [];
    return features.relatedAnalyses(analysis, bindingName(symbol.binding), symbol.declaration.file);
  };

  connection.onReferences(
    guarded(connection, 'references', [], (params) => {
      const target = at(params);
      if (!target) return [];
      return referencesAt(target.analysis, target.offset, otherAnalyses(target.analysis, target.offset), params.context?.includeDeclaration !== false);
    }),
  );

  connection.onDocumentHighlight(
    guarded(connection, 'documentHighlight', [], (params) => {
      const target = at(params);
      if (!target) return [];
      return referencesAt(target.analysis, target.offset, [], true)
        .filter((location) => location.uri === target.analysis.uri || uriToFile(location.uri) === target.analysis.file)
        .map((location) => ({ range: location.range }));
    }),
  );

  connection.onPrepareRename(
    guarded(connection, 'prepareRename', null, (params) => {
      const target = at(params);
      return target ? prepareRenameAt(target.analysis, target.offset) : null;
    }),
  );

  connection.onRenameRequest((params, token) => {
    if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'rename was cancelled');
    try {
      const target = at(params);
      if (!target) return null;
      const result = renameAt(target.analysis, target.offset, String(params.newName), otherAnalyses(target.analysis, target.offset));
      return result.ok ? result.edit : new ResponseError(ErrorCodes.InvalidParams, result.message);
    } catch (error) {
      if (error instanceof ResponseError) return error;
      logFailure(connection, 'rename', error);
      return null;
    }
  });

  connection.onDocumentSymbol(
    guarded(connection, 'documentSymbol', [], (params) => {
      const analysis = current(params.textDocument.uri);
      return analysis ? documentSymbols(analysis.program) : [];
    }),
  );

  connection.languages.semanticTokens.on(
    guarded(connection, 'semanticTokens', { data: [] }, (params) => {
      const analysis = current(params.textDocument.uri);
      return analysis ? semanticHistory.full(params.textDocument.uri, tokensOf(analysis)) : { data: [] };
    }),
  );

  connection.onDocumentFormatting(
    guarded(connection, 'formatting', [], (params) => {
      const document = workspace.get(params.textDocument.uri);
      if (!document) return [];
      // One canonical layout, as `penglaic fmt` writes it, whatever the editor's tab size.
      const formatted = formatSource(document.text);
      if (formatted === document.text) return [];
      const analysis = current(params.textDocument.uri)!;
      return [{ range: rangeOf(analysis.lines, 0, document.text.length), newText: formatted }];
    }),
  );

  connection.onCodeAction(
    guarded(connection, 'codeAction', [], (params) => {
      const analysis = current(params.textDocument.uri);
      return analysis && params.range ? codeActionsFor(analysis, params.range) : [];
    }),
  );

  /** A request about one document, answered by `feature` from its current analysis. */
  const documentRequest = <P extends { textDocument: { uri: string } }, R>(name: string, fallback: R, feature: (analysis: Analysis, params: P) => R) =>
    guarded(connection, name, fallback, (params: P) => {
      // A request without a document names nothing to answer about: not a server fault to log.
      const uri: unknown = params?.textDocument?.uri;
      const analysis = typeof uri === 'string' ? current(uri) : undefined;
      return analysis ? feature(analysis, params) : fallback;
    });
  /** A request about a position, answered by `feature`; null for a position outside the document. */
  const positionRequest = <R>(name: string, feature: (analysis: Analysis, offset: number) => R | null) =>
    documentRequest(name, null, (analysis, params: TextDocumentPositionParams) => {
      const offset = offsetInDocument(analysis.lines, params.position);
      return offset === undefined ? null : feature(analysis, offset);
    });

  connection.languages.semanticTokens.onRange(documentRequest('semanticTokens/range', { data: [] }, (analysis, params) => semanticTokensInRange(analysis, tokensOf(analysis), params.range)));
  connection.languages.semanticTokens.onDelta(
    documentRequest('semanticTokens/full/delta', { edits: [] }, (analysis, params) => semanticHistory.delta(analysis.uri, params.previousResultId, tokensOf(analysis))),
  );
  // Like completion, resolve reads the last analysis: the list it documents came from it.
  connection.onCompletionResolve((item, token) =>
    guarded(connection, 'completionItem/resolve', item, (i: typeof item) => resolveCompletion(i, (uri) => workspace.lastAnalysis(uri) ?? workspace.analyse(uri)))(item, token),
  );
  connection.onFoldingRanges(documentRequest('foldingRange', [], (analysis) => foldingRanges(analysis)));
  connection.onSelectionRanges(documentRequest('selectionRange', [], (analysis, params) => (Array.isArray(params.positions) ? selectionRanges(analysis, params.positions) : [])));
  connection.languages.inlayHint.on(documentRequest('inlayHint', [], (analysis, params) => inlayHints(analysis, params.range)));
  connection.onTypeDefinition(positionRequest('typeDefinition', typeDefinitionAt));
  connection.onDeclaration(positionRequest('declaration', declarationAt));
  connection.onDocumentLinks(documentRequest('documentLink', [], (analysis) => documentLinks(analysis)));
  connection.languages.diagnostics.on(
    retriggerable(documentRequest('diagnostic', { kind: 'full', items: [] }, (analysis, params) => documentDiagnosticReport(analysis, params.previousResultId, (uri) => workspace.get(uri) !== undefined))),
  );
  connection.languages.diagnostics.onWorkspace(
    retriggerable(guarded(connection, 'workspace/diagnostic', { items: [] }, (params) => ({
      items: workspaceDiagnosticReports(features.indexedAnalyses(), params.previousResultIds),
    }))),
  );
  connection.onDocumentRangeFormatting(documentRequest('rangeFormatting', [], (analysis, params) => rangeFormattingEdits(analysis, params.range)));
  connection.onDocumentOnTypeFormatting(documentRequest('onTypeFormatting', [], (analysis, params) => onTypeFormattingEdits(analysis, params.position, params.ch)));
}
