// What the GDB stub (gdb-stub.ts) debugs: a machine whose software has domains (the
// monitor's host and enclaves, or one bare program) shown to gdb as threads. The monitor
// implements this interface (monitor/debug-target.ts); the stub never sees the monitor,
// and every register and memory access goes through the domain it names, so the debugger
// sees exactly what that domain may see.
import type { Triggers } from './triggers.js';

export interface DebugThread {
  /** gdb's thread id: a positive number. */
  readonly id: number;
  /** Short name (`info threads`): the section or program name. */
  readonly name: string;
  /** What it is doing now: `running`, `waiting in a call to Adder`, `idle server`, ... */
  readonly state: string;
  /** The names `monitor focus NAME` knows it by: its section, its registered name. */
  readonly names: readonly string[];
}

/** How an advance ended: still going (limit or a debugger point), or over. */
export type DebugAdvance =
  | { kind: 'paused' }
  | { kind: 'debug' }
  | { kind: 'ended'; exitCode: number | undefined; reason?: string };

export interface DebugTarget {
  /** The hart's trigger module: the stub's breakpoints and watchpoints go there. */
  readonly triggers: Triggers;
  threads(): DebugThread[];
  /** The thread whose code the hart executes now. */
  currentThread(): number;
  /** x0..x31 then pc, of a live thread: from the hart when it runs, else as saved. */
  readRegisters(thread: number): bigint[] | undefined;
  /** Register 0..31 or 32 (pc); false when the thread is gone or the register is x0. */
  writeRegister(thread: number, index: number, value: bigint): boolean;
  /** `length` bytes at virtual `va` as the thread's own domain may read them, or undefined
   *  when any byte is unmapped or not readable by it (never another domain's bytes). */
  readMemory(thread: number, va: bigint, length: number): Uint8Array | undefined;
  /** Writes through the domain's page table; false when any byte is not writable by it. */
  writeMemory(thread: number, va: bigint, bytes: Uint8Array): boolean;
  /** Runs up to `maxSteps` instructions (traps count as steps). */
  advance(maxSteps: number): DebugAdvance;
  /** Ends the run now (gdb's `kill`). */
  kill(): void;
}
