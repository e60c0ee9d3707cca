// What a fuzz target is (scripts/fuzz.mjs runs them): a deterministic source of inputs and a way
// to run one in process. Inputs are numbered, so input `i` of seed `s` is the same everywhere:
// a failure is reported with its number and written to a file, and reproduces from either.

export interface FuzzInput {
  /** How the input was made (`mutation.token`, `extreme.long-chain`...): counted per kind. */
  kind: string;
  text: string;
}

export interface FuzzSession {
  /** Input number `index` of this session's seed. */
  input(index: number): FuzzInput;
  /** Runs one input; returns what went wrong, or undefined. May throw: that is a failure too. */
  run(input: FuzzInput): string | undefined;
  /** CPU time one input may take (milliseconds) before it counts as a hang. */
  cpuLimitMs(input: FuzzInput): number;
}

export interface FuzzTarget {
  name: string;
  description: string;
  /** Reads what the target needs (corpus files under the repository root) for one seed. */
  start(root: string, seed: number): FuzzSession;
}
