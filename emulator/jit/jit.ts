// The hart's region tier (README "JIT"): compiles hot entries of a physical page to
// WebAssembly regions (region-compiler.ts), runs them, and provides the slow-path helpers
// they import. One per hart: the helpers act on this hart's TLB and state. Translations are
// kept with the page's decoded code (CodePage.regions) and dropped with it.

import { setFlagsFromString } from 'node:v8';
import type { Insn } from '../insn.js';
import type { CodePage } from '../hart-memory.js';
import { NO_REGIONS, PAGE_HALFWORDS, STATE_NEXT_PC, STATE_RH } from '../hart-memory.js';
import { compileRegion, type CompiledRegion } from './region-compiler.js';

// Regions are compiled by V8's baseline wasm compiler only (Liftoff): a region is one large
// function with a local per guest register and a merge at every block, which TurboFan takes
// long to optimise (on the CoreMark-style benchmark, 5000 iterations: 994 ms of CPU with
// tier-up against 510 ms without), for code that then runs no faster. This is process-wide
// and applies to wasm compiled after this module loads.
setFlagsFromString('--liftoff-only');

/** What a hart exposes to its JIT. */
export interface JitHost {
  readonly bus: { memory: WebAssembly.Memory };
  readonly stateBase: number;
  pc: number;
  blockRetired: number;
  exitAt: number;
  codeEpoch: number;
  dataPriv: number;
  readonly tlbAddr: Int32Array;
  rh: number;
  ld8(lo: number, hi: number): number;
  ld16(lo: number, hi: number): number;
  ld32(lo: number, hi: number): number;
  ld64(lo: number, hi: number): number;
  st8(lo: number, hi: number, v: number): void;
  st16(lo: number, hi: number, v: number): void;
  st32(lo: number, hi: number, v: number): void;
  st64(lo: number, hi: number, vlo: number, vhi: number): void;
}

/** A region entered at one of its block starts. */
export interface RegionEntry {
  readonly region: CompiledRegion;
  /** Its dispatch key in the region (CompiledRegion.keyOf). */
  readonly index: number;
}

/** Instruction counts and time per tier, and translation effort (`emu --stats`). */
export interface TierStats {
  regionInsns: number;
  blockInsns: number;
  regionMs: number;
  blockMs: number;
  regionCompileMs: number;
  blockCompileMs: number;
  regionsCompiled: number;
  blocksCompiled: number;
  /** Calls into each tier (each is timed; the cost of reading the clock is taken off). */
  regionCalls: number;
  blockCalls: number;
}

export function newTierStats(): TierStats {
  return { regionInsns: 0, blockInsns: 0, regionMs: 0, blockMs: 0, regionCompileMs: 0, blockCompileMs: 0, regionsCompiled: 0, blocksCompiled: 0, regionCalls: 0, blockCalls: 0 };
}

/** The counts of several harts added up (each hart keeps its own). */
export function sumTierStats(all: readonly TierStats[]): TierStats {
  const sum = newTierStats();
  for (const s of all) for (const k of Object.keys(sum) as (keyof TierStats)[]) sum[k] += s[k];
  return sum;
}

export class Jit {
  private readonly imports: WebAssembly.Imports;
  private readonly nextPc: Float64Array;
  private readonly state: number;
  private readonly host: JitHost;

  constructor(host: JitHost) {
    this.host = host;
    this.state = host.stateBase;
    const memory = host.bus.memory;
    this.nextPc = new Float64Array(memory.buffer, host.stateBase + STATE_NEXT_PC, 1);
    const rh = new Int32Array(memory.buffer, host.stateBase + STATE_RH, 1);
    const h = host;
    this.imports = {
      env: {
        mem: memory,
        ld: (lo: number, hi: number, size: number, pc: number, retired: number): number => {
          h.pc = pc;
          h.blockRetired = retired;
          const v = size === 1 ? h.ld8(lo, hi) : size === 2 ? h.ld16(lo, hi) : size === 4 ? h.ld32(lo, hi) : h.ld64(lo, hi);
          if (size === 8) rh[0] = h.rh;
          h.blockRetired = 0;
          return v;
        },
        st: (lo: number, hi: number, vlo: number, vhi: number, size: number, pc: number, retired: number): number => {
          h.pc = pc;
          h.blockRetired = retired;
          const epoch = h.codeEpoch;
          if (size === 1) h.st8(lo, hi, vlo);
          else if (size === 2) h.st16(lo, hi, vlo);
          else if (size === 4) h.st32(lo, hi, vlo);
          else h.st64(lo, hi, vlo, vhi);
          h.blockRetired = 0;
          // A device asked the loop to stop, or code (perhaps this region's) was overwritten.
          return h.exitAt === 0 || h.codeEpoch !== epoch ? 1 : 0;
        },
      },
    };
  }

  /**
   * Translates the region entered at page offset `start` (with the page's other hot starts)
   * and records it at every block start it covers (null at `start` when nothing there can be translated).
   */
  compile(page: CodePage, start: number, insnAt: (off: number) => Insn | null): void {
    if (page.regions === NO_REGIONS) page.regions = new Array<unknown>(PAGE_HALFWORDS);
    // Every start already translated to a JS block is hot: take it into the region too.
    const hot: number[] = [];
    page.blocks.forEach((b, slot) => {
      if (b) hot.push(slot * 2);
    });
    const region = compileRegion(start, insnAt, this.imports, hot);
    if (region === null) {
      page.regions[start >> 1] = null;
      return;
    }
    // The newest region covers the most of what is hot: it takes over every start it has.
    for (const off of region.starts) page.regions[off >> 1] = { region, index: region.keyOf(off) };
  }

  /** Runs a region at most `room` instructions; sets the hart's pc to where it left; returns instructions retired. */
  run(entry: RegionEntry, pageVa: number, room: number): number {
    const h = this.host;
    const t = h.tlbAddr;
    const retired = entry.region.run(pageVa, entry.index, room > 0x7fffffff ? 0x7fffffff : room, this.state, t[0], t[1], t[2], t[3], h.dataPriv);
    h.pc = this.nextPc[0];
    return retired;
  }
}
