// The language server: a list of small handlers over the workspace's analyses. Each handler says
// how fresh its document must be: diagnostics, hover, definition and the rest need the current
// text checked; completion answers from the last analysis so typing never waits for the checker.
import {
  createConnection,
  ResponseError,
  ErrorCodes,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
  type TextDocumentPositionParams,
  type WatchDog,
} from 'vscode-languageserver';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActionsFor } from './code-actions.js';
import { completionsAt } from './completion.js';
import { useDocsRoot } from './code-docs.js';
import { groupByFile, toLspDiagnostic } from './diagnostics.js';
import { documentSymbols } from './document-symbols.js';
import { formatSource } from '../../grammar/format.js';
import { hoverAt } from './hover.js';
import { offsetAt, rangeOf } from './positions.js';
import { quickDiagnostics } from './quick-diagnostics.js';
import { definitionAt, prepareRenameAt, referencesAt, renameAt } from './references.js';
import { semanticTokens, semanticTokensLegend } from './semantic-tokens.js';
import { signatureHelpAt } from './signature-help.js';
import { changedRegion, mapToOld } from './text-diff.js';
import { fileToUri, uriToFile, Workspace, type Analysis } from './workspace.js';

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
  if (options.docsRoot !== undefined) useDocsRoot(options.docsRoot);
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
  const connection = createConnection(
    (logger) => createProtocolConnection(new StreamMessageReader(input), new StreamMessageWriter(output), logger),
    watchDog,
  );
  // The reader hands messages over asynchronously: answer what already arrived before leaving.
  input.on('end', () => setTimeout(() => exit(shutdownReceived ? 0 : 1), 100));
  const workspace = new Workspace();
  registerHandlers(connection, workspace, options);
  connection.listen();
  return { connection, workspace };
}

