// Robustness of the translators: random words run often enough to be translated (JS blocks
// and wasm regions) never throw a JS exception, and end in exactly the state the
// interpreter reaches: same registers, memory, retired count and traps.

import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { Machine, RAM_BASE, type MachineOptions } from '../../emulator/machine.js';
import { random64 } from './helpers/random64.js';

const RAM = 1 << 16;
const REPEATS = 200;

function run(seed: bigint, priv: 0 | 1 | 3, satp: bigint, compressed: boolean, options: MachineOptions) {
  const machine = new Machine({ ramSize: RAM, ...options });
  const stats = machine.hart.enableTierStats();
  const next = random64(seed);
  const bytes = new Uint8Array(RAM);
  const view = new DataView(bytes.buffer);
  for (let k = 0; k < RAM / 4; k += 1) {
    const w = Number(next() & 0xffffffffn);
    // Mostly 32-bit words (low bits 11), or mostly RVC parcels.
    view.setUint32(k * 4, compressed ? w : (w | 3) >>> 0, true);
  }
  machine.writePhys(RAM_BASE, bytes);
  machine.writeCsr(0x180, satp);
  let traps = 0;
  let window = 0;
  const scramble = () => {
    for (let r = 1; r < 32; r += 1) machine.setReg(r, BigInt(RAM_BASE) + BigInt((r * 977 + window * 131) % RAM));
  };
  // Each trap restarts the same window of words with the same registers, so its code gets
  // hot; every REPEATS traps the window moves on by 64 bytes.
  machine.setTrapHook(() => {
    traps += 1;
    if (traps % REPEATS === 0) window = (window + 64) % (RAM - 64);
    machine.pc = BigInt(RAM_BASE + window);
    machine.privilege = priv;
    scramble();
    return 'resume';
  });
  scramble();
  machine.pc = BigInt(RAM_BASE);
  machine.privilege = priv;
  const r = machine.run(60_000);
  const regs = Array.from({ length: 32 }, (_, k) => machine.getReg(k).toString(16)).join(',');
  const memory = createHash('sha256').update(machine.readPhys(BigInt(RAM_BASE), RAM)).digest('hex');
  return { state: { steps: r.steps, instret: machine.instret, traps, pc: machine.pc, regs, memory }, stats };
}

describe('random words in hot loops', () => {
  for (const [priv, name] of [[3, 'M'], [1, 'S'], [0, 'U']] as const) {
    for (const compressed of [false, true]) {
      it(`agree in every tier in ${name}-mode, ${compressed ? 'mostly RVC parcels' : '32-bit words'}, bare and with Sv39 on`, () => {
        for (const satp of [0n, (8n << 60n) | BigInt(RAM_BASE / 4096 + 3)]) {
          const seed = 0x5eed0000n + BigInt(priv * 2) + (compressed ? 1n : 0n);
          const interpreter = run(seed, priv, satp, compressed, { translateBlocks: false });
          const blocks = run(seed, priv, satp, compressed, { translateRegions: false });
          const regions = run(seed, priv, satp, compressed, {});
          expect(blocks.state).toEqual(interpreter.state);
          expect(regions.state).toEqual(interpreter.state);
          expect(regions.state.traps).toBeGreaterThan(100);
          // With Sv39 on, the root table is random memory: most fetches fault before anything gets hot.
          if (satp === 0n) expect(regions.stats.regionsCompiled).toBeGreaterThan(0);
        }
      });
    }
  }
});
