// The translator fuzz target: seeded random code (256 bytes of 32-bit words and RVC parcels)
// made hot (test/emulator/helpers/hot-random-words.ts) in M-, S- or U-mode, bare or with Sv39;
// a failure is a JS exception or a JS-block or wasm-region run that ends in a different
// state from the interpreter's.
import { checkHotWords } from '../../test/emulator/helpers/hot-random-words.js';
import { random64 } from '../../test/emulator/helpers/random64.js';
import type { FuzzTarget } from './target.js';

const PRIVS = [3, 1, 0] as const;

export const translator: FuzzTarget = {
  name: 'translator',
  description: 'random code run hot enough for JS blocks and wasm regions, compared with the interpreter',
  start(_root, seed) {
    return {
      input(index) {
        const next = random64(BigInt(seed) * 0x100000000n + BigInt(index) + 1n);
        const priv = PRIVS[Number(next() % 3n)];
        const sv39 = next() % 4n === 0n;
        const compressed = next() % 2n === 0n;
        const bytes = new Uint8Array(256);
        const view = new DataView(bytes.buffer);
        for (let k = 0; k < 64; k += 1) {
          const w = Number(next() & 0xffffffffn);
          view.setUint32(k * 4, compressed ? w : (w | 3) >>> 0, true);
        }
        const kind = `${['U', 'S', '', 'M'][priv]}${sv39 ? '-sv39' : ''}${compressed ? '-rvc' : ''}`;
        return { kind, text: `${priv} ${sv39 ? 1 : 0} ${Buffer.from(bytes).toString('hex')}` };
      },
      run(input) {
        const [priv, sv39, hex] = input.text.split(' ');
        const satp = sv39 === '1' ? (8n << 60n) | BigInt(0x8000_0000 / 4096 + 3) : 0n;
        return checkHotWords(new Uint8Array(Buffer.from(hex, 'hex')), Number(priv) as 0 | 1 | 3, satp, 4000, 150);
      },
      cpuLimitMs: () => 10_000,
    };
  },
};
