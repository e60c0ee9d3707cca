// Reading `penglaic test` output: `test "name" ... ok` or `... FAILED`, a failure followed
// by its explanation indented by four spaces.
export interface TestOutcome {
  name: string;
  passed: boolean;
  /** What the failed test printed and why it failed. */
  message: string;
}

export function testOutcomes(output: string): TestOutcome[] {
  const outcomes: TestOutcome[] = [];
  for (const line of output.split('\n')) {
    const head = /^test "((?:[^"\\]|\\.)*)" \.\.\. (ok|FAILED)$/.exec(line);
    if (head) {
      outcomes.push({ name: head[1], passed: head[2] === 'ok', message: '' });
      continue;
    }
    const last = outcomes[outcomes.length - 1];
    if (last && !last.passed && line.startsWith('    ')) last.message += (last.message ? '\n' : '') + line.slice(4);
  }
  return outcomes;
}
