// A bare-metal machine that can only trap into itself stops at once with reason
// 'trap-loop' (the trap, its pc and cause), instead of spending its whole budget one trap
// at a time; a trap still counts as one budget step, and handlers that make progress are
// never mistaken for a loop.

import { describe, it, expect } from 'vitest';
import { Machine, RAM_BASE } from '../../emulator/machine.js';
import { runBare } from '../../emulator/bare.js';
import { Csr } from '../../emulator/csr-file.js';
import { Exc } from '../../emulator/trap-cause.js';
import { assembleElf } from './helpers/cross-tools.js';
import { random64 as random } from './helpers/random64.js';
import { bareSource, runBareProgram } from './helpers/bare-program.js';

const RAM_SIZE = 1 << 20;

describe('trap loops', () => {
  it('a bare ELF whose entry point is outside RAM reports the loop within milliseconds', () => {
    const bytes = assembleElf(bareSource('li a0, 0\nj exit')).bytes.slice();
    new DataView(bytes.buffer).setBigUint64(24, 0x1000_0000n, true);
    const r = runBare(bytes, { maxInstructions: 100_000_000 });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.reason).toBe('trap-loop');
    expect(r.value.exitCode).toBe(null);
    // The entry fetch faults into mtvec = 0, which is not memory: that fetch faults into itself.
    expect(r.value.trapLoop).toEqual({ cause: Exc.INSN_ACCESS, pc: 0n, tval: 0n });
    expect(r.value.instret).toBe(0);
    expect(r.value.wallMs).toBeLessThan(1000);
  });

  it('any pc and mtvec that cannot make progress stop within four steps (200 random cases)', () => {
    const next = random(0x9e3779b97f4a7c15n);
    const places = [
      () => next() & ~1n,                                              // anywhere in 64 bits
      () => BigInt(RAM_BASE) + (next() % BigInt(RAM_SIZE) & ~3n),      // zeroed RAM: c.unimp is illegal
      () => next() % BigInt(RAM_BASE) & ~3n,                           // below RAM (CLINT included)
      () => BigInt(RAM_BASE + RAM_SIZE) + (next() % 0x1000_0000n & ~3n), // just past RAM
    ];
    for (let k = 0; k < 200; k += 1) {
      const m = new Machine({ ramSize: RAM_SIZE, detectTrapLoops: true });
      const pc = places[k % 4]();
      const mtvec = places[Math.floor(k / 4) % 4]() & ~3n;
      m.writeCsr(Csr.MTVEC, mtvec);
      m.pc = pc;
      m.privilege = 3;
      const started = performance.now();
      const r = m.run(100_000_000);
      const where = `case ${k}: pc 0x${pc.toString(16)}, mtvec 0x${mtvec.toString(16)}`;
      expect(r.reason, where).toBe('trap-loop');
      expect(r.steps, where).toBeLessThanOrEqual(4);
      expect(r.instret, where).toBe(0);
      expect(m.hart.trapLoop?.pc, where).toBe(mtvec);
      expect([Exc.INSN_ACCESS, Exc.ILLEGAL_INSN], where).toContain(m.hart.trapLoop?.cause);
      expect(performance.now() - started, where).toBeLessThan(200);
    }
  });

  it('every trap spends one budget step: a handler that retries the faulting instruction runs exactly to the budget', () => {
    // The body faults on an illegal instruction; the handler (2 instructions) returns to it.
    const next = random(42n);
    const elf = assembleElf(bareSource('again: .word 0\nj again', 'csrr t1, mcause\nmret'));
    for (let k = 0; k < 20; k += 1) {
      const budget = 1000 + Number(next() % 50_000n);
      const r = runBare(elf.bytes, { ramSize: RAM_SIZE, maxInstructions: budget });
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.reason).toBe('budget');
      // Three boot instructions (la = 2, csrw mtvec), then (trap, csrr, mret) per round.
      const rounds = Math.floor((budget - 3) / 3);
      const tail = (budget - 3) % 3;
      expect(r.value.instret).toBe(3 + 2 * rounds + Math.max(0, tail - 1));
    }
  });

  it('handlers that make progress are not loops, even at the same pc', () => {
    // ECALL at one pc, the handler skips it: the same trap repeats but instructions retire.
    const r = runBareProgram(`
      li s0, 0
      li s1, 5000
    again:
      ecall
      addi s0, s0, 1
      blt s0, s1, again
      li a0, 0
      j exit`, `
      csrr t0, mepc
      addi t0, t0, 4
      csrw mepc, t0
      mret`);
    expect(r.reason).toBe('htif-exit');
    expect(r.exitCode).toBe(0);
  });
});
