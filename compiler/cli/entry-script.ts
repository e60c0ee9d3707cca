// Where the running `penglaic` bundle is: the grader starts its worker threads on the very
// file the command was started from, so they run the same code, from dist/ or from the
// single-file bundle inside an autograder zip alike. main.ts records it at start.
export const GRADE_WORKER_ROLE = 'penglaic-grade-worker';

let entry: URL | undefined;

export function setEntryScript(url: string): void {
  entry = new URL(url);
}

export function entryScript(): URL {
  if (!entry) throw new Error('the grader runs from the bundled CLI (node scripts/build.mjs, then bin/penglaic.js)');
  return entry;
}
