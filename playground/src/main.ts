// The playground page: Monaco with the language server in one worker, the compiler, emulator
// and monitor in another, a console, test results and the trace pictures, a menu of samples
// and course assignments, and Share links. Nothing here reaches the network: the workers are
// files of this site and the CSP in index.html allows nothing else.
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
// The editor's core API has no features of its own: these are the ones the language server feeds
// (hover, completion, signature help, quick fixes, formatting, error navigation) and a few basics.
import 'monaco-editor/esm/vs/base/browser/ui/codicons/codiconStyles.js';
import 'monaco-editor/esm/vs/editor/contrib/hover/browser/hoverContribution.js';
import 'monaco-editor/esm/vs/editor/contrib/suggest/browser/suggestController.js';
import 'monaco-editor/esm/vs/editor/contrib/parameterHints/browser/parameterHints.js';
import 'monaco-editor/esm/vs/editor/contrib/codeAction/browser/codeActionContributions.js';
import 'monaco-editor/esm/vs/editor/contrib/format/browser/formatActions.js';
import 'monaco-editor/esm/vs/editor/contrib/gotoError/browser/gotoError.js';
import 'monaco-editor/esm/vs/editor/contrib/find/browser/findController.js';
import 'monaco-editor/esm/vs/editor/contrib/comment/browser/comment.js';
import 'monaco-editor/esm/vs/editor/contrib/bracketMatching/browser/bracketMatching.js';
import 'monaco-editor/esm/vs/editor/contrib/contextmenu/browser/contextmenu.js';
import { SAMPLES } from 'playground-samples';
import type { TestReport } from '../../compiler/grader/report.js';
import { LanguageClient, LANGUAGE_ID } from './lsp-client.js';
import type { Program, RunReply, RunRequest } from './messages.js';
import { decodeFragment, encodeProgram } from './share.js';

/** grammar/tokens.ts's keywords, put in by playground/build.mjs. */
declare const PENGLAI_KEYWORDS: string[];

(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = { getWorker: () => new Worker('editor-worker.js') };

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const consolePane = $<HTMLPreElement>('console');
const statusLine = $<HTMLDivElement>('status');
const notice = $<HTMLDivElement>('notice');
const testsPane = $<HTMLDivElement>('tests');
const tracePane = $<HTMLDivElement>('trace');
const menu = $<HTMLSelectElement>('samples');
const fileMenu = $<HTMLSelectElement>('files');
const [runButton, stopButton, testButton, shareButton] = ['run', 'stop', 'test', 'share'].map((id) => $<HTMLButtonElement>(id));

monaco.languages.register({ id: LANGUAGE_ID, extensions: ['.pen'] });
monaco.languages.setMonarchTokensProvider(LANGUAGE_ID, {
  keywords: PENGLAI_KEYWORDS,
  tokenizer: {
    root: [
      [/[A-Za-z_][A-Za-z0-9_]*/, { cases: { '@keywords': 'keyword', '@default': 'identifier' } }],
      [/[0-9][0-9A-Za-z_]*/, 'number'],
      [/"(?:[^"\\]|\\.)*"/, 'string'],
      [/\/\/.*$/, 'comment'],
    ],
  },
});
monaco.languages.setLanguageConfiguration(LANGUAGE_ID, { comments: { lineComment: '//' }, brackets: [['{', '}'], ['[', ']'], ['(', ')']] });

const editor = monaco.editor.create($('editor'), { language: LANGUAGE_ID, automaticLayout: true, minimap: { enabled: false }, fontSize: 14, 'semanticHighlighting.enabled': false });
// boot.ts started the language server before this bundle loaded: the two start side by side.
const client = new LanguageClient((window as unknown as { penglaiLanguageServer?: Worker }).penglaiLanguageServer ?? new Worker('lsp-worker.js'));
let models: monaco.editor.ITextModel[] = [];
let entry = 'main.pen';

const uriOf = (path: string) => monaco.Uri.parse(`file:///${path}`);
const currentProgram = (): Program => ({ entry, files: Object.fromEntries(models.map((m) => [m.uri.path.slice(1), m.getValue()])) });

