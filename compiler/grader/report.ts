// The result of `penglaic test` as data: what the json reporter prints, what every other
// reporter (text, junit, tap, gradescope) is rendered from, and what `penglaic grade`
// collects per submission. schema/test-report.schema.json describes exactly this shape;
// the tests validate real reports against it.

export const TEST_REPORT_VERSION = 1;

/** `passed`: ran to the end; `failed`: an assertion or expectation did not hold; `error`: the
 *  test could not finish (the host faulted, a limit ran out, a monitor call failed);
 *  `not-run`: the program did not build, so nothing ran. */
export type TestStatus = 'passed' | 'failed' | 'error' | 'not-run';

/** Who sees a test's result, as Gradescope names it. */
export type Visibility = 'visible' | 'hidden' | 'after_due_date';
export const VISIBILITIES: readonly Visibility[] = ['visible', 'hidden', 'after_due_date'];

/** A position in a source file. In a hidden test file `file` is `<hidden test>` and there is no line. */
export interface ReportLocation {
  file: string;
  line?: number;
  column?: number;
}

/** How an enclave ended abnormally: the monitor's fault report or budget kill. */
export interface EnclaveStop {
  /** The name the monitor knows the enclave by (its section or registered name). */
  enclave: string;
  kind: 'fault' | 'step-limit';
  /** Faults: the exception, as a test names it (`load_page_fault`); `step_limit` for a budget kill. */
  faultKind: string;
  /** Faults: the exception in words (`load page fault`). */
  cause?: string;
  /** RISC-V exception code (scause) of a fault. */
  causeCode?: number;
  /** Hex, `0x1a34`. */
  pc: string;
  /** Hex; faults that have one (page and access faults, misaligned accesses). */
  address?: string;
  location?: ReportLocation;
  /** Why the monitor stopped it, in words. */
  detail: string;
  budgetExhausted: boolean;
  /** Budget kills: the budget that ran out, in instructions. */
  steps?: number;
}

export interface TestFailure {
  message: string;
  location?: ReportLocation;
}

export interface TestResult {
  name: string;
  /** The file the test is written in (`<hidden test>` for a hidden test file). */
  file: string;
  /** The part the test belongs to (`part: "..."`), or null. */
  part: string | null;
  status: TestStatus;
  points: { earned: number; possible: number };
  visibility: Visibility;
  /** Wall-clock time of the run in milliseconds (0 for a test that did not run). */
  durationMs: number;
  /** Instructions the machine retired during the test, host and enclaves together. */
  instructions: number;
  /** Everything the host and its enclaves printed, with the monitor's reports, in program order. */
  output: string;
  failure: TestFailure | null;
  /** Every enclave the monitor stopped during the test, in order. */
  stops: EnclaveStop[];
}

export interface PartTotal {
  name: string;
  earned: number;
  possible: number;
  passed: number;
  total: number;
}

export interface ReportDiagnostic {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  location: ReportLocation;
}

export interface TestReport {
  version: typeof TEST_REPORT_VERSION;
  /** The files whose tests were run, as given. */
  files: string[];
  /** `passed` (exit 0), `failed` (exit 1), `not-built` (exit 2). */
  outcome: 'passed' | 'failed' | 'not-built';
  exitCode: 0 | 1 | 2;
  score: { earned: number; possible: number };
  summary: { total: number; passed: number; failed: number; errors: number; notRun: number };
  /** Totals per named part, in the order parts first appear; tests without a part are in none. */
  parts: PartTotal[];
  tests: TestResult[];
  /** The build's errors and warnings; a hidden test file's are located only as `<hidden test>`. */
  diagnostics: ReportDiagnostic[];
  /** The build's diagnostics rendered as the compiler prints them (no code frames from hidden files): the feedback when the build failed. */
  buildOutput: string;
}

export const HIDDEN_FILE = '<hidden test>';

/** The exit status of `penglaic test` for a report: 0 all passed, 1 a test failed or erred, 2 not built. */
export function exitCodeOf(report: Pick<TestReport, 'outcome'>): 0 | 1 | 2 {
  return report.outcome === 'passed' ? 0 : report.outcome === 'failed' ? 1 : 2;
}
