// Bare-metal programs for several harts (riscv-tests style): every hart starts at _start
// in M-mode; `hart0` is what hart 0 runs and ends with `j exit` (status a0), `others` is
// what every other hart runs (s0 holds mhartid in both). `data` is placed in .data.
// Built with the GNU cross tools, run under the emulator's scheduler.

import { assembleElf } from './cross-tools.js';
import { bareSource } from './bare-program.js';
import { runBare, type BareResult } from '../../../emulator/bare.js';
import type { SchedulePolicy } from '../../../emulator/scheduler.js';
import { parseElf } from '../../../emulator/elf-loader.js';

export interface HartProgram {
  hart0: string;
  others: string;
  data?: string;
  /** The trap handler every hart shares (default: exit with 100). */
  handler?: string;
}

export function multiHartSource(p: HartProgram): string {
  const body = `
  csrr s0, mhartid
  bnez s0, other_harts
${p.hart0}
other_harts:
${p.others}
park:
  wfi
  j park
.section .data
.align 6
${p.data ?? ''}
.section .text
`;
  // No linker relaxation: gp is never set up, so `la` must stay pc-relative.
  return `.option norelax\n${bareSource(body, p.handler)}`;
}

export interface HartsResult extends BareResult {
  /** The 32-bit word at a label of the program, after the run. */
  word(label: string): number;
}

export function runHarts(p: HartProgram, harts: number, schedule?: SchedulePolicy, maxInstructions = 5_000_000): HartsResult {
  const elf = assembleElf(multiHartSource(p));
  const parsed = parseElf(elf.bytes);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const r = runBare(elf.bytes, { ramSize: 4 << 20, maxInstructions, harts, schedule });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  const machine = r.value.machine;
  return {
    ...r.value,
    word(label) {
      const at = parsed.value.symbols.get(label);
      if (at === undefined) throw new Error(`no label ${label}`);
      return Number(machine.readPhys64(Number(at)) & 0xffff_ffffn);
    },
  };
}

/** Assembly that sets the word at `label` to 1 (clobbers `a` and `b`). */
export function raiseFlag(label: string, a = 't1', b = 't2'): string {
  return `  la ${a}, ${label}\n  li ${b}, 1\n  sw ${b}, 0(${a})`;
}

/** Assembly that spins until the word at `label` is not 0 (clobbers `a` and `b`). */
export function awaitFlag(label: string, a = 't1', b = 't2'): string {
  return `  la ${a}, ${label}\n9: lw ${b}, 0(${a})\n  beqz ${b}, 9b`;
}
