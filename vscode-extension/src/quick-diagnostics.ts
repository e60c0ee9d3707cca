// Fast diagnostics for an edit inside one body of a large file. Bodies are checked against
// declarations only (README, "Programs": every signature is known before any body is checked),
// so the diagnostics of the other top-level items cannot change while no declaration does. We
// re-check a copy of the text whose other bodies are blanked out (same offsets, next to nothing
// to parse), take its diagnostics for the edited item, and keep the previous ones elsewhere,
// shifted past the edit. The server follows up with a full check once typing pauses, which
// also restores the few whole-program diagnostics (server call cycles) that span items.
import * as path from 'node:path';
import type * as ast from '../../grammar/ast.js';
import type { Diagnostic, SourceSpan } from '../../grammar/diagnostic.js';
import { checkProgram } from '../../compiler/check/index.js';
import { changedRegion } from './text-diff.js';
import type { Analysis } from './workspace.js';

export interface QuickResult {
  /** This file's diagnostics for the new text, in position order. */
  diagnostics: Diagnostic[];
}

/** Returns undefined when the edit is not confined to one body; the caller then checks fully. */
export function quickDiagnostics(previous: Analysis, text: string, readFile: (file: string) => string | undefined): QuickResult | undefined {
  const old = previous.text;
  const region = changedRegion(old, text);
  const prefix = region.start;
  const oldEnd = region.oldEnd;
  const delta = text.length - old.length;

  const edited = previous.program.items.find((item) => item.span.start <= prefix && oldEnd <= item.span.end);
  if (!edited || !insideBody(edited, prefix, oldEnd)) return undefined;

  const blanked = blankOtherBodies(text, previous.program.items, edited, delta);
  const file = previous.file;
  const checked = checkProgram(file, {
    readFile: (candidate) => (path.normalize(candidate) === file ? blanked : withoutBodies(previous, candidate, readFile(candidate))),
  });

  const itemStart = edited.span.start;
  const itemEndNew = edited.span.end + delta;
  // The edit must leave the item structure alone: an unbalanced `{` makes an item swallow the
  // next ones, and then every later diagnostic can change.
  const index = previous.program.items.indexOf(edited);
  const items = checked.programs[0].items;
  const same = items.length === previous.program.items.length && items[index].span.start === itemStart && items[index].span.end === itemEndNew;
  if (!same) return undefined;
  // Blanking never causes a syntax error, so one outside the item means the edit broke the
  // structure after all (the parser resynchronised on the next item).
  const outside = (d: Diagnostic) => d.span.file === file && (d.span.start < itemStart || d.span.start > itemEndNew);
  if (checked.diagnostics.some((d) => outside(d) && d.code < 'E0100')) return undefined;
  const lineDelta = countLineBreaks(text, prefix, region.newEnd) - countLineBreaks(old, prefix, oldEnd);
  const shift = (span: SourceSpan): SourceSpan =>
    span.file === file && span.start >= edited.span.end
      ? { ...span, start: span.start + delta, end: span.end + delta, startLine: span.startLine + lineDelta, endLine: span.endLine + lineDelta }
      : span;

  const fresh = checked.diagnostics.filter((d) => d.span.file === file && d.span.start >= itemStart && d.span.start <= itemEndNew);
  const kept = previous.checked.diagnostics
    .filter((d) => d.span.file === file && (d.span.start < itemStart || d.span.start > edited.span.end))
    .map((d) => ({ ...d, span: shift(d.span), ...(d.related ? { related: d.related.map((r) => ({ ...r, span: shift(r.span) })) } : {}) }));
  const diagnostics = [...kept, ...fresh].sort((a, b) => a.span.start - b.span.start);
  return { diagnostics };
}

/** By file name: the last text blanked (analyses come and go, an imported file's text stays). */
const blankedImports = new Map<string, { text: string; blanked: string }>();

/** An imported file's text with its bodies blanked, when it is the text the previous analysis
 *  parsed: only this file's diagnostics are wanted, and they depend on the imports' declarations
 *  alone (a large imported server would otherwise be checked again on every keystroke). */
function withoutBodies(previous: Analysis, file: string, text: string | undefined): string | undefined {
  const program = previous.checked.programs.find((p) => path.normalize(p.file) === path.normalize(file));
  if (text === undefined || !program || previous.checked.sources.get(program.file) !== text) return text;
  const cached = blankedImports.get(program.file);
  if (cached && cached.text === text) return cached.blanked;
  const blanked = blankOtherBodies(text, program.items, undefined, 0);
  blankedImports.set(program.file, { text, blanked });
  return blanked;
}

/** Whether [start, end) lies strictly inside a function or test body, or in the host's statements. */
function insideBody(item: ast.TopItem, start: number, end: number): boolean {
  const inside = (block: ast.Block | undefined) => block !== undefined && block.span.start < start && end < block.span.end;
  switch (item.kind) {
    case 'ServerDecl':
    case 'EnclaveDecl':
      return item.members.some((m) => m.kind === 'FnDecl' && inside(m.body));
    case 'HostDecl':
      return item.members.every((m) => m.kind !== 'FnDecl' || !(m.span.start <= end && start <= m.span.end) || inside(m.body));
    case 'TestDecl':
    case 'FnDecl':
      return inside(item.body);
    default:
      return false;
  }
}

/** The text with every function body, host statement and test body outside `keep` replaced by
 *  spaces (line breaks stay, so every offset, line and column is unchanged). */
function blankOtherBodies(text: string, items: readonly ast.TopItem[], keep: ast.TopItem | undefined, delta: number): string {
  const ranges: [number, number][] = [];
  const interior = (block: ast.Block | undefined, shift: number) => {
    if (block && block.span.end - block.span.start > 2) ranges.push([block.span.start + 1 + shift, block.span.end - 1 + shift]);
  };
  for (const item of items) {
    if (item === keep) continue;
    const shift = keep && item.span.start >= keep.span.end ? delta : 0;
    if (item.kind === 'ServerDecl' || item.kind === 'EnclaveDecl') {
      for (const member of item.members) if (member.kind === 'FnDecl') interior(member.body, shift);
    } else if (item.kind === 'HostDecl') {
      for (const member of item.members) {
        if (member.kind === 'FnDecl') interior(member.body, shift);
        else ranges.push([member.span.start + shift, member.span.end + shift]);
      }
    } else if (item.kind === 'TestDecl' || item.kind === 'FnDecl') {
      interior(item.body, shift);
    }
  }
  if (ranges.length === 0) return text;
  ranges.sort((a, b) => a[0] - b[0]);
  const parts: string[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start < at) continue;
    parts.push(text.slice(at, start));
    blank(text, start, end, parts);
    at = end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

const SPACES = ' '.repeat(1024);
const spaces = (n: number) => (n <= SPACES.length ? SPACES.slice(0, n) : ' '.repeat(n));

/** Pushes text[start, end) with everything but line breaks turned into spaces. Line by line
 *  with cached runs of spaces: a per-character regex here dominated the whole quick check. */
function blank(text: string, start: number, end: number, parts: string[]): void {
  let at = start;
  while (at < end) {
    let lineEnd = text.indexOf('\n', at);
    if (lineEnd < 0 || lineEnd >= end) lineEnd = end;
    const line = text.slice(at, lineEnd);
    parts.push(line.includes('\r') ? line.replace(/[^\r]/g, ' ') : spaces(line.length));
    if (lineEnd < end) parts.push('\n');
    at = lineEnd + 1;
  }
}

function countLineBreaks(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) count++;
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) count++;
  }
  return count;
}
