// `penglaic run --stats`: the per-domain table and the whole run's figures, as text or JSON.
import type { RunStats } from './trace-recorder.js';

const COLUMNS = ['domain', 'kind', 'instructions', 'calls made', 'calls served', 'peak pages', 'end pages', 'ocalls', 'faults'] as const;

export function formatStats(stats: RunStats): string {
  const rows = stats.domains.map((d) => [
    d.eid < 0 ? d.name : `${d.name} (eid ${d.eid})`,
    d.kind,
    String(d.instructions),
    String(d.callsMade),
    String(d.callsServed),
    String(d.peakPages),
    String(d.endPages),
    String(d.ocalls),
    String(d.faults),
  ]);
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i].length)));
  // Names and kinds read left-aligned, numbers right-aligned.
  const line = (cells: readonly string[]) => cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd();
  const table = [line(COLUMNS), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  const seconds = stats.wallMs / 1000;
  table.push('', `whole run: ${stats.instructions} instructions in ${seconds.toFixed(3)} s wall time, ${stats.mips.toFixed(1)} MIPS`);
  return table.join('\n') + '\n';
}

export function statsJson(stats: RunStats): string {
  return JSON.stringify({ domains: stats.domains, instructions: stats.instructions, wallMs: Math.round(stats.wallMs * 1000) / 1000, mips: Math.round(stats.mips * 100) / 100 }, null, 2) + '\n';
}
