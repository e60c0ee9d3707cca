// The editor's Run | Trace | Test code lenses, in process: the client's wiring runs against
// a small fake of the `vscode` API and the real penglaic CLI, and the test reads what the
// fake was given (lenses, output, the webview's HTML, Test Explorer results).
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS, RunAndTrace, type CliRunner } from '../../vscode-extension/client/run-and-trace.js';
import { penBlocks } from '../../vscode-extension/client/pen-blocks.js';
import { traceWebviewHtml } from '../../vscode-extension/client/trace-webview.js';
import type { Disposable, TestItemLike, TestRunLike, TextDocumentLike, UriLike, VscodeApi } from '../../vscode-extension/client/vscode-api.js';
import { copySample, repoRoot } from '../e2e/cli.js';

const cliCalls: string[][] = [];
const cli: CliRunner = (args, cwd) =>
  new Promise((resolve) => {
    cliCalls.push(args);
    const child = spawn(process.execPath, [join(repoRoot, 'bin/penglaic.js'), ...args], { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });

interface Lens {
  range: { line: number };
  command: { title: string; command: string; arguments?: unknown[] };
}

function fakeVscode(documents: Map<string, TextDocumentLike>) {
  const commands = new Map<string, (...args: unknown[]) => unknown>();
  const providers: { provideCodeLenses(d: TextDocumentLike): unknown[] }[] = [];
  const output: string[] = [];
  const panels: { webview: { html: string; cspSource: string }; title: string }[] = [];
  const results: string[] = [];
  const items = new Map<string, TestItemLike>();
  let profile: ((request: { include?: readonly TestItemLike[] }, token: unknown) => Promise<void> | void) | undefined;
  const disposable: Disposable = { dispose: () => {} };
  const run = (): TestRunLike => ({
    started: (item) => results.push(`started ${item.label}`),
    passed: (item) => results.push(`passed ${item.label}`),
    failed: (item, message) => results.push(`failed ${item.label}: ${(message as { message: string }).message}`),
    errored: (item, message) => results.push(`errored ${item.label}: ${(message as { message: string }).message}`),
    appendOutput: () => {},
    end: () => results.push('end'),
  });
  const api: VscodeApi = {
    commands: { registerCommand: (id, fn) => (commands.set(id, fn as (...args: unknown[]) => unknown), disposable) },
    languages: { registerCodeLensProvider: (_selector, provider) => (providers.push(provider), disposable) },
    window: {
      createOutputChannel: () => ({ append: (t) => output.push(t), clear: () => (output.length = 0), show: () => {} }),
      createWebviewPanel: (_type, title) => {
        const panel = { webview: { html: '', cspSource: 'vscode-resource:' }, title, reveal: () => {}, onDidDispose: () => disposable };
        panels.push(panel);
        return panel;
      },
      showErrorMessage: (message) => output.push(`error: ${message}`),
    },
    workspace: {
      openTextDocument: async (uri) => documents.get(uri.fsPath)!,
      onDidOpenTextDocument: () => disposable,
      onDidSaveTextDocument: () => disposable,
    },
    tests: {
      createTestController: () => ({
        dispose: () => {},
        items: { replace: (list) => (items.clear(), list.forEach((i) => items.set(i.id, i))), get: (id) => items.get(id), forEach: (fn) => items.forEach((i) => fn(i)) },
        createTestItem: (id, label) => ({ id, label }),
        createRunProfile: (_label, _kind, handler) => ((profile = handler), disposable),
        createTestRun: run,
      }),
    },
    Range: class {
      constructor(
        readonly line: number,
        readonly character: number,
      ) {}
    } as unknown as VscodeApi['Range'],
    CodeLens: class {
      constructor(
        readonly range: unknown,
        readonly command: unknown,
      ) {}
    } as unknown as VscodeApi['CodeLens'],
    TestMessage: class {
      constructor(readonly message: string) {}
    } as unknown as VscodeApi['TestMessage'],
    TestRunProfileKind: { Run: 1 },
    ViewColumn: { Beside: -2 },
  };
  return { api, commands, providers, output, panels, results, items, profile: () => profile! };
}

function sampleWithTests() {
  const dir = copySample('server-chain');
  const file = join(dir, 'main.pen');
  const text = `${readFileSync(file, 'utf8')}
test "chain answers 0" {
  let adder = create Adder;
  let relay = create Relay;
  let caller = create Caller;
  assert(run caller == 0);
}

// test "commented out" { }
test "wrong on purpose" {
  assert(1 + 1 == 3);
}
`;
  writeFileSync(file, text);
  const uri: UriLike = { fsPath: file, toString: () => `file://${file}` };
  const document: TextDocumentLike = { uri, languageId: 'penglai', getText: () => text, save: async () => true };
  return { file, uri, document, text };
}

describe('the Run | Trace | Test code lenses', () => {
  it('finds the host block and each test block, not ones in comments', () => {
    const { text } = sampleWithTests();
    const lines = text.split('\n');
    expect(penBlocks(text).map((b) => [b.kind, lines[b.line].trim().slice(0, 30), b.name])).toEqual([
      ['host', 'host {', undefined],
      ['test', 'test "chain answers 0" {', 'chain answers 0'],
      ['test', 'test "wrong on purpose" {', 'wrong on purpose'],
    ]);
  });

  it('shows Run and Trace above the host and Test above each test, and runs nothing until clicked', () => {
    const { file, uri, document } = sampleWithTests();
    const fake = fakeVscode(new Map([[file, document]]));
    const subscriptions: Disposable[] = [];
    cliCalls.length = 0;
    new RunAndTrace(fake.api, cli, subscriptions);
    expect([...fake.commands.keys()]).toEqual([COMMANDS.run, COMMANDS.trace, COMMANDS.test]);
    const lenses = fake.providers[0].provideCodeLenses(document) as Lens[];
    const [host, first, second] = penBlocks(document.getText()).map((b) => b.line);
    expect(lenses.map((l) => [l.range.line, l.command.title, l.command.command, l.command.arguments])).toEqual([
      [host, 'Run', 'penglai.run', [uri]],
      [host, 'Trace', 'penglai.trace', [uri]],
      [first, 'Test', 'penglai.test', [uri, 'chain answers 0']],
      [second, 'Test', 'penglai.test', [uri, 'wrong on purpose']],
    ]);
    expect([...fake.items.keys()]).toEqual([`${file}#chain answers 0`, `${file}#wrong on purpose`]);
    expect(cliCalls).toEqual([]);
    expect(subscriptions.length).toBe(8);
  });

  it('Trace builds and runs the program, shows its output, and opens the trace pictures in a webview', async () => {
    const { file, uri, document } = sampleWithTests();
    const fake = fakeVscode(new Map([[file, document]]));
    new RunAndTrace(fake.api, cli, []);
    await fake.commands.get(COMMANDS.trace)!(uri);
    const output = fake.output.join('');
    expect(output).toContain('caller: resp_val 0x3\n');
    expect(output).toContain('(exit status 0)\n');
    expect(fake.panels).toHaveLength(1);
    const html = fake.panels[0].webview.html;
    expect(fake.panels[0].title).toBe('Trace: main.pen');
    const nonce = /script-src 'nonce-([^']+)'/.exec(html)![1];
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'nonce-${nonce}';">`);
    const scripts = html.match(/<script[^>]*>/g)!;
    expect(scripts).toEqual([`<script nonce="${nonce}" type="application/json" id="trace-details">`, `<script nonce="${nonce}">`]);
    expect(html.match(/<g class="lifeline"/g)).toHaveLength(4);
    expect(html).toContain('fill(0x19960000) [lends 9 pages]');
    expect(html).toContain('<section id="run-output"><h2>Output</h2><pre');
  });

  it('Test reports each test to the Test Explorer, with the failure message, and shows the test\'s trace', async () => {
    const { file, uri, document } = sampleWithTests();
    const fake = fakeVscode(new Map([[file, document]]));
    const client = new RunAndTrace(fake.api, cli, []);
    fake.providers[0].provideCodeLenses(document);
    await fake.commands.get(COMMANDS.test)!(uri, 'chain answers 0');
    expect(fake.results).toEqual(['started chain answers 0', 'passed chain answers 0', 'end']);
    expect(fake.panels[0].title).toBe('Trace: test "chain answers 0"');
    expect(fake.panels[0].webview.html).toContain('test &quot;chain answers 0&quot;');
    fake.results.length = 0;
    await client.runTests(uri, undefined);
    expect(fake.results[0]).toBe('started chain answers 0');
    expect(fake.results.slice(2)).toEqual(['passed chain answers 0', expect.stringMatching(/^failed wrong on purpose: .+/), 'end']);
    // The Test Explorer's own Run button goes through the run profile.
    fake.results.length = 0;
    await fake.profile()({ include: [fake.items.get(`${file}#wrong on purpose`)!] }, undefined);
    expect(fake.results[0]).toBe('started wrong on purpose');
    expect(fake.results[1]).toMatch(/^failed wrong on purpose: /);
  });

  it('the webview page keeps the trace page whole: only a policy, nonces and the output are added', () => {
    const page = '<!doctype html><html><head><title>x</title></head><body><main><p>a</p></main><script type="application/json" id="d">[]</script><script>go()</script></body></html>';
    expect(traceWebviewHtml(page, 'hello <world>\n', 'N0nce')).toBe(
      '<!doctype html><html><head>\n<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; style-src \'unsafe-inline\'; script-src \'nonce-N0nce\';"><title>x</title></head><body><main>\n' +
        '<section id="run-output"><h2>Output</h2><pre style="background:#fff;border:1px solid #ddd;padding:8px;overflow:auto;max-height:30vh">hello &lt;world&gt;\n</pre></section><p>a</p></main><script nonce="N0nce" type="application/json" id="d">[]</script><script nonce="N0nce">go()</script></body></html>',
    );
  });
});
