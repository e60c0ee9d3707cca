// Robustness: any guest word is an instruction or an illegal-instruction trap; running
// random 32-bit and 16-bit words in every privilege never throws a JS exception.

import { describe, it, expect } from 'vitest';
import { Machine, RAM_BASE } from '../../emulator/machine.js';

/** xorshift64: deterministic random words. */
function words(seed: bigint, count: number): number[] {
  let s = seed;
  const out: number[] = [];
  for (let k = 0; k < count; k += 1) {
    s ^= (s << 13n) & 0xffffffffffffffffn;
    s ^= s >> 7n;
    s ^= (s << 17n) & 0xffffffffffffffffn;
    out.push(Number(s & 0xffffffffn));
  }
  return out;
}

function runRandom(seed: bigint, priv: 0 | 1 | 3, satp: bigint): { traps: number; steps: number } {
  const machine = new Machine({ ramSize: 1 << 16 });
  const bytes = new Uint8Array(1 << 16);
  const view = new DataView(bytes.buffer);
  words(seed, 1 << 14).forEach((w, k) => view.setUint32(k * 4, w, true));
  machine.writePhys(RAM_BASE, bytes);
  machine.writeCsr(0x180, satp);
  let traps = 0;
  let next = 0;
  // Every trap resumes at the next word in the same privilege, with registers scrambled.
  machine.setTrapHook(() => {
    traps += 1;
    next = (next + 4) % (1 << 16);
    machine.pc = BigInt(RAM_BASE + next);
    machine.privilege = priv;
    for (let r = 1; r < 32; r += 1) machine.setReg(r, BigInt(RAM_BASE) + BigInt((r * 977 * traps) % (1 << 16)));
    return 'resume';
  });
  machine.pc = BigInt(RAM_BASE);
  machine.privilege = priv;
  const r = machine.run(200_000);
  return { traps, steps: r.steps };
}

describe('random instruction words', () => {
  for (const [priv, name] of [[3, 'M'], [1, 'S'], [0, 'U']] as const) {
    it(`never throw in ${name}-mode, bare and with Sv39 on`, () => {
      for (const satp of [0n, (8n << 60n) | BigInt(RAM_BASE / 4096 + 3)]) {
        const r = runRandom(0x9e3779b97f4a7c15n + BigInt(priv), priv, satp);
        expect(r.steps).toBeGreaterThan(0);
        expect(r.traps).toBeGreaterThan(100);
      }
    });
  }

  it('every 16-bit parcel (and the 32-bit words they start) runs without throwing', () => {
    const machine = new Machine({ ramSize: 1 << 18 });
    const bytes = new Uint8Array(1 << 18);
    for (let h = 0; h < 65536; h += 1) {
      bytes[h * 2] = h & 0xff;
      bytes[h * 2 + 1] = h >> 8;
    }
    machine.writePhys(RAM_BASE, bytes);
    let pc = RAM_BASE;
    machine.setTrapHook(() => {
      pc += 2;
      machine.pc = BigInt(pc);
      return pc >= RAM_BASE + 131072 ? 'stop' : 'resume';
    });
    machine.pc = BigInt(RAM_BASE);
    expect(() => machine.run(2_000_000)).not.toThrow();
  });
});
