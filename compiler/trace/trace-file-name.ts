// The file a test's trace is written to under `penglaic test --trace DIR`: the test's name
// in lower case with every run of other characters as one dash. The editor finds a test's
// trace by the same rule.
export function traceFileNameOf(test: string): string {
  return `${test.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'test'}.json`;
}
