// A small LSP client between Monaco and the language server worker: the page opens each file
// of the program as a document, sends every edit, shows published diagnostics as markers
// (with their codes), and asks the server for hover, completion, signature help, formatting
// and quick fixes through Monaco's providers. Positions: LSP lines and characters count from
// 0 in UTF-16 units, Monaco's from 1.
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import { BrowserMessageReader, BrowserMessageWriter, createProtocolConnection, type ProtocolConnection } from 'vscode-languageserver-protocol/browser';
import type * as lsp from 'vscode-languageserver-protocol';

export const LANGUAGE_ID = 'penglai';

const toRange = (r: lsp.Range) => new monaco.Range(r.start.line + 1, r.start.character + 1, r.end.line + 1, r.end.character + 1);
const toPosition = (p: monaco.IPosition): lsp.Position => ({ line: p.lineNumber - 1, character: p.column - 1 });
const fromRange = (r: monaco.IRange): lsp.Range => ({ start: { line: r.startLineNumber - 1, character: r.startColumn - 1 }, end: { line: r.endLineNumber - 1, character: r.endColumn - 1 } });
const severity = (s: lsp.DiagnosticSeverity | undefined) =>
  s === 1 ? monaco.MarkerSeverity.Error : s === 2 ? monaco.MarkerSeverity.Warning : s === 3 ? monaco.MarkerSeverity.Info : monaco.MarkerSeverity.Hint;
const markdown = (contents: lsp.Hover['contents']): monaco.IMarkdownString[] =>
  (Array.isArray(contents) ? contents : [contents]).map((c) => ({ value: typeof c === 'string' ? c : 'kind' in c ? c.value : '```' + c.language + '\n' + c.value + '\n```' }));

export class LanguageClient {
  private readonly connection: ProtocolConnection;
  private readonly versions = new Map<string, number>();
  /** The diagnostics last published per document, with their `data`, for quick fixes. */
  private readonly published = new Map<string, lsp.Diagnostic[]>();
  readonly ready: Promise<void>;
  /** Called after markers of a model change (the page's status line, tests). */
  onDiagnostics: (uri: string, diagnostics: lsp.Diagnostic[]) => void = () => {};