/** Replaces the editor's files with `program` (an empty editor for none). */
function load(program: Program | undefined): void {
  // The editor lets go of the old documents before they close (new ones reuse their URIs).
  editor.setModel(null);
  for (const model of models) {
    void client.close(model.uri.toString());
    model.dispose();
  }
  const files = program?.files ?? { 'main.pen': '' };
  entry = program?.entry ?? 'main.pen';
  models = Object.entries(files).map(([path, text]) => monaco.editor.createModel(text, LANGUAGE_ID, uriOf(path)));
  fileMenu.replaceChildren(...models.map((m) => new Option(m.uri.path.slice(1), m.uri.path.slice(1))));
  fileMenu.hidden = models.length < 2;
  fileMenu.value = entry;
  editor.setModel(models.find((m) => m.uri.path === `/${entry}`) ?? models[0]);
  for (const model of models) void client.open(model);
  consolePane.textContent = '';
  testsPane.replaceChildren();
  tracePane.replaceChildren();
}

fileMenu.onchange = () => editor.setModel(models.find((m) => m.uri.path === `/${fileMenu.value}`) ?? null);

// The menu: samples first, then the course's labs (each with its support files and public tests).
for (const group of ['Samples', 'Course assignments'] as const) {
  const optgroup = document.createElement('optgroup');
  optgroup.label = group;
  for (const sample of SAMPLES.filter((s) => s.group === group)) optgroup.append(new Option(sample.title, sample.id));
  menu.append(optgroup);
}
menu.onchange = () => {
  const sample = SAMPLES.find((s) => s.id === menu.value);
  if (!sample) return;
  history.replaceState(null, '', location.pathname);
  notice.hidden = true;
  load(sample.program);
};

// Running: one worker per run, so Stop ends it at once whatever it is doing.
let runner: Worker | undefined;
function setBusy(busy: boolean): void {
  runButton.disabled = busy;
  testButton.disabled = busy;
  stopButton.disabled = !busy;
}

function appendConsole(text: string, className?: string): void {
  const span = document.createElement('span');
  if (className) span.className = className;
  span.textContent = text;
  consolePane.append(span);
  consolePane.scrollTop = consolePane.scrollHeight;
}

function showTests(report: TestReport): void {
  hooks.lastReport = report;
  const rows = report.tests.map((t) => {
    const row = document.createElement('li');
    row.className = `test ${t.status}`;
    const failure = t.failure;
    const where = failure?.location ? ` (${failure.location.file}${failure.location.line ? `:${failure.location.line}:${failure.location.column ?? 1}` : ''})` : '';
    row.textContent = `${t.status === 'passed' ? '✔' : '✘'} ${t.name}: ${t.status}${failure ? ` — ${failure.message}${where}` : ''}`;
    return row;
  });
  const list = document.createElement('ul');
  list.append(...rows);
  const summary = document.createElement('div');
  summary.className = 'summary';
  summary.textContent = `${report.summary.passed} passed, ${report.summary.total - report.summary.passed} failed`;
  testsPane.replaceChildren(summary, list);
  if (report.buildOutput) appendConsole(report.buildOutput, 'diagnostics');
  for (const t of report.tests) if (t.output) appendConsole(`── ${t.name}\n${t.output}`);
}

/** Inserts an SVG the compiler drew (compiler/trace escapes every text it puts in). */
function svgElement(text: string): Element {
  return new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
}

