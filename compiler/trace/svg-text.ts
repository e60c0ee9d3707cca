// What both pictures of a trace share: escaping text for SVG and HTML, and one colour per
// participant, so an enclave's lifeline and the regions it owns have the same colour.
import { HOST_EID, NO_OWNER } from '../../runtime/trace-format.js';
import type { Participant } from './trace-model.js';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Tableau 10, colour-blind friendly enough to tell a handful of enclaves apart. */
const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#b07aa1', '#76b7b2', '#edc948', '#ff9da7', '#9c755f'];
export const HOST_COLOUR = '#8c8c8c';
export const NOBODY_COLOUR = '#ffffff';

export function colourOf(eid: number, participants: readonly Participant[]): string {
  if (eid === HOST_EID) return HOST_COLOUR;
  if (eid === NO_OWNER) return NOBODY_COLOUR;
  const index = participants.findIndex((p) => p.eid === eid);
  return PALETTE[(index < 0 ? eid : index - 1) % PALETTE.length];
}

/** Text a reader can see over lines: a white halo behind the glyphs. */
export const HALO = 'paint-order:stroke;stroke:#fff;stroke-width:4px;stroke-linejoin:round';

export const FONT = 'font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif';
