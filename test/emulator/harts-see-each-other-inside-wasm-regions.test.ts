// Two harts whose hot loops run as wasm regions (jit/) still see each other: code one hart
// patches is what the other's translated loop runs after FENCE.I, and a store one hart makes
// from inside a region breaks the other's LR reservation. Each case runs in every tier and
// must end the same way; the region tier must have run the loops in wasm. Data sits on a
// page of its own: a store to a page holding code drops that page's translations, and the
// page of HTIF's tohost (a device) is never on the TLB fast path.

import { describe, expect, it } from 'vitest';
import { assembleElf } from './helpers/cross-tools.js';
import { awaitFlag, multiHartSource, raiseFlag, type HartProgram } from './helpers/multi-hart-program.js';
import { runBare } from '../../emulator/bare.js';
import type { MachineOptions } from '../../emulator/machine.js';

const TIERS: Record<string, MachineOptions> = {
  interpreter: { translateBlocks: false },
  blocks: { translateRegions: false },
  regions: {},
};

/** Runs `p` on 2 harts in each tier: its exit code per tier, and instructions each hart ran in wasm regions. */
function inEveryTier(p: HartProgram) {
  const elf = assembleElf(multiHartSource(p));
  return Object.fromEntries(Object.entries(TIERS).map(([name, tier]) => {
    const r = runBare(elf.bytes, { ramSize: 4 << 20, maxInstructions: 5_000_000, harts: 2, tierStats: true, ...tier });
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    expect(r.value.reason).toBe('htif-exit');
    return [name, { exit: r.value.exitCode, regionInsns: r.value.machine.harts.map((h) => h.tierStats!.regionInsns) }];
  }));
}

describe('harts running wasm regions', () => {
  it('a hot loop translated on hart 0 runs the code hart 1 patched into it, after FENCE.I', () => {
    // hart 0 runs `count` (a0 += 1, 5000 times) until it is a region, lets hart 1 turn the
    // loop's `addi a0, a0, 1` into `addi a0, a0, 2`, then runs the same loop again: 5000 + 10000.
    const runs = inEveryTier({
      hart0: `
  li a0, 0
  call count
${raiseFlag('ready')}
${awaitFlag('written')}
  fence.i
  call count
  j exit
.option push
.option norvc
count:
  li t3, 5000
patched:
  addi a0, a0, 1
  addi t3, t3, -1
  bnez t3, patched
  ret
.option pop`,
      others: `
${awaitFlag('ready')}
  la t1, patched
  li t2, 0x00250513
  sw t2, 0(t1)
  fence w, w
${raiseFlag('written')}`,
      data: '.balign 4096\nready: .word 0\n.align 6\nwritten: .word 0\n.balign 4096',
    });
    for (const run of Object.values(runs)) expect(run.exit).toBe(15000);
    expect(runs.interpreter.regionInsns).toEqual([0, 0]);
    expect(runs.blocks.regionInsns).toEqual([0, 0]);
    expect(runs.regions.regionInsns[0]).toBeGreaterThanOrEqual(5000);
  });

  for (const [what, target, sc] of [["breaks hart 0's LR reservation when it hits the reserved word", 'word', 1], ["leaves hart 0's LR reservation alone when it hits another word (the control)", 'elsewhere', 0]] as const) {
    it(`a store hart 1 makes inside a region ${what}`, () => {
      // hart 1 stores to `word` 5000 times in `hammer` (a region by then, with the page in its
      // write TLB); hart 0 takes a reservation on `word`; hart 1 runs `hammer` again, at `word` or elsewhere;
      // hart 0's SC then fails (exit 1) or succeeds (exit 0).
      const runs = inEveryTier({
        hart0: `
${awaitFlag('warm')}
  la t1, word
  lr.w t2, (t1)
${raiseFlag('reserved', 't3', 't4')}
${awaitFlag('stored', 't3', 't4')}
  addi t2, t2, 1
  sc.w a0, t2, (t1)
  j exit`,
        others: `
  la a1, word
  li a2, 5000
  call hammer
${raiseFlag('warm')}
${awaitFlag('reserved')}
  la a1, ${target}
  li a2, 50
  call hammer
${raiseFlag('stored')}
  j park
hammer:
  sw a2, 0(a1)
  addi a2, a2, -1
  bnez a2, hammer
  ret`,
        data: '.balign 4096\nword: .word 0\n.align 6\nelsewhere: .word 0\n.align 6\nwarm: .word 0\n.align 6\nreserved: .word 0\n.align 6\nstored: .word 0\n.balign 4096',
      });
      for (const run of Object.values(runs)) expect(run.exit).toBe(sc);
      expect(runs.interpreter.regionInsns).toEqual([0, 0]);
      expect(runs.blocks.regionInsns).toEqual([0, 0]);
      // hammer's 5050 passes are 15150 instructions; those after its first 2000 or so passes run in wasm on hart 1.
      expect(runs.regions.regionInsns[1]).toBeGreaterThanOrEqual(5000);
    });
  }
});
