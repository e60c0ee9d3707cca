// The "Show IPC graph" picture: the program's static call graph (vscode-extension/src/ipc-graph.ts)
// drawn as SVG, in a page for a VS Code webview. Columns read left to right as control flows:
// the host, the enclaves it runs, then the servers, each one column right of the furthest
// section that calls it. Arrows from the host are grey (create, run); IPC arrows are dark and
// labelled with what crosses (`acquire`, `fill()`). A server cycle (rejected by the checker) is
// red; a server that two or more enclaves reach is outlined in orange with the enclaves named,
// since every Penglai server serves one caller at a time. The page needs no script: its
// Content-Security-Policy allows nothing but its one style element (by nonce).
// Pure functions of the graph, so test/vscode-extension/ checks the markup in process.
import { randomBytes } from 'node:crypto';
import { escapeXml, FONT, HALO } from '../../compiler/trace/svg-text.js';
import type { IpcGraph, IpcGraphEdge, IpcGraphNode } from '../src/ipc-graph.js';

const NODE_WIDTH = 190;
const NODE_HEIGHT = 58;
const COLUMN = 340;
const ROW = 110;
const MARGIN = 30;
const CYCLE = '#c62828';
const SHARED = '#ef6c00';
/** CSS declarations (`a:b;c:d`) as SVG presentation attributes, which a CSP does not block. */
const asAttributes = (css: string) => css.split(';').filter(Boolean).map((declaration) => {
  const [name, value] = declaration.split(':');
  return `${name}="${escapeXml(value)}"`;
}).join(' ');
/** The trace pictures' font and halo (svg-text.ts), so both kinds of picture read alike. */
const FONT_ATTRIBUTES = asAttributes(FONT);
const HALO_ATTRIBUTES = asAttributes(HALO);
const FILL: Record<IpcGraphNode['kind'], string> = { host: '#eeeeee', enclave: '#e3edf7', server: '#e8f3e6' };

/** Column of each node: host 0, enclaves 1, servers one right of their furthest caller (back edges of cycles ignored). */
export function graphColumns(graph: IpcGraph): Map<string, number> {
  const column = new Map<string, number>();
  for (const node of graph.nodes) column.set(node.id, node.kind === 'host' ? 0 : node.kind === 'enclave' ? 1 : 2);
  const out = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  for (const edge of graph.edges) if (edge.kind === 'ipc' && edge.from !== edge.to) out.get(edge.from)?.push(edge.to);
  // Depth-first order from every node; an edge to a node still on the stack closes a cycle.
  const order: string[] = [];
  const state = new Map<string, 'active' | 'done'>();
  const forward = new Set<string>();
  for (const root of graph.nodes) {
    if (state.has(root.id)) continue;
    const stack: { id: string; next: number }[] = [{ id: root.id, next: 0 }];
    state.set(root.id, 'active');
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      const targets = out.get(frame.id)!;
      if (frame.next < targets.length) {
        const to = targets[frame.next++];
        if (state.get(to) === 'active') continue;
        forward.add(`${frame.id}\0${to}`);
        if (!state.has(to)) {
          state.set(to, 'active');
          stack.push({ id: to, next: 0 });
        }
        continue;
      }
      state.set(frame.id, 'done');
      order.push(frame.id);
      stack.pop();
    }
  }
  for (const id of order.reverse()) {
    for (const to of out.get(id)!) {
      if (forward.has(`${id}\0${to}`) && graph.nodes.find((n) => n.id === to)!.kind === 'server') column.set(to, Math.max(column.get(to)!, column.get(id)! + 1));
    }
  }
  return column;
}

function nodeDetail(node: IpcGraphNode): string {
  return node.kind === 'server' ? `server "${node.registeredName ?? ''}"` : node.kind;
}

/** Host edges that skip the enclave column (`create` of a server) arc over the picture, one lane each. */
const LANE = 18;

