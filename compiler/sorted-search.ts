// Binary search over ascending numbers, shared by the assembler (symbol sizes) and the
// register allocator (calls a value lives across).

/** The first element of ascending `values` greater than `value`, or undefined. */
export function firstAbove(values: readonly number[] | undefined, value: number): number | undefined {
  if (!values) return undefined;
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! > value) high = middle;
    else low = middle + 1;
  }
  return values[low];
}
