// The region-ownership timeline of a trace, as SVG: one row per region (a whole mmap
// region, relay pages or a response region: the unit that moves), time in retired
// instructions running across, each stretch coloured by the region's owner at the time.
// A zero-copy call shows as the row changing colour from caller to server and back.
import { NO_OWNER } from '../../runtime/trace-format.js';
import type { TraceModel } from './trace-model.js';
import { colourOf, escapeXml, FONT, HALO, NOBODY_COLOUR } from './svg-text.js';

const LABEL = 250;
const BAR = 900;
const ROW = 26;
const TOP = 70;

export function ownershipTimeline(model: TraceModel): string {
  const regions = [...model.regions.values()];
  const end = Math.max(1, model.closing?.instret ?? 0, ...regions.flatMap((r) => r.spans.map((s) => s.t)));
  const owners = new Set<number>();
  for (const r of regions) for (const s of r.spans) owners.add(s.owner);
  const legend = model.participants.filter((p) => owners.has(p.eid)).map((p) => ({ eid: p.eid, name: p.name }));
  if (owners.has(NO_OWNER)) legend.push({ eid: NO_OWNER, name: 'nobody (free)' });
  const bottom = TOP + Math.max(1, regions.length) * ROW + (model.omittedRegions > 0 ? 30 : 0);
  const width = LABEL + BAR + 40;
  const height = bottom + 50;
  const tx = (t: number) => LABEL + (t / end) * BAR;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" class="ownership-timeline" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" style="${FONT};font-size:12px;background:#fff">`);
  let lx = 10;
  legend.forEach((item) => {
    const colour = colourOf(item.eid, model.participants);
    parts.push(
      `<g class="legend" data-owner="${item.eid}"><rect x="${lx}" y="12" width="16" height="16" fill="${colour}" stroke="#666"/>` +
        `<text x="${lx + 22}" y="25">${escapeXml(item.name)}</text></g>`,
    );
    lx += 40 + item.name.length * 7;
  });
  parts.push(`<text x="10" y="${TOP - 12}" fill="#555">region (VA in its first owner, size)</text>`);
  parts.push(`<text x="${LABEL}" y="${TOP - 12}" fill="#555">owner over time →</text>`);
  if (regions.length === 0) parts.push(`<text x="${LABEL}" y="${TOP + 18}" fill="#555">No region changed hands in this run.</text>`);
  regions.forEach((region, i) => {
    const y = TOP + i * ROW;
    parts.push(`<g class="region" data-region="${region.id}" data-spans="${region.spans.length}">`);
    parts.push(`<text x="10" y="${y + 17}">${escapeXml(`${region.va} · ${region.pages} page${region.pages === 1 ? '' : 's'}`)}</text>`);
    region.spans.forEach((span, k) => {
      const next = region.spans[k + 1]?.t ?? end;
      const x0 = tx(span.t);
      const w = Math.max(next > span.t ? 1 : 0, tx(next) - x0);
      const colour = colourOf(span.owner, model.participants);
      const who = span.owner === NO_OWNER ? 'nobody' : model.nameOf(span.owner);
      const folded = span.moves > 1 ? `, ${span.moves} changes of owner folded` : '';
      parts.push(
        `<rect class="span" data-owner="${span.owner}" x="${x0.toFixed(2)}" y="${y + 3}" width="${w.toFixed(2)}" height="${ROW - 6}" fill="${colour}"${colour === NOBODY_COLOUR ? ' stroke="#bbb"' : ''}>` +
          `<title>${escapeXml(`${region.va}: ${who} from instruction ${span.t.toLocaleString('en-US')} to ${next.toLocaleString('en-US')}${folded}`)}</title></rect>`,
      );
    });
    parts.push('</g>');
  });
  if (model.omittedRegions > 0) parts.push(`<text x="10" y="${bottom - 8}" fill="#c62828">${model.omittedRegions} more regions are in the trace but not drawn.</text>`);
  // Axis: five ticks in retired instructions.
  parts.push(`<line x1="${LABEL}" y1="${bottom + 4}" x2="${LABEL + BAR}" y2="${bottom + 4}" stroke="#333"/>`);
  for (let k = 0; k <= 4; k++) {
    const t = Math.round((end * k) / 4);
    parts.push(`<line x1="${tx(t)}" y1="${bottom + 4}" x2="${tx(t)}" y2="${bottom + 9}" stroke="#333"/><text x="${tx(t)}" y="${bottom + 22}" text-anchor="middle" style="${HALO}">${t.toLocaleString('en-US')}</text>`);
  }
  parts.push(`<text x="${LABEL + BAR / 2}" y="${bottom + 40}" text-anchor="middle" fill="#555">retired instructions</text>`);
  parts.push('</svg>');
  return parts.join('\n');
}
