// The wasm region tier must be invisible: programs run interpreted, as JS blocks and as
// wasm regions end in the same state with the same retired count, traps and timer
// interrupts land on the same instruction, and code written at run time is what runs.
// (Precise faults inside a region: block-translation.test.ts.)

import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assembleElf, requireTool, runQemu } from './helpers/cross-tools.js';
import { bareSource } from './helpers/bare-program.js';
import { bootBare } from '../../emulator/bare.js';
import { runLinuxElf } from '../../emulator/linux-user.js';
import type { MachineOptions } from '../../emulator/machine.js';

const TIERS: Record<string, MachineOptions> = {
  interpreter: { translateBlocks: false },
  blocks: { translateRegions: false },
  regions: {},
};

function bareState(elf: Uint8Array, options: MachineOptions, budget = 5_000_000) {
  const boot = bootBare(elf, { ramSize: 1 << 20, ...options });
  if (!boot.ok) throw new Error(boot.error.message);
  const m = boot.machine;
  const stats = m.hart.enableTierStats();
  const r = m.run(budget);
  const regs = Array.from({ length: 32 }, (_, k) => m.getReg(k));
  return {
    state: { reason: r.reason, exit: boot.htif.exitCode, instret: m.instret, pc: m.pc, regs, mcause: m.readCsr(0x342), mepc: m.readCsr(0x341), mtval: m.readCsr(0x343), data: Buffer.from(m.readPhys(0x80000000n + 0x10000n, 4096)).toString('hex') },
    stats,
  };
}

/** Runs in every tier, expects one final state, and that the region tier ran `minRegion` instructions at least. */
function sameInEveryTier(elf: Uint8Array, minRegion = 1000) {
  const runs = Object.fromEntries(Object.entries(TIERS).map(([name, o]) => [name, bareState(elf, o)]));
  expect(runs.blocks.state).toEqual(runs.interpreter.state);
  expect(runs.regions.state).toEqual(runs.interpreter.state);
  expect(runs.interpreter.stats.blockInsns + runs.interpreter.stats.regionInsns).toBe(0);
  expect(runs.blocks.stats.blockInsns).toBeGreaterThan(0);
  expect(runs.regions.stats.regionInsns).toBeGreaterThanOrEqual(minRegion);
  return runs.regions.state;
}

describe('wasm regions', () => {
  for (const [where, align] of [['on the page of the code that writes it', '.balign 4'], ['on a page of its own', '.balign 4096']]) {
    it(`a guest that writes code at run time runs the new code, with the buffer ${where}`, () => {
      // Five rounds: write `addi a0, a0, round+1; ret` into buf, then call it 300 times
      // (hot enough to be translated); odd rounds skip FENCE.I (our stores stay coherent).
      const elf = assembleElf(bareSource(`
        la s0, buf
        li a0, 0
        li s2, 0
      round:
        addi t1, s2, 1
        slli t1, t1, 20
        li t2, 0x00050513
        or t1, t1, t2
        sw t1, 0(s0)
        li t2, 0x00008067
        sw t2, 4(s0)
        andi t2, s2, 1
        bnez t2, 1f
        fence.i
      1:
        li t3, 300
      2:
        jalr ra, 0(s0)
        addi t3, t3, -1
        bnez t3, 2b
        addi s2, s2, 1
        li t4, 5
        blt s2, t4, round
        li t5, 4500
        bne a0, t5, fail
        li a0, 0
        j exit
        ${align}
      buf:
        .word 0, 0`)).bytes;
      const state = sameInEveryTier(elf, 100);
      expect(state.exit).toBe(0);
    });
  }

  it('timer interrupts inside a hot loop are taken at the same instruction in every tier', () => {
    // 64 interrupts, each re-arming the timer 37..44 ticks ahead; the handler records minstret.
    const elf = assembleElf(bareSource(`
      li t0, 0x2004000
      li t1, 0x200bff8
      la s3, records
      li s4, 0
      ld t2, 0(t1)
      addi t2, t2, 37
      sd t2, 0(t0)
      li t2, 0x80
      csrw mie, t2
      csrsi mstatus, 8
      li s5, 0
      la s8, records
    work:
      addi s5, s5, 3
      xor s6, s5, s4
      ld s7, 0(s8)
      add s6, s6, s7
      sd s6, 8(s8)
      li t4, 64
      blt s4, t4, work
      csrci mstatus, 8
      li a0, 0
      j exit
      .data
      .balign 4096
    records:
      .zero 1024
      .text`, `
      csrr t5, minstret
      sd t5, 16(s3)
      addi s3, s3, 8
      addi s4, s4, 1
      li t0, 0x2004000
      li t1, 0x200bff8
      ld t2, 0(t1)
      andi t6, s4, 7
      add t2, t2, t6
      addi t2, t2, 37
      sd t2, 0(t0)
      mret`)).bytes;
    const state = sameInEveryTier(elf);
    expect(state.exit).toBe(0);
    expect(state.regs[20]).toBe(64n);
  });

  it('the CPU benchmark workloads print what qemu prints and retire the same count in every tier', () => {
    const gcc = requireTool('riscv64-linux-gnu-gcc');
    const dir = mkdtempSync(join(tmpdir(), 'penglaic-jit-'));
    for (const [name, n] of [['coremark-style', '40'], ['memory-heavy', '2'], ['call-heavy', '30']]) {
      const elf = join(dir, `${name}.elf`);
      const built = spawnSync(gcc, ['-O2', '-march=rv64imac', '-mabi=lp64', '-static', '-nostdlib', '-ffreestanding', '-fno-builtin',
        '-o', elf, `scripts/bench/cpu/${name}.c`, '-lgcc'], { encoding: 'utf8' });
      expect(built.stderr).toBe('');
      const bytes = new Uint8Array(readFileSync(elf));
      const results = Object.values(TIERS).map((o) => {
        let out = '';
        const r = runLinuxElf(bytes, { args: [name, n], ...o, tierStats: true, stdout: (b) => (out += Buffer.from(b).toString('latin1')) });
        if (!r.ok) throw new Error(r.error.message);
        return { out, exit: r.value.exitCode, instret: r.value.instret, regionInsns: r.value.tiers!.regionInsns };
      });
      const qemu = runQemu(elf, '', [n]);
      for (const r of results) expect([r.out, r.exit, r.instret]).toEqual([qemu.stdout, 0, results[0].instret]);
      expect(results[2].regionInsns).toBeGreaterThan(results[2].instret / 2);
    }
  });
});
