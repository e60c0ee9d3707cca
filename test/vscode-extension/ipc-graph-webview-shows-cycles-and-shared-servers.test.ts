// "Show IPC graph": the server answers `penglaic/ipcGraph` with the program's static call graph
// between the host, enclaves and servers, marking a server cycle (which the checker rejects) and
// a sequential server that two enclaves reach; the client draws it as SVG in a webview page
// whose Content-Security-Policy allows no script at all. The page is parsed with a real XML
// parser (fast-xml-parser) and checked node by node.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { startTestClient } from './lsp-harness.js';
import type { IpcGraph } from '../../vscode-extension/src/ipc-graph.js';
import { graphColumns, ipcGraphWebviewHtml } from '../../vscode-extension/client/ipc-graph-webview.js';
import { registerIpcGraphCommand, SHOW_IPC_GRAPH_COMMAND } from '../../vscode-extension/client/ipc-graph-command.js';
import type { TextDocumentLike, VscodeApi } from '../../vscode-extension/client/vscode-api.js';

const URI = 'file:///work/ipc.pen';
const PROGRAM = `server A "srv-a" {
  fn ping(x: u64) -> u64 {
    let b = acquire B;
    return b.pong(x);
  }
}

server B "srv-b" {
  fn pong(x: u64) -> u64 {
    let a = acquire A;
    return a.ping(x);
  }
}

server Log "log" {
  fn note(x: u64) -> u64 {
    return x;
  }
}

enclave E1 {
  fn main() -> i64 {
    let l = acquire Log;
    return l.note(1) as i64;
  }
}

enclave E2 {
  fn main() -> i64 {
    let a = acquire A;
    let l = acquire Log;
    return (a.ping(2) + l.note(3)) as i64;
  }
}

host {
  let a = create A;
  let b = create B;
  let l = create Log;
  let e1 = create E1;
  let e2 = create E2;
  print(run e1);
  print(run e2);
  destroy a;
  destroy b;
  destroy l;
}
`;

