// The trap-hook contract the security monitor relies on (emulator/README.md "Trap hook").

import { describe, it, expect } from 'vitest';
import { Machine, RAM_BASE, type TrapInfo } from '../../emulator/machine.js';
import { assembleFlat } from './helpers/cross-tools.js';

function load(asm: string): Machine {
  const m = new Machine({ ramSize: 1 << 20 });
  m.writePhys(RAM_BASE, assembleFlat(`.option norvc\n.globl _start\n_start:\n${asm}\n`));
  m.pc = BigInt(RAM_BASE);
  return m;
}

describe('the trap hook', () => {
  it('is called for a U-mode ECALL with cause, epc and privilege, before any CSR changes', () => {
    const m = load('li a7, 93\nli a0, 5\necall\nli a0, 9\nebreak');
    m.privilege = 0;
    const seen: TrapInfo[] = [];
    m.setTrapHook((t) => {
      seen.push(t);
      if (t.cause === 8) {
        m.setReg(10, m.getReg(10) + 100n);
        m.pc = t.epc + 4n;
        return 'resume';
      }
      return 'stop';
    });
    const r = m.run(1000);
    expect(r.reason).toBe('hook-stop');
    expect(seen.map((t) => [t.cause, t.interrupt, t.epc - BigInt(RAM_BASE), t.fromPriv])).toEqual([
      [8, false, 8n, 0],
      [3, false, 16n, 0],
    ]);
    expect(m.getReg(10)).toBe(9n);
    expect(m.readCsr(0x342)).toBe(0n);
    // Trapping instructions (the ECALL, the EBREAK) do not retire.
    expect(m.instret).toBe(3);
  });

  it("'architectural' takes the trap through mtvec", () => {
    const m = load('la t0, handler\ncsrw mtvec, t0\necall\nhandler: csrr a0, mcause\nebreak');
    let calls = 0;
    m.setTrapHook((t) => (calls++, t.cause === 11 ? 'architectural' : 'stop'));
    m.run(1000);
    expect([calls, m.getReg(10)]).toEqual([2, 11n]);
  });

  it("'stop' leaves pc at the trapping instruction", () => {
    const m = load('nop\n.word 0');
    m.setTrapHook(() => 'stop');
    const r = m.run(1000);
    expect([r.reason, m.pc - BigInt(RAM_BASE), r.instret]).toEqual(['hook-stop', 4n, 1]);
  });

  it('delegated traps go to S-mode without calling the hook', () => {
    const m = load('la t0, s\ncsrw stvec, t0\nli t0, 256\ncsrw medeleg, t0\nla t0, u\ncsrw mepc, t0\nmret\nu: ecall\ns: csrr a0, scause\nebreak');
    const causes: number[] = [];
    m.setTrapHook((t) => (causes.push(t.cause), 'stop'));
    m.run(1000);
    expect([causes, m.getReg(10), m.privilege]).toEqual([[3], 8n, 1]);
  });

  it('translate walks Sv39 without side effects and reports faults by cause', () => {
    const m = new Machine({ ramSize: 1 << 20 });
    const root = RAM_BASE + 0x10000;
    const l1 = root + 0x1000;
    const l0 = root + 0x2000;
    m.writePhys64(root + 0 * 8, (BigInt(l1 / 4096) << 10n) | 1n);
    m.writePhys64(l1 + 0 * 8, (BigInt(l0 / 4096) << 10n) | 1n);
    m.writePhys64(l0 + 1 * 8, (BigInt((RAM_BASE + 0x5000) / 4096) << 10n) | 0x13n); // U|R|V
    const satp = (8n << 60n) | BigInt(root / 4096);
    expect(m.translate(0x1234n, 'read', satp)).toEqual({ pa: BigInt(RAM_BASE + 0x5234) });
    expect(m.translate(0x1234n, 'write', satp)).toEqual({ fault: 15 });
    expect(m.translate(0x1234n, 'execute', satp)).toEqual({ fault: 12 });
    expect(m.translate(0x2000n, 'read', satp)).toEqual({ fault: 13 });
    expect(m.translate(1n << 40n, 'read', satp)).toEqual({ fault: 13 });
    expect(m.readPhys64(l0 + 8) & 0x40n).toBe(0n);
  });

  it('mtime follows instret deterministically', () => {
    const m = load('1: j 1b');
    m.run(12345);
    expect([m.instret, m.readCsr(0xc01), m.readCsr(0xb02)]).toEqual([12345, 1234n, 12345n]);
  });
});
