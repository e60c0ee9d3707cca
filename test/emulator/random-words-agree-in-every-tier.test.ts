// Robustness of the translators: random words run often enough to be translated (JS blocks
// and wasm regions) never throw a JS exception, and end in exactly the state the
// interpreter reaches: same registers, memory, retired count and traps.
// `npm run fuzz -- --target translator` runs many more.

import { describe, it, expect } from 'vitest';
import { RAM_BASE } from '../../emulator/machine.js';
import { random64 } from './helpers/random64.js';
import { runHotWords, TIER_OPTIONS } from './helpers/hot-random-words.js';
import { translator } from '../../scripts/fuzz/translator.js';

function randomCode(seed: bigint, compressed: boolean): Uint8Array {
  const next = random64(seed);
  const bytes = new Uint8Array(1 << 16);
  const view = new DataView(bytes.buffer);
  for (let k = 0; k < bytes.length / 4; k += 1) {
    const w = Number(next() & 0xffffffffn);
    // Mostly 32-bit words (low bits 11), or mostly RVC parcels.
    view.setUint32(k * 4, compressed ? w : (w | 3) >>> 0, true);
  }
  return bytes;
}

describe('random words in hot loops', () => {
  for (const [priv, name] of [[3, 'M'], [1, 'S'], [0, 'U']] as const) {
    for (const compressed of [false, true]) {
      it(`agree in every tier in ${name}-mode, ${compressed ? 'mostly RVC parcels' : '32-bit words'}, bare and with Sv39 on`, () => {
        for (const satp of [0n, (8n << 60n) | BigInt(RAM_BASE / 4096 + 3)]) {
          const code = randomCode(0x5eed0000n + BigInt(priv * 2) + (compressed ? 1n : 0n), compressed);
          const interpreter = runHotWords(code, priv, satp, TIER_OPTIONS.interpreter, 60_000);
          const blocks = runHotWords(code, priv, satp, TIER_OPTIONS.blocks, 60_000);
          const regions = runHotWords(code, priv, satp, TIER_OPTIONS.regions, 60_000);
          expect(blocks.state).toEqual(interpreter.state);
          expect(regions.state).toEqual(interpreter.state);
          expect(regions.state.traps).toBeGreaterThan(100);
          // With Sv39 on, the root table is random memory: most fetches fault before anything gets hot.
          if (satp === 0n) expect(regions.regionsCompiled).toBeGreaterThan(0);
        }
      });
    }
  }
});

describe('the translator fuzz target', () => {
  it('numbered inputs reproduce, and 12 of them agree in every tier', () => {
    const session = translator.start('.', 5);
    expect(session.input(9)).toEqual(translator.start('.', 5).input(9));
    for (let i = 0; i < 12; i++) expect(session.run(session.input(i))).toBeUndefined();
  });
});
