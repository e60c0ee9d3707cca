// What the page and the run worker say to each other. A program is its files by path
// (relative to the virtual file system's root) and the file the build starts from.
import type { TestReport } from '../../compiler/grader/report.js';

export interface Program {
  files: Record<string, string>;
  /** The file `build` and `run` start from: `main.pen`. */
  entry: string;
}

export type RunRequest = { kind: 'run'; program: Program } | { kind: 'test'; program: Program };

export type RunReply =
  /** The next piece of the console, in program order: program output and the monitor's report lines. */
  | { kind: 'output'; text: string }
  /** Compiler diagnostics, rendered as `penglaic build` prints them; the run did not start when errors. */
  | { kind: 'diagnostics'; text: string; errors: number }
  /** The pictures of the run (compiler/trace): the IPC sequence diagram and the region-ownership timeline. */
  | { kind: 'trace'; sequence: string; timeline: string }
  | { kind: 'tests'; report: TestReport }
  /** The run ended: the host's exit status, or why it stopped; `note` when output was cut. */
  | { kind: 'done'; exitCode?: number; stopReason?: string; note?: string };

/** The most console output kept of one run; past it the run is ended, with a note. */
export const OUTPUT_CAP_BYTES = 256 * 1024;
