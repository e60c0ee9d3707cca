// Code lenses `Run | Trace` above the `host` block and `Test` above each `test` block of a
// .pen file, the commands behind them, and the Test Explorer's view of the file's tests.
// Each command builds the file with the penglaic CLI, runs it, shows what it printed in an
// output channel and, for Trace and Test, the trace pictures in a webview. Nothing here
// runs until a command does: activation stays as lazy as the language server's.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { traceFileNameOf } from '../../compiler/trace/trace-file-name.js';
import { penBlocks } from './pen-blocks.js';
import { testOutcomes } from './test-results.js';
import { traceWebviewHtml } from './trace-webview.js';
import type { Disposable, TestItemLike, TestRunRequestLike, TextDocumentLike, UriLike, VscodeApi, WebviewPanelLike } from './vscode-api.js';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `penglaic ARGS` in `cwd`. */
export type CliRunner = (args: string[], cwd: string) => Promise<CliResult>;

export const COMMANDS = { run: 'penglai.run', trace: 'penglai.trace', test: 'penglai.test' } as const;

export class RunAndTrace {
  private readonly output;
  private readonly controller;
  private panel: WebviewPanelLike | undefined;
  private readonly scratch = mkdtempSync(join(tmpdir(), 'penglai-vscode-'));
  private runs = 0;

