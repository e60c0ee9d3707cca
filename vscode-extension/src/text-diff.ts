// The one region where two versions of a text differ (common prefix and suffix removed). Edits
// while typing touch one place, so this is enough to map positions from the current text back
// into the last analysed one, and to tell which declaration an edit is confined to.

export interface ChangedRegion {
  /** Start of the difference in both texts. */
  start: number;
  /** End of the difference in the old text (exclusive). */
  oldEnd: number;
  /** End of the difference in the new text (exclusive). */
  newEnd: number;
}

export function changedRegion(oldText: string, newText: string): ChangedRegion {
  const limit = Math.min(oldText.length, newText.length);
  let start = 0;
  while (start < limit && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix < limit - start && oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)) suffix++;
  return { start, oldEnd: oldText.length - suffix, newEnd: newText.length - suffix };
}

/** Where an offset of the new text falls in the old one; inside the changed region, at its start
 *  (the same body, before whatever is being typed). */
export function mapToOld(region: ChangedRegion, newOffset: number): number {
  if (newOffset <= region.start) return newOffset;
  if (newOffset >= region.newEnd) return newOffset - region.newEnd + region.oldEnd;
  return region.start;
}
