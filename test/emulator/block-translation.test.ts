// Translated blocks must be invisible: the same program run with block translation on and
// off (predecoded single-stepping) ends in the same state, with the same instret, and
// traps raised inside a translated block are precise.

import { describe, it, expect } from 'vitest';
import { assembleElf, compileC } from './helpers/cross-tools.js';
import { bareSource } from './helpers/bare-program.js';
import { LINUX_STUBS_C } from './helpers/linux-stubs.js';
import { runBare } from '../../emulator/bare.js';
import { runLinuxElf } from '../../emulator/linux-user.js';
import { BENCHMARK_C } from './helpers/measure-speed-source.js';

function finalState(elf: Uint8Array, translateBlocks: boolean, translateRegions = false): Record<string, unknown> {
  const r = runBare(elf, { ramSize: 1 << 20, maxInstructions: 2_000_000, translateBlocks, translateRegions });
  if (!r.ok) throw new Error(r.error.message);
  const m = r.value.machine;
  const regs = Array.from({ length: 32 }, (_, k) => m.getReg(k));
  return { reason: r.value.reason, exit: r.value.exitCode, instret: m.instret, pc: m.pc, regs, mcause: m.readCsr(0x342), mepc: m.readCsr(0x341), mtval: m.readCsr(0x343) };
}

describe('block translation', () => {
  it('a store loop that runs off the end of RAM faults at the exact store and count', () => {
    const elf = assembleElf(bareSource(`
      li t0, 0x800f0000
      li t1, 0
      loop:
        sd t1, 0(t0)
        addi t1, t1, 1
        addi t0, t0, 8
        j loop`, `
      csrr a0, mcause
      j exit`)).bytes;
    const on = finalState(elf, true);
    const off = finalState(elf, false);
    expect(on).toEqual(off);
    // The same with hot blocks going on to wasm regions (test/emulator/jit-regions.test.ts).
    expect(finalState(elf, true, true)).toEqual(off);
    expect([on.exit, on.mtval]).toEqual([7, 0x80100000n]);
    expect((on.regs as bigint[])[6]).toBe(0x10000n / 8n * 1n);
  });

  it('budgets stop a translated loop at exactly the requested instruction', () => {
    const elf = assembleElf(bareSource('1: addi a0, a0, 1\naddi a1, a1, 2\nj 1b')).bytes;
    for (const budget of [1, 2, 3, 1000, 1001, 99_999]) {
      const r = runBare(elf, { ramSize: 1 << 20, maxInstructions: budget });
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.instret).toBe(budget);
    }
  });

  it('a C benchmark retires the same instructions and prints the same with and without translation', () => {
    const elf = compileC({ 'bench.c': LINUX_STUBS_C + BENCHMARK_C }).bytes;
    const run = (translateBlocks: boolean): [string, number | null, number] => {
      let out = '';
      const r = runLinuxElf(elf, { args: ['bench', '1'], translateBlocks, stdout: (b) => (out += Buffer.from(b).toString('latin1')) });
      if (!r.ok) throw new Error(r.error.message);
      return [out, r.value.exitCode, r.value.instret];
    };
    expect(run(true)).toEqual(run(false));
  });
});