function start(kind: RunRequest['kind']): void {
  runner?.terminate();
  consolePane.textContent = '';
  testsPane.replaceChildren();
  tracePane.replaceChildren();
  statusLine.textContent = kind === 'run' ? 'running…' : 'testing…';
  setBusy(true);
  const started = performance.now();
  hooks.runMs = undefined;
  const worker = new Worker('run-worker.js');
  runner = worker;
  worker.onmessage = (message: MessageEvent<RunReply>) => {
    const reply = message.data;
    if (reply.kind === 'output') appendConsole(reply.text);
    else if (reply.kind === 'diagnostics') appendConsole(reply.text, 'diagnostics');
    else if (reply.kind === 'tests') showTests(reply.report);
    else if (reply.kind === 'trace') {
      const [sequence, timeline] = [svgElement(reply.sequence), svgElement(reply.timeline)];
      const heading = (text: string) => Object.assign(document.createElement('h3'), { textContent: text });
      tracePane.replaceChildren(heading('IPC sequence'), sequence, heading('Who owns each memory region'), timeline);
    } else if (reply.kind === 'done') {
      hooks.runMs = performance.now() - started;
      if (reply.note) appendConsole(`\n[${reply.note}]\n`, 'note');
      // What `penglaic run` says on standard error when the host did not exit (a whole-run budget).
      else if (kind === 'run' && reply.exitCode === undefined && reply.stopReason) appendConsole(`penglaic: ${reply.stopReason}\n`, 'note');
      statusLine.textContent = reply.exitCode !== undefined ? `${kind === 'run' ? 'host exited with status' : 'tests finished, status'} ${reply.exitCode}` : `stopped: ${reply.stopReason ?? 'unknown'}`;
      worker.terminate();
      if (runner === worker) runner = undefined;
      setBusy(false);
    }
  };
  worker.postMessage({ kind, program: currentProgram() } satisfies RunRequest);
}

runButton.onclick = () => start('run');
testButton.onclick = () => start('test');
stopButton.onclick = () => {
  runner?.terminate();
  runner = undefined;
  appendConsole('\n[stopped by the Stop button]\n', 'note');
  statusLine.textContent = 'stopped';
  setBusy(false);
};
shareButton.onclick = () => {
  const fragment = encodeProgram(currentProgram());
  history.replaceState(null, '', `${location.pathname}#${fragment}`);
  void navigator.clipboard?.writeText(location.href).catch(() => {});
  statusLine.textContent = `link to this program in the address bar (${fragment.length} characters)`;
};
setBusy(false);

// A shared link opens its program; a broken one opens an empty editor and says why.
const fragment = location.hash.slice(1);
if (fragment !== '') {
  const decoded = decodeFragment(fragment);
  if (decoded.ok) load(decoded.program);
  else {
    notice.textContent = decoded.message;
    notice.hidden = false;
    load(undefined);
  }
} else {
  // The smallest program first.
  const first = SAMPLES.find((s) => s.id === 'hello') ?? SAMPLES[0];
  menu.value = first.id;
  load(first.program);
}

if ('serviceWorker' in navigator && location.protocol !== 'file:') void navigator.serviceWorker.register('service-worker.js').catch(() => {});

/** What the browser tests read back: the markers Monaco shows, the console text, the last test report. */
const hooks = {
  lastReport: undefined as TestReport | undefined,
  diagnosticsSeen: 0,
  /** Milliseconds from navigation to the first diagnostics, to the last diagnostics, and of the last run (the bench reads them). */
  firstDiagnosticsAt: undefined as number | undefined,
  lastDiagnosticsAt: 0,
  runMs: undefined as number | undefined,
  markers: () => monaco.editor.getModelMarkers({ owner: LANGUAGE_ID }).map((m) => ({ code: m.code, message: m.message, startLineNumber: m.startLineNumber, startColumn: m.startColumn, endLineNumber: m.endLineNumber, endColumn: m.endColumn, resource: m.resource.toString() })),
  consoleText: () => consolePane.textContent,
  program: currentProgram,
  setText: (text: string) => editor.getModel()?.setValue(text),
  /** Puts the cursor at a 1-based position and runs an editor action there (hover, suggest, quick fix...). */
  trigger(line: number, column: number, action: string) {
    editor.focus();
    editor.setPosition({ lineNumber: line, column });
    editor.trigger('playground', action, {});
  },
};
(window as unknown as { playground: typeof hooks }).playground = hooks;
client.onDiagnostics = () => {
  hooks.lastDiagnosticsAt = performance.now();
  hooks.firstDiagnosticsAt ??= hooks.lastDiagnosticsAt;
  hooks.diagnosticsSeen += 1;
};
