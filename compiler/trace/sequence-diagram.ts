// The IPC sequence diagram of a trace, as SVG: one lifeline per participant (the host,
// each enclave, each server) with time running down, one arrow per call, return and host
// command, notes for what happens inside one domain, bars while a server serves a call
// (so a chain caller → test-server1 → test-server shows as nested bars), and faults in red
// where they happened. Every arrow and note carries `data-event`, the index of its details
// in the page's details table, and a <title> so the SVG alone shows them on hover.
import type { Arrow, Row, TraceModel } from './trace-model.js';
import { colourOf, escapeXml, FONT, HALO } from './svg-text.js';

const COLUMN = 210;
const LEFT = 40;
const TOP = 64;
const ROW = 30;
const GROUP_ARROW = 24;
const GROUP_PAD = 20;

export interface DiagramOutput {
  svg: string;
  /** What a click on `data-event="i"` shows. */
  details: Record<string, unknown>[];
}

function rowHeight(row: Row): number {
  return row.type === 'group' ? GROUP_PAD + row.arrows.length * GROUP_ARROW + 8 : ROW;
}

export function sequenceDiagram(model: TraceModel): DiagramOutput {
  const participants = model.participants;
  const column = new Map(participants.map((p, i) => [p.eid, i]));
  const x = (eid: number) => LEFT + COLUMN / 2 + (column.get(eid) ?? 0) * COLUMN;
  const tops: number[] = [];
  let y = TOP + 30;
  for (const row of model.rows) {
    tops.push(y);
    y += rowHeight(row);
  }
  const height = y + (model.omittedEvents > 0 ? 40 : 10);
  const width = LEFT * 2 + participants.length * COLUMN;
  const details: Record<string, unknown>[] = [];
  const parts: string[] = [];

  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" class="sequence-diagram" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" style="${FONT};font-size:12px;background:#fff">`);
  parts.push(
    '<defs><marker id="head" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#333"/></marker>' +
      '<marker id="head-fault" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#c62828"/></marker></defs>',
  );
  for (const p of participants) {
    const cx = x(p.eid);
    const colour = colourOf(p.eid, participants);
    parts.push(
      `<g class="lifeline" data-eid="${p.eid}" data-name="${escapeXml(p.name)}">` +
        `<line x1="${cx}" y1="${TOP}" x2="${cx}" y2="${height - 6}" stroke="#bbb" stroke-dasharray="4 4"/>` +
        `<rect x="${cx - COLUMN / 2 + 12}" y="8" width="${COLUMN - 24}" height="${TOP - 16}" rx="6" fill="${colour}" fill-opacity="0.18" stroke="${colour}" stroke-width="2"/>` +
        `<text class="lifeline-name" x="${cx}" y="30" text-anchor="middle" font-weight="bold" font-size="14">${escapeXml(p.name)}</text>` +
        `<text x="${cx}" y="47" text-anchor="middle" fill="#555">${escapeXml(p.eid < 0 ? 'host' : `${p.kind}, eid ${p.eid}`)}</text></g>`,
    );
  }
  for (const a of model.activations) {
    if (!column.has(a.eid) || tops[a.fromRow] === undefined) continue;
    const y0 = tops[a.fromRow] + ROW / 2;
    const y1 = (tops[a.toRow] ?? y) + ROW / 2;
    const colour = colourOf(a.eid, participants);
    const half = a.kind === 'serving' ? 6 : 4;
    parts.push(`<rect class="activation ${a.kind}" data-eid="${a.eid}" x="${x(a.eid) - half}" y="${y0}" width="${half * 2}" height="${Math.max(4, y1 - y0)}" fill="${colour}" fill-opacity="${a.kind === 'serving' ? 0.55 : 0.25}" stroke="${colour}"/>`);
  }
  model.rows.forEach((row, i) => {
    if (row.type === 'arrow') {
      parts.push(drawArrow(row, tops[i] + ROW / 2 + 4, x, details));
      return;
    }
    const columns = row.arrows.flatMap((a) => [column.get(a.from) ?? 0, column.get(a.to) ?? 0]);
    const left = LEFT + Math.min(...columns) * COLUMN + 8;
    const right = LEFT + (Math.max(...columns) + 1) * COLUMN - 8;
    const h = rowHeight(row) - 6;
    parts.push(
      `<g class="group" data-events="${row.events}"><rect x="${left}" y="${tops[i]}" width="${right - left}" height="${h}" rx="6" fill="#f4f4f4" fill-opacity="0.7" stroke="#999" stroke-dasharray="3 3"/>` +
        `<text x="${left + 8}" y="${tops[i] + 14}" fill="#444" font-style="italic">${row.events} events folded, instructions ${row.firstT.toLocaleString('en-US')}–${row.lastT.toLocaleString('en-US')}</text></g>`,
    );
    row.arrows.forEach((arrow, k) => parts.push(drawArrow(arrow, tops[i] + GROUP_PAD + k * GROUP_ARROW + 14, x, details)));
  });
  if (model.omittedEvents > 0) {
    parts.push(`<text x="${LEFT}" y="${height - 16}" fill="#c62828">${model.omittedEvents.toLocaleString('en-US')} more events are in the trace but not drawn: the diagram is full.</text>`);
  }
  parts.push('</svg>');
  return { svg: parts.join('\n'), details };
}

function drawArrow(arrow: Arrow, y: number, x: (eid: number) => number, details: Record<string, unknown>[]): string {
  const index = details.length;
  details.push({ ...arrow.detail, ...(arrow.count > 1 ? { count: arrow.count } : {}) });
  const label = arrow.count > 1 ? `${arrow.label} ×${arrow.count.toLocaleString('en-US')}` : arrow.label;
  const colour = arrow.fault ? '#c62828' : '#333';
  const where = arrow.src ? `\n${arrow.src}` : '';
  const title = `<title>${escapeXml(`${label}\ninstruction ${arrow.t.toLocaleString('en-US')}${where}`)}</title>`;
  const data = `data-event="${index}" data-kind="${arrow.kind}" data-from="${arrow.from}" data-to="${arrow.to}" data-count="${arrow.count}"${arrow.src ? ` data-src="${escapeXml(arrow.src)}"` : ''}`;
  const text = `<text class="label" y="${y - 6}" fill="${colour}" style="${HALO}"`;
  if (arrow.from === arrow.to) {
    const cx = x(arrow.from);
    return (
      `<g class="note${arrow.fault ? ' fault' : ''}" ${data} style="cursor:pointer">${title}` +
      `<circle cx="${cx}" cy="${y - 2}" r="${arrow.fault ? 7 : 4}" fill="${arrow.fault ? '#c62828' : '#fff'}" stroke="${colour}" stroke-width="2"/>` +
      `${text} x="${cx + 12}" dy="10">${escapeXml(label)}</text></g>`
    );
  }
  const x1 = x(arrow.from);
  const x2 = x(arrow.to);
  const direction = Math.sign(x2 - x1);
  return (
    `<g class="arrow${arrow.fault ? ' fault' : ''}" ${data} style="cursor:pointer">${title}` +
    `<line x1="${x1 + direction * 7}" y1="${y}" x2="${x2 - direction * 7}" y2="${y}" stroke="${colour}" stroke-width="${arrow.count > 1 ? 3 : 1.5}"${arrow.dashed ? ' stroke-dasharray="6 4"' : ''} marker-end="url(#${arrow.fault ? 'head-fault' : 'head'})"/>` +
    `${text} x="${(x1 + x2) / 2}" text-anchor="middle">${escapeXml(label)}</text></g>`
  );
}