  constructor(worker: Worker) {
    this.connection = createProtocolConnection(new BrowserMessageReader(worker), new BrowserMessageWriter(worker));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: lsp.PublishDiagnosticsParams) => {
      const model = monaco.editor.getModel(monaco.Uri.parse(params.uri));
      if (!model || (params.version !== undefined && params.version !== this.versions.get(params.uri))) return;
      this.published.set(params.uri, params.diagnostics);
      monaco.editor.setModelMarkers(model, LANGUAGE_ID, params.diagnostics.map((d) => ({
        ...toRange(d.range),
        severity: severity(d.severity),
        message: typeof d.message === 'string' ? d.message : d.message.value,
        code: d.code === undefined ? undefined : String(d.code),
        source: d.source,
      })));
      this.onDiagnostics(params.uri, params.diagnostics);
    });
    this.connection.onNotification('window/logMessage', () => {});
    this.connection.listen();
    this.ready = this.connection
      .sendRequest('initialize', { processId: null, rootUri: 'file:///', capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } } })
      .then(() => this.connection.sendNotification('initialized', {}));
    this.registerProviders();
  }

  async open(model: monaco.editor.ITextModel): Promise<void> {
    await this.ready;
    // The page may have replaced the program while the server started.
    if (model.isDisposed()) return;
    const uri = model.uri.toString();
    this.versions.set(uri, model.getVersionId());
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: LANGUAGE_ID, version: model.getVersionId(), text: model.getValue() } });
    model.onDidChangeContent(() => {
      if (model.isDisposed()) return;
      this.versions.set(uri, model.getVersionId());
      void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: model.getVersionId() }, contentChanges: [{ text: model.getValue() }] });
    });
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    this.published.delete(uri);
    await this.ready;
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  private request<R>(method: string, params: object): Promise<R | null> {
    return this.connection.sendRequest<R | null>(method, params).catch(() => null);
  }

  private registerProviders(): void {
    const at = (model: monaco.editor.ITextModel, position: monaco.IPosition) => ({ textDocument: { uri: model.uri.toString() }, position: toPosition(position) });
    const edits = (list: lsp.TextEdit[] | null) => (list ?? []).map((e) => ({ range: toRange(e.range), text: e.newText }));
    monaco.languages.registerHoverProvider(LANGUAGE_ID, {
      provideHover: async (model, position) => {
        const hover = await this.request<lsp.Hover>('textDocument/hover', at(model, position));
        return hover ? { contents: markdown(hover.contents), range: hover.range && toRange(hover.range) } : null;
      },
    });
    monaco.languages.registerCompletionItemProvider(LANGUAGE_ID, {
      triggerCharacters: ['.'],
      provideCompletionItems: async (model, position) => {
        const answer = await this.request<lsp.CompletionList | lsp.CompletionItem[]>('textDocument/completion', at(model, position));
        const items = Array.isArray(answer) ? answer : answer?.items ?? [];
        const word = model.getWordUntilPosition(position);
        const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, position.column);
        return {
          suggestions: items.map((item) => ({
            label: item.label,
            kind: monaco.languages.CompletionItemKind.Function,
            detail: item.detail,
            documentation: typeof item.documentation === 'string' ? item.documentation : item.documentation && { value: item.documentation.value },
            insertText: item.textEdit && 'newText' in item.textEdit ? item.textEdit.newText : item.insertText ?? item.label,
            range: item.textEdit && 'range' in item.textEdit ? toRange(item.textEdit.range) : range,
          })),
        };
      },
    });
    monaco.languages.registerSignatureHelpProvider(LANGUAGE_ID, {
      signatureHelpTriggerCharacters: ['(', ','],
      provideSignatureHelp: async (model, position) => {
        const help = await this.request<lsp.SignatureHelp>('textDocument/signatureHelp', at(model, position));
        if (!help) return null;
        const value: monaco.languages.SignatureHelp = {
          activeParameter: help.activeParameter ?? 0,
          activeSignature: help.activeSignature ?? 0,
          signatures: help.signatures.map((s) => ({
            label: s.label,
            documentation: typeof s.documentation === 'string' ? s.documentation : s.documentation && { value: s.documentation.value },
            parameters: (s.parameters ?? []).map((p) => ({ label: p.label })),
          })),
        };
        return { value, dispose: () => {} };
      },
    });
    monaco.languages.registerDocumentFormattingEditProvider(LANGUAGE_ID, {
      provideDocumentFormattingEdits: async (model, options) =>
        edits(await this.request<lsp.TextEdit[]>('textDocument/formatting', { textDocument: { uri: model.uri.toString() }, options: { tabSize: options.tabSize, insertSpaces: options.insertSpaces } })),
    });
    monaco.languages.registerCodeActionProvider(LANGUAGE_ID, {
      provideCodeActions: async (model, range) => {
        const diagnostics = (this.published.get(model.uri.toString()) ?? []).filter((d) => monaco.Range.areIntersectingOrTouching(toRange(d.range), range));
        const actions = (await this.request<(lsp.CodeAction | lsp.Command)[]>('textDocument/codeAction', { textDocument: { uri: model.uri.toString() }, range: fromRange(range), context: { diagnostics } })) ?? [];
        return {
          actions: actions.filter((a): a is lsp.CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string')).map((action) => ({
            title: action.title,
            kind: action.kind,
            isPreferred: action.isPreferred,
            edit: {
              edits: Object.entries(action.edit?.changes ?? {}).flatMap(([uri, list]) =>
                list.map((e) => ({ resource: monaco.Uri.parse(uri), textEdit: { range: toRange(e.range), text: e.newText }, versionId: undefined })),
              ),
            },
          })),
          dispose: () => {},
        };
      },
    });
  }
}
