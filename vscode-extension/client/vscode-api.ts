// The part of the `vscode` API the run, trace and test features use, as plain types, so
// their wiring runs in node against a small fake (test/vscode-extension/) and in VS Code
// against the real module, which extension.ts hands in.
export interface Disposable {
  dispose(): unknown;
}

export interface UriLike {
  readonly fsPath: string;
  toString(): string;
}

export interface TextDocumentLike {
  readonly uri: UriLike;
  readonly languageId: string;
  getText(): string;
  save(): Thenable<boolean>;
}

export interface OutputChannelLike {
  append(text: string): void;
  clear(): void;
  show(preserveFocus?: boolean): void;
}

export interface WebviewPanelLike {
  readonly webview: { html: string; cspSource: string };
  reveal(column?: number): void;
  onDidDispose(listener: () => void): Disposable;
}

export interface TestItemLike {
  readonly id: string;
  readonly label: string;
  range?: unknown;
}

export interface TestRunLike {
  started(item: TestItemLike): void;
  passed(item: TestItemLike, durationMs?: number): void;
  failed(item: TestItemLike, message: unknown, durationMs?: number): void;
  errored(item: TestItemLike, message: unknown): void;
  appendOutput(text: string): void;
  end(): void;
}

export interface TestRunRequestLike {
  readonly include?: readonly TestItemLike[];
}

export interface TestControllerLike extends Disposable {
  readonly items: { replace(items: readonly TestItemLike[]): void; get(id: string): TestItemLike | undefined; forEach(fn: (item: TestItemLike) => void): void };
  createTestItem(id: string, label: string, uri?: UriLike): TestItemLike;
  createRunProfile(label: string, kind: number, run: (request: TestRunRequestLike, token: unknown) => Promise<void> | void, isDefault?: boolean): Disposable;
  createTestRun(request: TestRunRequestLike, name?: string): TestRunLike;
}

export interface CodeLensProviderLike {
  provideCodeLenses(document: TextDocumentLike): unknown[];
}

export interface VscodeApi {
  commands: { registerCommand(id: string, run: (...args: never[]) => unknown): Disposable };
  languages: { registerCodeLensProvider(selector: { language: string }, provider: CodeLensProviderLike): Disposable };
  window: {
    createOutputChannel(name: string): OutputChannelLike;
    createWebviewPanel(viewType: string, title: string, column: number, options: { enableScripts: boolean; localResourceRoots: readonly unknown[] }): WebviewPanelLike;
    showErrorMessage(message: string): unknown;
    readonly activeTextEditor?: { readonly document: TextDocumentLike };
  };
  workspace: { openTextDocument(uri: UriLike): Thenable<TextDocumentLike>; onDidOpenTextDocument(listener: (document: TextDocumentLike) => void): Disposable; onDidSaveTextDocument(listener: (document: TextDocumentLike) => void): Disposable };
  tests: { createTestController(id: string, label: string): TestControllerLike };
  Range: new (startLine: number, startCharacter: number, endLine: number, endCharacter: number) => unknown;
  CodeLens: new (range: unknown, command: { title: string; command: string; arguments?: unknown[] }) => unknown;
  TestMessage: new (message: string) => unknown;
  TestRunProfileKind: { readonly Run: number };
  ViewColumn: { readonly Beside: number };
}
