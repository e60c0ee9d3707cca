// A CI-sized sample of a fuzz target: the inputs `from`..`from + count - 1` of one session,
// run as the long run does (runOne: exceptions and CPU bounds count as failures).
import { runOne } from './driver.js';
import type { FuzzSession } from './target.js';

export function runSample(session: FuzzSession, from: number, count: number): { failures: string[]; kinds: string[] } {
  const failures: string[] = [];
  const kinds = new Set<string>();
  for (let index = from; index < from + count; index++) {
    const input = session.input(index);
    kinds.add(input.kind);
    const problem = runOne(session, input);
    if (problem) failures.push(`input ${index} (${input.kind}): ${problem}`);
  }
  return { failures, kinds: [...kinds].sort() };
}
