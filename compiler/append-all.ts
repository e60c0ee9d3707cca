// Appending one array to another without spreading it into arguments: `push(...items)` passes
// every element on the machine stack and overflows it somewhere past 100,000 elements, which a
// machine-written program (one line-table entry or diagnostic per statement) reaches.

export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
