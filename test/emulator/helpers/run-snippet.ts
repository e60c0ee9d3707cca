// Runs a short assembled snippet in M-mode from RAM_BASE until its closing `ebreak`,
// returning the machine so a test can read registers (rvemu-style instruction tables).

import { Machine, RAM_BASE } from '../../../emulator/machine.js';
import { assembleFlat } from './cross-tools.js';

export interface SnippetRun {
  machine: Machine;
  /** Integer register by ABI or x-name, as a signed bigint. */
  reg(name: string): bigint;
  stopCause: number | null;
}

const ABI = ['zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7',
  's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6'];

export function regIndex(name: string): number {
  if (/^x\d+$/.test(name)) return Number(name.slice(1));
  if (name === 'fp') return 8;
  return ABI.indexOf(name);
}

export function runSnippet(source: string, maxInstructions = 100_000): SnippetRun {
  const code = assembleFlat(`.globl _start\n_start:\n${source}\nebreak\n`);
  const machine = new Machine({ ramSize: 1 << 20 });
  machine.writePhys(RAM_BASE, code);
  machine.pc = BigInt(RAM_BASE);
  let stopCause: number | null = null;
  machine.setTrapHook((t) => {
    stopCause = t.cause;
    return 'stop';
  });
  machine.run(maxInstructions);
  return {
    machine,
    reg: (name) => BigInt.asIntN(64, machine.getReg(regIndex(name))),
    get stopCause() {
      return stopCause;
    },
  };
}
