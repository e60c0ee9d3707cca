// "Did you mean": the closest known name to a misspelt one, by edit distance (Damerau's
// adjacent transposition counts as one edit, as in rustc's and Elm's suggestions). Shared by
// the checker's diagnostics, the parser-facing keyword check and the editor's quick fixes.
import type { SourceSpan } from '../../grammar/diagnostic.js';

/** The candidates within the distance limit of `name`, closest first (at most three). A
 *  candidate must be within a third of the name's length, so `x` never suggests `y`. */
export function closestNames(name: string, candidates: Iterable<string>): string[] {
  const limit = Math.max(1, Math.floor(name.length / 3));
  const scored: { candidate: string; distance: number }[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (candidate === name || seen.has(candidate) || candidate.startsWith('__')) continue;
    seen.add(candidate);
    // Case mistakes (`Main` for `main`) are always close.
    const distance = candidate.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name, candidate, limit + 1);
    if (distance <= limit) scored.push({ candidate, distance });
  }
  scored.sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate));
  return scored.slice(0, 3).map((s) => s.candidate);
}

/** The hint sentence for the best candidate, or undefined when none is close. */
export function didYouMean(candidates: readonly string[]): string | undefined {
  return candidates.length ? `did you mean \`${candidates[0]}\`?` : undefined;
}

/** The quick-fix payload for the best candidate: replace the misspelt name with it. */
export function replacementFor(span: SourceSpan, candidates: readonly string[]): { replacement?: { span: SourceSpan; text: string; title: string } } {
  return candidates.length ? { replacement: { span, text: candidates[0], title: `Change to \`${candidates[0]}\`` } } : {};
}

/** Optimal string alignment distance, stopping early once every path exceeds `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous: number[] = [];
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, previous[j - 2] + 1);
      next[j] = d;
      if (d < best) best = d;
    }
    if (best >= limit) return limit;
    previous = row;
    row = next;
  }
  return Math.min(row[b.length], limit);
}
