// Random code made hot: bytes placed at the start of RAM run over and over (each trap
// restarts the current 64-byte window with the same registers; every `repeats` traps the
// window moves on), so their blocks reach the JS-block and wasm-region tiers. Used by
// random-words-agree-in-every-tier.test.ts and the `translator` fuzz target.

import { createHash } from 'node:crypto';
import { Machine, RAM_BASE, type MachineOptions } from '../../../emulator/machine.js';

const RAM = 1 << 16;

export interface HotWordsRun {
  state: { steps: number; instret: number; traps: number; pc: bigint; regs: string; memory: string };
  regionsCompiled: number;
}

export function runHotWords(code: Uint8Array, priv: 0 | 1 | 3, satp: bigint, options: MachineOptions, steps: number, repeats = 200): HotWordsRun {
  const machine = new Machine({ ramSize: RAM, ...options });
  const stats = machine.hart.enableTierStats();
  machine.writePhys(BigInt(RAM_BASE), code.subarray(0, RAM));
  machine.writeCsr(0x180, satp);
  const span = Math.max(64, Math.min(code.length, RAM));
  let traps = 0;
  let window = 0;
  const scramble = () => {
    for (let r = 1; r < 32; r += 1) machine.setReg(r, BigInt(RAM_BASE) + BigInt((r * 977 + window * 131) % RAM));
  };
  machine.setTrapHook(() => {
    traps += 1;
    if (traps % repeats === 0) window = (window + 64) % Math.max(64, span - 64);
    machine.pc = BigInt(RAM_BASE + window);
    machine.privilege = priv;
    scramble();
    return 'resume';
  });
  scramble();
  machine.pc = BigInt(RAM_BASE);
  machine.privilege = priv;
  const r = machine.run(steps);
  const regs = Array.from({ length: 32 }, (_, k) => machine.getReg(k).toString(16)).join(',');
  const memory = createHash('sha256').update(machine.readPhys(BigInt(RAM_BASE), RAM)).digest('hex');
  return { state: { steps: r.steps, instret: machine.instret, traps, pc: machine.pc, regs, memory }, regionsCompiled: stats.regionsCompiled };
}

export const TIER_OPTIONS: Record<string, MachineOptions> = {
  interpreter: { translateBlocks: false },
  blocks: { translateRegions: false },
  regions: {},
};

/** Runs the code in every tier; a description of the first difference from the interpreter, or undefined. */
export function checkHotWords(code: Uint8Array, priv: 0 | 1 | 3, satp: bigint, steps: number, repeats = 200): string | undefined {
  const reference = runHotWords(code, priv, satp, TIER_OPTIONS.interpreter, steps, repeats);
  for (const tier of ['blocks', 'regions']) {
    const other = runHotWords(code, priv, satp, TIER_OPTIONS[tier], steps, repeats);
    for (const [key, value] of Object.entries(reference.state)) {
      const got = (other.state as Record<string, unknown>)[key];
      if (got !== value) return `${tier} differs from the interpreter in ${key}: ${String(got)} instead of ${String(value)}`;
    }
  }
  return undefined;
}