export function ipcGraphSvg(graph: IpcGraph): string {
  const columns = graphColumns(graph);
  const overArcs = graph.edges.filter((e) => e.kind === 'host' && columns.get(e.to)! - columns.get(e.from)! > 1);
  const top = MARGIN + (overArcs.length > 0 ? 24 + overArcs.length * LANE : 0);
  const rows = new Map<number, number>();
  const place = new Map<string, { x: number; y: number }>();
  for (const node of graph.nodes) {
    const c = columns.get(node.id)!;
    const r = rows.get(c) ?? 0;
    rows.set(c, r + 1);
    place.set(node.id, { x: MARGIN + c * COLUMN, y: top + r * ROW });
  }
  const width = MARGIN * 2 + Math.max(...[...columns.values(), 0]) * COLUMN + NODE_WIDTH + 120;
  const height = top + MARGIN + Math.max(...[...rows.values(), 1]) * ROW + 40;
  const parts: string[] = [];
  // Presentation attributes, never `style=`: the webview's CSP (style-src by nonce) blocks style
  // attributes, and the picture must look the same inside the page and on its own.
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" class="ipc-graph" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT_ATTRIBUTES} font-size="12">`);
  parts.push(`<rect class="background" width="${width}" height="${height}" fill="#fff"/>`);
  parts.push(
    '<defs>' +
      ['head:#333', 'head-host:#9e9e9e', `head-cycle:${CYCLE}`].map((spec) => {
        const [id, colour] = spec.split(':');
        return `<marker id="${id}" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto"><path d="M0,0L10,5L0,10z" fill="${colour}"/></marker>`;
      }).join('') +
      '</defs>',
  );
  for (const edge of graph.edges) {
    const lane = overArcs.indexOf(edge);
    parts.push(edgeSvg(edge, place.get(edge.from)!, place.get(edge.to)!, lane < 0 ? undefined : MARGIN + 12 + lane * LANE));
  }
  for (const node of graph.nodes) parts.push(nodeSvg(node, place.get(node.id)!));
  parts.push('</svg>');
  return parts.join('\n');
}

type Point = { x: number; y: number };

/** A point of the cubic Bézier p0..p3 at t (labels sit on their curve). */
function bezier(p0: Point, p1: Point, p2: Point, p3: Point, t: number): Point {
  const u = 1 - t;
  const at = (a: number, b: number, c: number, d: number) => u * u * u * a + 3 * u * u * t * b + 3 * u * t * t * c + t * t * t * d;
  return { x: at(p0.x, p1.x, p2.x, p3.x), y: at(p0.y, p1.y, p2.y, p3.y) };
}

function edgeSvg(edge: IpcGraphEdge, from: Point, to: Point, overLane: number | undefined): string {
  const colour = edge.inCycle ? CYCLE : edge.kind === 'host' ? '#9e9e9e' : '#333';
  const marker = edge.inCycle ? 'head-cycle' : edge.kind === 'host' ? 'head-host' : 'head';
  const classes = ['edge', edge.kind, ...(edge.inCycle ? ['cycle'] : [])].join(' ');
  let points: [Point, Point, Point, Point];
  let labelAt = 0.5;
  /** IPC labels start just right of the caller, so labels of crossing edges do not meet in the middle. */
  let fromSource = false;
  if (edge.from === edge.to) {
    const x = from.x + NODE_WIDTH;
    const y = from.y + NODE_HEIGHT / 2;
    points = [{ x, y: y - 12 }, { x: x + 60, y: y - 50 }, { x: x + 60, y: y + 50 }, { x, y: y + 12 }];
  } else if (overLane !== undefined) {
    // Over the top, in its own lane, into the target's top edge.
    const start = { x: from.x + NODE_WIDTH / 2 + 20, y: from.y };
    const end = { x: to.x + NODE_WIDTH / 2 - 20, y: to.y };
    points = [start, { x: start.x, y: overLane }, { x: end.x, y: overLane }, end];
  } else if (to.x > from.x) {
    const start = { x: from.x + NODE_WIDTH, y: from.y + NODE_HEIGHT / 2 };
    const end = { x: to.x, y: to.y + NODE_HEIGHT / 2 };
    const bend = (end.x - start.x) / 2;
    points = [start, { x: start.x + bend, y: start.y }, { x: end.x - bend, y: end.y }, end];
    fromSource = edge.kind === 'ipc';
    labelAt = fromSource ? 0.3 : 0.5;
  } else {
    // Back (a cycle) or within a column: under the boxes, bottom to bottom.
    const start = { x: from.x + NODE_WIDTH / 2 - 20, y: from.y + NODE_HEIGHT };
    const end = { x: to.x + NODE_WIDTH / 2 + 20, y: to.y + NODE_HEIGHT };
    const dip = Math.max(start.y, end.y) + 40;
    points = [start, { x: start.x, y: dip }, { x: end.x, y: dip }, end];
  }
  const onCurve = bezier(...points, labelAt);
  const label = fromSource ? { x: points[0].x + 8, y: onCurve.y } : onCurve;
  const [p0, p1, p2, p3] = points;
  const text = edge.operations.join(', ');
  return (
    `<g class="${classes}" data-from="${escapeXml(edge.from)}" data-to="${escapeXml(edge.to)}">` +
    `<title>${escapeXml(`${edge.from} → ${edge.to}: ${text}${edge.inCycle ? ' (a cycle: rejected by the checker)' : ''}\n${edge.sites.join('\n')}`)}</title>` +
    `<path d="M${p0.x},${p0.y} C${p1.x},${p1.y} ${p2.x},${p2.y} ${p3.x},${p3.y}" fill="none" stroke="${colour}" stroke-width="${edge.inCycle ? 2.5 : 1.5}"${edge.kind === 'host' ? ' stroke-dasharray="5 4"' : ''} marker-end="url(#${marker})"/>` +
     `<text class="edge-label" x="${round(label.x)}" y="${round(label.y - 4)}" text-anchor="${fromSource ? 'start' : 'middle'}" fill="${colour}" ${HALO_ATTRIBUTES}>${escapeXml(text)}</text></g>`
  );
}

