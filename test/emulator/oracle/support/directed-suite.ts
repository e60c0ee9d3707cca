// One directed suite = one ELF holding all its cases, run once under qemu-riscv64 and once
// under our linux-user shim; each case becomes its own `it`, comparing the named dumps, and
// optional exact register values pin the expected architecture result as well.

import { describe, it, expect, beforeAll } from 'vitest';
import { buildLinuxElf, runQemu, runOurs, type RunOutput } from './toolchain.js';
import { buildStateProgram, splitDumps, describeDump, parseDump, ABI_NAMES, type StateCase } from './state-program.js';

export interface DirectedCase extends StateCase {
  name: string;
  /** Exact values (by ABI name) the case must leave, checked on both machines. */
  expect?: Record<string, bigint>;
}

export function directedSuite(title: string, cases: DirectedCase[], extraSections = ''): void {
  describe(title, () => {
    let qemu: RunOutput;
    let ours: RunOutput;
    let qemuDumps: string[] = [];
    let ourDumps: string[] = [];
    beforeAll(() => {
      const elf = buildLinuxElf(buildStateProgram(cases, extraSections));
      qemu = runQemu(elf.path);
      ours = runOurs(elf.bytes);
      qemuDumps = splitDumps(qemu.stdout);
      ourDumps = splitDumps(ours.stdout);
    });

    it('exits like qemu-riscv64 after every case', () => {
      expect(qemuDumps.length).toBe(cases.length);
      expect({ exitCode: ours.exitCode, cases: ourDumps.length }).toEqual({ exitCode: qemu.exitCode, cases: qemuDumps.length });
    });

    cases.forEach((c, k) => {
      it(c.name, () => {
        const reference = parseDump(qemuDumps[k] ?? '');
        expect(reference, 'qemu printed this case').toBeDefined();
        expect(describeDump(ourDumps[k] ?? '')).toBe(describeDump(qemuDumps[k]));
        for (const [name, value] of Object.entries(c.expect ?? {})) {
          const reg = ABI_NAMES.indexOf(name);
          expect([name, reference!.regs[reg]]).toEqual([name, BigInt.asUintN(64, value)]);
        }
      });
    });
  });
}