async function graphOfProgram(): Promise<IpcGraph> {
  const client = await startTestClient();
  await client.open(URI, PROGRAM);
  const graph = await client.request<IpcGraph>('penglaic/ipcGraph', { textDocument: { uri: URI } });
  client.close();
  return graph;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', textNodeName: '#text', isArray: (name) => ['g', 'text', 'li', 'marker', 'meta', 'path'].includes(name) });
type Element = Record<string, unknown> & { g?: Element[]; text?: (Element | string)[] };
const textOf = (t: Element | string | undefined) => (typeof t === 'object' ? String(t['#text'] ?? '') : String(t ?? ''));

describe('the IPC graph', () => {
  it('lists the host, enclaves and servers with the operations between them, and marks the cycle and the shared server', async () => {
    const graph = await graphOfProgram();
    expect(graph.nodes.map((n) => `${n.id} ${n.kind} ${n.registeredName ?? '-'} line ${n.line}${n.inCycle ? ' cycle' : ''}${n.sharedBy.length ? ' shared by ' + n.sharedBy.join('+') : ''}`)).toEqual([
      'A server srv-a line 1 cycle',
      'B server srv-b line 8 cycle',
      'Log server log line 15 shared by E1+E2',
      'E1 enclave - line 21',
      'E2 enclave - line 28',
      'host host - line 36',
    ]);
    expect(graph.edges.map((e) => `${e.from} -> ${e.to} ${e.kind} [${e.operations.join(', ')}]${e.inCycle ? ' cycle' : ''} at ${e.sites.map((s) => s.replace('/work/ipc.pen:', '')).join(',')}`)).toEqual([
      'A -> B ipc [acquire, pong()] cycle at 3,4',
      'B -> A ipc [acquire, ping()] cycle at 10,11',
      'E1 -> Log ipc [acquire, note()] at 23,24',
      'E2 -> A ipc [acquire, ping()] at 30,32',
      'E2 -> Log ipc [acquire, note()] at 31,32',
      'host -> A host [create] at 37',
      'host -> B host [create] at 38',
      'host -> Log host [create] at 39',
      'host -> E1 host [create, run] at 40,42',
      'host -> E2 host [create, run] at 41,43',
    ]);
    expect(graph.cycles).toEqual([['A', 'B', 'A']]);
    expect(Object.fromEntries(graphColumns(graph))).toEqual({ host: 0, E1: 1, E2: 1, A: 2, B: 3, Log: 2 });
  });

  it('renders a well-formed page with a strict CSP, one group per node and edge, and the marks in words', async () => {
    const graph = await graphOfProgram();
    const html = ipcGraphWebviewHtml(graph, 'NONCE');
    expect(XMLValidator.validate(html.replace('<!DOCTYPE html>', ''))).toBe(true);
    const page = parser.parse(html.replace('<!DOCTYPE html>', '')).html;
    const csp = (page.head.meta as Element[]).find((m) => m['http-equiv'] === 'Content-Security-Policy')!;
    expect(csp.content).toBe("default-src 'none'; style-src 'nonce-NONCE';");
    expect(page.head.style.nonce).toBe('NONCE');
    expect(html).not.toMatch(/<script|\son\w+=|javascript:/i);

    const svg = page.body.svg as Element;
    const groups = svg.g!;
    const nodes = groups.filter((g) => String(g.class).startsWith('node'));
    expect(nodes.map((g) => `${g['data-id']}: ${g.class}: ${(g.text as Element[]).map(textOf).join(' | ')}`)).toEqual([
      'A: node server in-cycle: A | server "srv-a"',
      'B: node server in-cycle: B | server "srv-b"',
      'Log: node server shared-sequential: Log | server "log" | sequential: E1, E2',
      'E1: node enclave: E1 | enclave',
      'E2: node enclave: E2 | enclave',
      'host: node host: host | host',
    ]);
    const edges = groups.filter((g) => String(g.class).startsWith('edge'));
    expect(edges.map((g) => `${g['data-from']}->${g['data-to']} ${g.class} "${textOf((g.text as Element[])[0])}" ${(g.path as Element[])[0]['marker-end']}`)).toEqual([
      'A->B edge ipc cycle "acquire, pong()" url(#head-cycle)',
      'B->A edge ipc cycle "acquire, ping()" url(#head-cycle)',
      'E1->Log edge ipc "acquire, note()" url(#head)',
      'E2->A edge ipc "acquire, ping()" url(#head)',
      'E2->Log edge ipc "acquire, note()" url(#head)',
      'host->A edge host "create" url(#head-host)',
      'host->B edge host "create" url(#head-host)',
      'host->Log edge host "create" url(#head-host)',
      'host->E1 edge host "create, run" url(#head-host)',
      'host->E2 edge host "create, run" url(#head-host)',
    ]);
    expect((page.body.ul.li as Element[]).map((li) => `${li.class}: ${textOf(li)}`)).toEqual([
      'cycle: A → B → A: servers acquire each other in a cycle, which the checker rejects (the monitor would answer busy)',
      'shared-sequential: Log is reached by E1, E2: every server is sequential, so one waits while another is served',
    ]);
  });

  it('escapes names and says when there is nothing to mark', () => {
    const graph: IpcGraph = {
      file: '/w/a&b.pen',
      nodes: [{ id: 'host', kind: 'host', name: 'host', file: '/w/a&b.pen', line: 1, inCycle: false, sharedBy: [] }],
      edges: [],
      cycles: [],
    };
    const page = parser.parse(ipcGraphWebviewHtml(graph, 'N').replace('<!DOCTYPE html>', '')).html;
    expect(page.head.title).toBe('IPC graph of a&b.pen');
    expect(textOf(page.body.p)).toBe('No server cycles, and no server is reached by more than one enclave.');
  });

  it('shows the graph of the active .pen editor in one webview panel, and refuses other files', async () => {
    const panels: { html: string; title: string }[] = [];
    const errors: string[] = [];
    const commands = new Map<string, (...args: never[]) => unknown>();
    let active: TextDocumentLike | undefined;
    const vscode = {
      commands: { registerCommand: (id: string, run: (...args: never[]) => unknown) => (commands.set(id, run), { dispose() {} }) },
      window: {
        get activeTextEditor() {
          return active ? { document: active } : undefined;
        },
        createWebviewPanel: (_type: string, title: string) => {
          const panel = { title, webview: { html: '', cspSource: '' }, reveal() {}, onDidDispose: () => ({ dispose() {} }) };
          panels.push(panel.webview as never);
          (panel.webview as unknown as { title: string }).title = title;
          return panel;
        },
        showErrorMessage: (message: string) => errors.push(message),
      },
      workspace: {},
      ViewColumn: { Beside: 2 },
    } as unknown as VscodeApi;
    const asked: string[] = [];
    const graph = await graphOfProgram();
    registerIpcGraphCommand(vscode, async (uri) => (asked.push(uri), graph), []);
    const run = commands.get(SHOW_IPC_GRAPH_COMMAND)! as () => Promise<void>;
    active = { uri: { fsPath: '/w/notes.txt', toString: () => 'file:///w/notes.txt' }, languageId: 'plaintext', getText: () => '', save: async () => true };
    await run();
    expect(errors).toEqual(['Penglai: open a .pen file to show its IPC graph.']);
    active = { uri: { fsPath: '/work/ipc.pen', toString: () => URI }, languageId: 'penglai', getText: () => PROGRAM, save: async () => true };
    await run();
    await run();
    expect(asked).toEqual([URI, URI]);
    expect(panels).toHaveLength(1);
    expect(panels[0].title).toBe('IPC graph');
    expect(panels[0].html).toContain('<h1>IPC graph of /work/ipc.pen</h1>');
  });

  it('renders in chromium under its own CSP with nothing blocked (and a page that breaks the CSP is caught)', async () => {
    const graph = await graphOfProgram();
    const dir = mkdtempSync(join(tmpdir(), 'penglaic-ipc-graph-'));
    const load = (html: string, name: string) => {
      const file = join(dir, name);
      writeFileSync(file, html);
      const result = spawnSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--enable-logging=stderr', '--v=0', '--dump-dom', pathToFileURL(file).href], { encoding: 'utf8', timeout: 90_000 });
      if (result.error) throw new Error(`chromium could not run (the Debian package chromium is needed): ${result.error.message}`);
      return { dom: result.stdout, blocked: result.stderr.split('\n').filter((line) => line.includes('Content Security Policy')) };
    };
    const page = ipcGraphWebviewHtml(graph);
    const shown = load(page, 'graph.html');
    expect(shown.blocked).toEqual([]);
    expect([...shown.dom.matchAll(/<g class="(node|edge)[^"]*" data-(?:id|from)="([^"]+)"/g)].map((m) => `${m[1]} ${m[2]}`)).toEqual([
      'edge A', 'edge B', 'edge E1', 'edge E2', 'edge E2', 'edge host', 'edge host', 'edge host', 'edge host', 'edge host',
      'node A', 'node B', 'node Log', 'node E1', 'node E2', 'node host',
    ]);
    // The control: the same page with a style attribute, which the CSP must refuse.
    const broken = load(page.replace('<h1>', '<h1 style="color:red">'), 'broken.html');
    expect(broken.blocked).toHaveLength(1);
  });
});
