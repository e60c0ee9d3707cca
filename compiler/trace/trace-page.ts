// The pictures of a trace as one self-contained HTML page (inline CSS, inline SVG, one
// small inline script, nothing loaded from anywhere) or as one SVG file holding both views.
import type { TraceModel } from './trace-model.js';
import { ownershipTimeline } from './ownership-timeline.js';
import { sequenceDiagram } from './sequence-diagram.js';
import { escapeXml, FONT } from './svg-text.js';

function summary(model: TraceModel): string {
  const program = model.header?.program ?? 'a program';
  const end = model.closing;
  const outcome = end?.exitCode !== undefined ? `the host exited with status ${end.exitCode}` : end?.stopReason ? end.stopReason : 'the run ended';
  return `${program}: ${model.eventCount.toLocaleString('en-US')} monitor events over ${(end?.instret ?? 0).toLocaleString('en-US')} retired instructions; ${outcome}.`;
}

/** A JSON value inside <script>: `</` cannot end the element early. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

const STYLE = `
body{${FONT};margin:0;color:#222;background:#fafafa}
header{padding:16px 24px;background:#263238;color:#fff}
header h1{margin:0 0 4px;font-size:20px}
header p{margin:0;color:#cfd8dc}
main{padding:8px 24px 240px}
section{margin:16px 0}
h2{font-size:17px;margin:8px 0 4px}
p.help{margin:0 0 8px;color:#555;max-width:70em}
.view{overflow:auto;border:1px solid #ddd;background:#fff;max-height:80vh}
.arrow:hover line{stroke-width:3}
.arrow.selected line,.note.selected circle{stroke:#1565c0}
.arrow.selected text,.note.selected text{fill:#1565c0;font-weight:bold}
#details{position:fixed;left:0;right:0;bottom:0;max-height:220px;overflow:auto;background:#fff;border-top:2px solid #263238;padding:8px 24px;box-shadow:0 -2px 6px rgba(0,0,0,.15)}
#details h3{margin:0 0 4px;font-size:14px}
#details pre{margin:0;font-size:12px;white-space:pre-wrap}
#details .src{font-weight:bold;color:#1565c0}
`;

const SCRIPT = `
(function () {
  var details = JSON.parse(document.getElementById('trace-details').textContent);
  var panel = document.getElementById('details');
  var selected = null;
  function show(node) {
    if (selected) selected.classList.remove('selected');
    selected = node;
    node.classList.add('selected');
    var detail = details[Number(node.getAttribute('data-event'))];
    var label = node.querySelector('text.label').textContent;
    var src = node.getAttribute('data-src');
    panel.innerHTML = '';
    var h = document.createElement('h3');
    h.textContent = label;
    panel.appendChild(h);
    var where = document.createElement('div');
    where.className = 'src';
    where.textContent = src ? 'source: ' + src : 'no source line (the monitor or runtime code)';
    panel.appendChild(where);
    var pre = document.createElement('pre');
    pre.textContent = JSON.stringify(detail, null, 2);
    panel.appendChild(pre);
  }
  document.querySelector('.sequence-diagram').addEventListener('click', function (e) {
    var node = e.target.closest('[data-event]');
    if (node) show(node);
  });
  // A link to page.html#event-12 opens with that arrow selected.
  var linked = /^#event-(\\d+)$/.exec(location.hash);
  var target = linked && document.querySelector('[data-event="' + linked[1] + '"]');
  if (target) {
    show(target);
    target.scrollIntoView({ block: 'center' });
  }
})();
`;

export function traceHtml(model: TraceModel): string {
  const diagram = sequenceDiagram(model);
  const title = `Trace of ${model.header?.program ?? 'a run'}`;
  const folded = model.grouped ? ' This run is long, so calls, returns and slices between two landmarks are folded into grey boxes; each arrow there says how many times it happened.' : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${escapeXml(title)}</h1><p>${escapeXml(summary(model))}</p></header>
<main>
<section id="sequence">
<h2>Calls between the host, enclaves and servers</h2>
<p class="help">Each column is one participant; time runs down the page. Solid arrows are calls and the host's commands, dashed arrows are answers. A coloured bar on a server's line means it is serving a call: bars inside bars are a chain of calls. Red marks a fault. Click an arrow to see its details and its source line.${folded}</p>
<div class="view">${diagram.svg}</div>
</section>
<section id="ownership">
<h2>Who owns each memory region</h2>
<p class="help">Each row is a region of memory that changed hands; time runs to the right, in retired instructions. The colour is the owner at that moment (the same colour as its column above). When a call lends a region, the row changes to the server's colour and back, without any copying.</p>
<div class="view">${ownershipTimeline(model)}</div>
</section>
</main>
<aside id="details"><h3>Details</h3><div>Click an arrow or a note in the diagram.</div></aside>
<script type="application/json" id="trace-details">${scriptJson(diagram.details)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/** Both views stacked in one SVG document; hovering an arrow shows its details. */
export function traceSvg(model: TraceModel): string {
  const diagram = sequenceDiagram(model).svg;
  const timeline = ownershipTimeline(model);
  const size = (svg: string) => {
    const match = /width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"/.exec(svg)!;
    return { width: Number(match[1]), height: Number(match[2]) };
  };
  const a = size(diagram);
  const b = size(timeline);
  const width = Math.max(a.width, b.width);
  const height = 40 + a.height + 40 + b.height;
  const place = (svg: string, y: number) => svg.replace('<svg ', `<svg y="${y}" `);
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" style="${FONT};background:#fff">
<title>${escapeXml(summary(model))}</title>
<text x="10" y="26" font-size="18" font-weight="bold">${escapeXml(summary(model))}</text>
${place(diagram, 40)}
<text x="10" y="${a.height + 66}" font-size="16" font-weight="bold">Who owns each memory region</text>
${place(timeline, a.height + 80)}
</svg>
`;
}