const round = (n: number) => Math.round(n * 10) / 10;

function nodeSvg(node: IpcGraphNode, at: { x: number; y: number }): string {
  const shared = node.sharedBy.length > 0;
  const classes = ['node', node.kind, ...(node.inCycle ? ['in-cycle'] : []), ...(shared ? ['shared-sequential'] : [])].join(' ');
  const stroke = node.inCycle ? CYCLE : shared ? SHARED : '#555';
  const cx = at.x + NODE_WIDTH / 2;
  const title = `${node.name} (${nodeDetail(node)}) at ${node.file}:${node.line}` +
    (node.inCycle ? '\non a server cycle: rejected by the checker' : '') +
    (shared ? `\nsequential server reached by ${node.sharedBy.join(', ')}: one caller at a time, others are answered busy` : '');
  return (
    `<g class="${classes}" data-id="${escapeXml(node.id)}"><title>${escapeXml(title)}</title>` +
    `<rect x="${at.x}" y="${at.y}" width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="8" fill="${FILL[node.kind]}" stroke="${stroke}" stroke-width="${node.inCycle || shared ? 3 : 1.5}"/>` +
    `<text class="node-name" x="${cx}" y="${at.y + 24}" text-anchor="middle" font-weight="bold" font-size="14">${escapeXml(node.name)}</text>` +
    `<text class="node-detail" x="${cx}" y="${at.y + 42}" text-anchor="middle" fill="#555">${escapeXml(nodeDetail(node))}</text>` +
    (shared ? `<text class="mark shared-mark" x="${cx}" y="${at.y + NODE_HEIGHT + 14}" text-anchor="middle" fill="${SHARED}">sequential: ${escapeXml(node.sharedBy.join(', '))}</text>` : '') +
    '</g>'
  );
}

/** The whole webview page: the picture and, in words, what it marks. Well-formed XHTML. */
export function ipcGraphWebviewHtml(graph: IpcGraph, nonce = randomBytes(16).toString('base64')): string {
  const csp = `default-src 'none'; style-src 'nonce-${nonce}';`;
  const cycles = graph.cycles.map((cycle) => `<li class="cycle">${escapeXml(cycle.join(' → '))}: servers acquire each other in a cycle, which the checker rejects (the monitor would answer busy)</li>`);
  const shared = graph.nodes
    .filter((n) => n.sharedBy.length > 0)
    .map((n) => `<li class="shared-sequential">${escapeXml(n.name)} is reached by ${escapeXml(n.sharedBy.join(', '))}: every server is sequential, so one waits while another is served</li>`);
  const findings = [...cycles, ...shared];
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8"/>',
    `<meta http-equiv="Content-Security-Policy" content="${csp}"/>`,
    `<title>IPC graph of ${escapeXml(baseName(graph.file))}</title>`,
    `<style nonce="${nonce}">body{${FONT};margin:16px;background:#fff;color:#222}h1{font-size:16px}ul{padding-left:20px}.cycle{color:${CYCLE}}.shared-sequential{color:${SHARED}}</style>`,
    '</head>',
    '<body>',
    `<h1>IPC graph of ${escapeXml(graph.file)}</h1>`,
    ipcGraphSvg(graph),
    findings.length > 0 ? `<ul class="findings">${findings.join('')}</ul>` : '<p class="findings">No server cycles, and no server is reached by more than one enclave.</p>',
    '</body>',
    '</html>',
  ].join('\n');
}

function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}
