// The Machine API with several harts: exact round-robin turns, the CLINT's per-hart
// registers, and stores from outside the harts (the monitor's) breaking reservations.
import { describe, expect, it } from 'vitest';
import { Machine, RAM_BASE } from '../../emulator/machine.js';
import { CLINT_BASE } from '../../emulator/clint.js';

const JUMP_TO_SELF = 0x0000006f;

function spinning(harts: number, quantum: number): Machine {
  const m = new Machine({ harts, ramSize: 1 << 20, schedule: { kind: 'round-robin', quantum } });
  m.writePhys64(RAM_BASE, BigInt(JUMP_TO_SELF));
  for (let i = 0; i < harts; i += 1) {
    m.selectHart(i);
    m.pc = BigInt(RAM_BASE);
  }
  return m;
}

describe('a machine with several harts', () => {
  it('round-robin gives each hart one quantum per round, and the budget is shared', () => {
    const m = spinning(4, 100);
    const r = m.run(4000);
    expect(r).toEqual({ reason: 'budget', steps: 4000, instret: 4000 });
    expect(m.scheduler!.turns).toEqual([10, 10, 10, 10]);
    expect(m.harts.map((h) => h.instret)).toEqual([1000, 1000, 1000, 1000]);
  });

  it('a lone hart has no scheduler and runs directly', () => {
    const m = new Machine({ ramSize: 1 << 20 });
    expect(m.harts.length).toBe(1);
    expect(m.scheduler).toBeNull();
  });

  it('refuses 0 harts and more than 32', () => {
    expect(() => new Machine({ harts: 0 })).toThrow('harts must be 1..32, not 0');
    expect(() => new Machine({ harts: 33 })).toThrow('harts must be 1..32, not 33');
  });

  it('the CLINT has msip at 4i and mtimecmp at 0x4000 + 8i for hart i, and one mtime', () => {
    const m = spinning(4, 10);
    expect(m.bus.write(CLINT_BASE + 8, 4, 1n)).toBe(true);
    expect(m.harts.map((h) => h.msip)).toEqual([0, 0, 1, 0]);
    expect(m.bus.write(CLINT_BASE + 0x4018, 8, 1234n)).toBe(true);
    expect(m.harts.map((h) => h.mtimecmp)).toEqual([Infinity, Infinity, Infinity, 1234]);
    expect(m.bus.read(CLINT_BASE + 0x4018, 8)).toBe(1234n);
    expect(m.bus.read(CLINT_BASE + 0x4000, 8)).toBe((1n << 64n) - 1n);
    m.bus.write(CLINT_BASE + 0xbff8, 8, 500n);
    expect(m.harts.map((h) => h.mtime())).toEqual([500, 500, 500, 500]);
    // Past the last hart: reads as zero, writes change nothing.
    expect(m.bus.read(CLINT_BASE + 16, 4)).toBe(0n);
  });

  it('a store from outside the harts breaks the reservations it overlaps, and only those', () => {
    const m = spinning(2, 10);
    const pa = RAM_BASE + 0x2000;
    m.harts[0].reserve(pa);
    m.harts[1].reserve(pa + 64);
    m.writePhys64(pa, 7n);
    expect(m.harts[0].reservation).toBe(-1);
    expect(m.harts[1].reservation).toBe(pa + 64);
    m.writePhys(pa + 68, Uint8Array.of(1));
    expect(m.harts[1].reservation).toBe(-1);
  });

});
