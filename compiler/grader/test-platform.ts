// What the grader needs of a machine to run one test, as an interface: compiler/ may not
// import the emulator (DESIGN.md §1), so the CLI layer supplies the implementation
// (compiler/cli/test-platform.ts binds it to emulator/index.ts's runPlatform).
import type { Manifest } from '../manifest.js';

/** What the grader knows of an enclave, by the name the monitor knows it by (the same
 *  shape as compiler/cli/describe-event.ts's DomainInfo). */
export interface DomainInfo {
  /** The image it was created from, for source positions. */
  image?: Uint8Array;
  /** How reports name it: `enclave Caller`, `server Adder ("test-server")`. */
  label?: string;
}
export type DomainLookup = (monitorName: string) => DomainInfo | undefined;

export interface TestMachineRequest {
  hostElf: Uint8Array;
  hostArgs: string[];
  /** The build's images, by file name, for the host to open. */
  files: ReadonlyMap<string, Uint8Array>;
  /** Instruction budget of one enclave run. */
  enclaveMaxSteps: number;
  /** Instruction budget of the whole test, host included. */
  totalMaxSteps: number;
  /** Wall-clock limit of the whole test in milliseconds. */
  wallClockMs: number;
  /** For source positions and names in the monitor's reports. */
  domainOf: DomainLookup;
  /** The most output kept; a test that prints more stops with an error (its expectations could not be judged). */
  maxOutputBytes: number;
  /** The build's manifest (for traces of the run). */
  manifest?: Manifest;
}

/** A monitor report about one enclave, as the machine gives it. */
export type MachineStop =
  | { kind: 'fault'; enclave: string; pc: bigint; returnAddress: bigint; cause: string; causeCode: number; address?: bigint; detail: string }
  | { kind: 'step-limit'; enclave: string; pc: bigint; steps: number };

/** An `expect_output` / `expect_no_output` the test registered with the monitor. */
export interface OutputExpectation {
  mode: 'contains' | 'never';
  text: string;
  /** `FILE:LINE:COL` of the call. */
  location: string;
}

export type TestMachineOutcome =
  | { error: string }
  | {
      /** The host's exit status; undefined when the run did not end by the host exiting. */
      exitCode: number | undefined;
      /** Why the run ended, when not by the host's exit. */
      stop?: { kind: 'wall-clock' | 'total-budget' | 'output-limit' | 'machine'; message: string };
      /** Everything printed, with the monitor's report lines, in program order. */
      output: string;
      stops: MachineStop[];
      expectations: OutputExpectation[];
      instructions: number;
    };

export interface TestMachine {
  run(request: TestMachineRequest): TestMachineOutcome;
}
