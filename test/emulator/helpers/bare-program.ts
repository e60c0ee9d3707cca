// Bare-metal test programs: `body` runs in M-mode from _start with mtvec at `trap`
// (whose code is `handler`); `exit` leaves through HTIF with status a0.

import { assembleElf } from './cross-tools.js';
import { runBare, type BareResult } from '../../../emulator/bare.js';

export function bareSource(body: string, handler = 'li a0, 100\nj exit'): string {
  return `
.section .text
.globl _start
_start:
  la t0, trap
  csrw mtvec, t0
${body}
fail:
  li a0, 1
exit:
  slli a0, a0, 1
  ori a0, a0, 1
  la t0, tohost
  sd a0, 0(t0)
1: j 1b
.align 2
trap:
${handler}
.section .tohost, "aw"
.align 6
.globl tohost
tohost: .dword 0
.align 6
.globl fromhost
fromhost: .dword 0
`;
}

export function runBareProgram(body: string, handler?: string, maxInstructions = 1_000_000): BareResult & { output: string } {
  const elf = assembleElf(bareSource(body, handler));
  let output = '';
  const r = runBare(elf.bytes, { ramSize: 4 << 20, maxInstructions, stdout: (b) => (output += Buffer.from(b).toString('latin1')) });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return { ...r.value, output };
}