/** Runs a handler, turning any bug into an empty answer and a log line instead of a dead server. */
function guarded<P, R>(connection: Connection, name: string, fallback: R, handler: (params: P) => R): (params: P) => R {
  return (params: P) => {
    try {
      return handler(params);
    } catch (error) {
      connection.console.error(`penglaic: ${name} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      return fallback;
    }
  };
}

function registerHandlers(connection: Connection, workspace: Workspace, options: LanguageServerOptions): void {
  const quickCheckFrom = options.quickCheckFrom ?? 20_000;
  const fullCheckDelay = options.fullCheckDelay ?? 300;
  const fullCheckTimers = new Map<string, NodeJS.Timeout>();
  const textDocuments = new Map<string, TextDocument>();
  const pending = new Set<string>();
  /** URIs of other files that received diagnostics from a document's analysis. */
  const publishedTo = new Map<string, Set<string>>();

  const completionClient = { snippets: false };
  connection.onInitialize(
    (params): InitializeResult => {
      completionClient.snippets = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
      return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['.', ' '] },
        signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [','] },
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        documentSymbolProvider: true,
        semanticTokensProvider: { legend: semanticTokensLegend, full: true },
        renameProvider: { prepareProvider: true },
        documentFormattingProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
      },
      serverInfo: { name: 'penglaic', version: '0.1.0' },
      };
    },
  );

  const publish = (uri: string) => {
    pending.delete(uri);
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
            if (workspace.get(uri)) publishFull(uri);
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
  // would run between every two edits; a 1 ms timer lets the queued ones land first.
  const schedule = (uri: string) => {
    if (pending.has(uri)) return;
    pending.add(uri);
    setTimeout(() => {
      try {
        for (const open of workspace.openUris()) if (pending.has(open)) publish(open);
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
    guarded(connection, 'didOpen', undefined, (params) => {
      const { uri, text, version } = params.textDocument;
      if (typeof uri !== 'string' || typeof text !== 'string') return;
      textDocuments.set(uri, TextDocument.create(uri, 'penglai', version ?? 0, text));
      workspace.open(uri, text, version ?? 0);
      scheduleAffected(uri);
    }),
  );

  connection.onDidChangeTextDocument(
    guarded(connection, 'didChange', undefined, (params) => {
      const { uri, version } = params.textDocument;
      const document = textDocuments.get(uri);
      if (!document || !Array.isArray(params.contentChanges)) return;
      const updated = TextDocument.update(document, params.contentChanges, version ?? document.version + 1);
      textDocuments.set(uri, updated);
      workspace.update(uri, updated.getText(), updated.version);
      scheduleAffected(uri);
    }),
  );

  connection.onDidCloseTextDocument(
    guarded(connection, 'didClose', undefined, (params) => {
      const uri = params.textDocument.uri;
      textDocuments.delete(uri);
      workspace.close(uri);
      clearTimeout(fullCheckTimers.get(uri));
      fullCheckTimers.delete(uri);
      pending.delete(uri);
      connection.sendDiagnostics({ uri, diagnostics: [] });
      for (const stale of publishedTo.get(uri) ?? []) connection.sendDiagnostics({ uri: stale, diagnostics: [] });
      publishedTo.delete(uri);
    }),
  );

  /** The current analysis and the cursor's offset in it. */
  const at = (params: TextDocumentPositionParams): { analysis: Analysis; offset: number } | undefined => {
    const analysis = workspace.analyse(params.textDocument.uri);
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
      const line = document.getText({ start: { line: position.line, character: 0 }, end: position });
      // A stale analysis is good enough for names (see the file comment); only analyse when
      // there is none yet.
      const analysis = workspace.lastAnalysis(params.textDocument.uri) ?? workspace.analyse(params.textDocument.uri);
      if (!analysis) return [];
      const text = document.getText();
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

  /** Analyses of the other open documents: they may import the one a request is about. */
  const otherAnalyses = (uri: string) =>
    workspace.openUris().filter((other) => other !== uri).map((other) => workspace.analyse(other)).filter((a): a is Analysis => a !== undefined);

  connection.onReferences(
    guarded(connection, 'references', [], (params) => {
      const target = at(params);
      if (!target) return [];
      return referencesAt(target.analysis, target.offset, otherAnalyses(target.analysis.uri), params.context?.includeDeclaration !== false);
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

  connection.onRenameRequest((params) => {
    try {
      const target = at(params);
      if (!target) return null;
      const result = renameAt(target.analysis, target.offset, String(params.newName), otherAnalyses(target.analysis.uri));
      return result.ok ? result.edit : new ResponseError(ErrorCodes.InvalidParams, result.message);
    } catch (error) {
      connection.console.error(`penglaic: rename failed: ${error instanceof Error ? error.stack : String(error)}`);
      return null;
    }
  });

  connection.onDocumentSymbol(
    guarded(connection, 'documentSymbol', [], (params) => {
      const analysis = workspace.analyse(params.textDocument.uri);
      return analysis ? documentSymbols(analysis.program) : [];
    }),
  );

  connection.languages.semanticTokens.on(
    guarded(connection, 'semanticTokens', { data: [] }, (params) => {
      const analysis = workspace.analyse(params.textDocument.uri);
      return analysis ? semanticTokens(analysis) : { data: [] };
    }),
  );

  connection.onDocumentFormatting(
    guarded(connection, 'formatting', [], (params) => {
      const document = workspace.get(params.textDocument.uri);
      if (!document) return [];
      // One canonical layout, as `penglaic fmt` writes it, whatever the editor's tab size.
      const formatted = formatSource(document.text);
      if (formatted === document.text) return [];
      const analysis = workspace.analyse(params.textDocument.uri)!;
      return [{ range: rangeOf(analysis.lines, 0, document.text.length), newText: formatted }];
    }),
  );

  connection.onCodeAction(
    guarded(connection, 'codeAction', [], (params) => {
      const analysis = workspace.analyse(params.textDocument.uri);
      return analysis && params.range ? codeActionsFor(analysis, params.range) : [];
    }),
  );
}