  constructor(
    private readonly vscode: VscodeApi,
    private readonly cli: CliRunner,
    subscriptions: Disposable[],
  ) {
    this.output = vscode.window.createOutputChannel('Penglai run');
    this.controller = vscode.tests.createTestController('penglai-tests', 'Penglai tests');
    subscriptions.push(
      this.controller,
      vscode.languages.registerCodeLensProvider({ language: 'penglai' }, { provideCodeLenses: (document) => this.lenses(document) }),
      vscode.commands.registerCommand(COMMANDS.run, (uri?: UriLike) => this.runProgram(uri, false)),
      vscode.commands.registerCommand(COMMANDS.trace, (uri?: UriLike) => this.runProgram(uri, true)),
      vscode.commands.registerCommand(COMMANDS.test, (uri?: UriLike, name?: string) => this.runTests(uri, name === undefined ? undefined : [name])),
      this.controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, (request) => this.runRequest(request), true),
      vscode.workspace.onDidOpenTextDocument((document) => this.discover(document)),
      vscode.workspace.onDidSaveTextDocument((document) => this.discover(document)),
    );
  }

  lenses(document: TextDocumentLike): unknown[] {
    const { Range, CodeLens } = this.vscode;
    const uri = document.uri;
    this.discover(document);
    return penBlocks(document.getText()).flatMap((block) => {
      const range = new Range(block.line, 0, block.line, 0);
      if (block.kind === 'host') {
        return [new CodeLens(range, { title: 'Run', command: COMMANDS.run, arguments: [uri] }), new CodeLens(range, { title: 'Trace', command: COMMANDS.trace, arguments: [uri] })];
      }
      return [new CodeLens(range, { title: 'Test', command: COMMANDS.test, arguments: [uri, block.name] })];
    });
  }

  /** The Test Explorer lists the test blocks of every .pen file it has seen. */
  private discover(document: TextDocumentLike): void {
    if (document.languageId !== 'penglai') return;
    const file = document.uri.fsPath;
    const mine: TestItemLike[] = [];
    const others: TestItemLike[] = [];
    this.controller.items.forEach((item) => (item.id.startsWith(`${file}#`) ? undefined : others.push(item)));
    for (const block of penBlocks(document.getText())) {
      if (block.kind !== 'test') continue;
      const item = this.controller.createTestItem(`${file}#${block.name}`, block.name!, document.uri);
      item.range = new this.vscode.Range(block.line, 0, block.line, 0);
      mine.push(item);
    }
    this.controller.items.replace([...others, ...mine]);
  }

  private async documentOf(uri: UriLike | undefined): Promise<TextDocumentLike | undefined> {
    const document = uri ? await this.vscode.workspace.openTextDocument(uri) : this.vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== 'penglai') {
      this.vscode.window.showErrorMessage('Penglai: open a .pen file to run it.');
      return undefined;
    }
    await document.save();
    return document;
  }

  private say(text: string): void {
    this.output.append(text);
  }

  /** `penglaic build FILE`; false (and the diagnostics in the output) when it does not build. */
  private async build(file: string): Promise<boolean> {
    const built = await this.cli(['build', file], dirname(file));
    this.say(built.stdout + built.stderr);
    return built.status === 0;
  }

  async runProgram(uri: UriLike | undefined, traced: boolean): Promise<void> {
    const document = await this.documentOf(uri);
    if (!document) return;
    const file = document.uri.fsPath;
    this.output.clear();
    this.output.show(true);
    this.say(`$ penglaic build ${file}\n`);
    if (!(await this.build(file))) return;
    const dir = join(this.scratch, String(++this.runs));
    mkdirSync(dir, { recursive: true });
    const trace = join(dir, 'trace.json');
    const args = traced ? ['run', dirname(file), '--trace', trace] : ['run', dirname(file)];
    this.say(`$ penglaic ${args.join(' ')}\n`);
    const ran = await this.cli(args, dirname(file));
    this.say(ran.stdout + ran.stderr + `(exit status ${ran.status})\n`);
    if (traced) await this.showTrace(trace, join(dir, 'trace.html'), `Trace: ${document.uri.fsPath.split(/[\\/]/).pop()}`, ran.stdout + ran.stderr);
  }

  /** Runs the named tests (all of the file's when none are named), reports each to the Test Explorer, and shows the first one's trace. */
  async runTests(uri: UriLike | undefined, names: string[] | undefined, run = this.controller.createTestRun({})): Promise<void> {
    const document = await this.documentOf(uri);
    if (!document) return run.end();
    const file = document.uri.fsPath;
    const dir = join(this.scratch, String(++this.runs));
    this.output.clear();
    this.output.show(true);
    const wanted = names ?? penBlocks(document.getText()).flatMap((b) => (b.kind === 'test' ? [b.name!] : []));
    const items = wanted.map((name) => this.controller.items.get(`${file}#${name}`)).filter((item): item is TestItemLike => item !== undefined);
    for (const item of items) run.started(item);
    const args = ['test', file, '--trace', dir, ...(names?.length === 1 ? ['--filter', names[0]] : [])];
    this.say(`$ penglaic ${args.join(' ')}\n`);
    const started = Date.now();
    const result = await this.cli(args, dirname(file));
    this.say(result.stdout + result.stderr);
    run.appendOutput((result.stdout + result.stderr).replace(/\n/g, '\r\n'));
    const outcomes = testOutcomes(result.stdout);
    for (const item of items) {
      const outcome = outcomes.find((o) => o.name === item.label);
      if (!outcome) run.errored(item, new this.vscode.TestMessage(result.stderr.trim() || `penglaic test did not run "${item.label}"`));
      else if (outcome.passed) run.passed(item, Date.now() - started);
      else run.failed(item, new this.vscode.TestMessage(outcome.message || 'the test failed'), Date.now() - started);
    }
    run.end();
    const traces = safeList(dir).filter((f) => f.endsWith('.json')).sort();
    const shown = names?.length === 1 ? traces.find((f) => f === traceFileNameOf(names[0])) : traces[0];
    if (shown) await this.showTrace(join(dir, shown), join(dir, shown.replace(/\.json$/, '.html')), `Trace: test "${names?.[0] ?? shown}"`, result.stdout);
  }

  private runRequest(request: TestRunRequestLike): Promise<void> {
    const run = this.controller.createTestRun(request);
    const byFile = new Map<string, string[]>();
    const include = request.include ?? collect(this.controller.items);
    for (const item of include) {
      const [file, name] = [item.id.slice(0, item.id.indexOf('#')), item.label];
      byFile.set(file, [...(byFile.get(file) ?? []), name]);
    }
    const [first] = byFile.entries();
    if (!first) {
      run.end();
      return Promise.resolve();
    }
    const [file, names] = first;
    return this.runTests({ fsPath: file, toString: () => file }, names.length === 1 ? names : undefined, run);
  }

  private async showTrace(trace: string, html: string, title: string, output: string): Promise<void> {
    const drawn = await this.cli(['trace', trace, '--html', html], dirname(trace));
    this.say(drawn.stderr);
    if (drawn.status !== 0) return;
    if (!this.panel) {
      this.panel = this.vscode.window.createWebviewPanel('penglai.trace', title, this.vscode.ViewColumn.Beside, { enableScripts: true, localResourceRoots: [] });
      this.panel.onDidDispose(() => (this.panel = undefined));
    }
    this.panel.webview.html = traceWebviewHtml(readFileSync(html, 'utf8'), output);
    this.panel.reveal(this.vscode.ViewColumn.Beside);
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function collect(items: { forEach(fn: (item: TestItemLike) => void): void }): TestItemLike[] {
  const all: TestItemLike[] = [];
  items.forEach((item) => all.push(item));
  return all;
}
