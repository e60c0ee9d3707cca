// Sv39 page-table walk (privileged spec v1.12 §4.3.2 "Virtual Address Translation Process",
// §4.4 Sv39). A and D are set in the PTE by the walker (the spec's hardware-update option,
// §4.3.1), unless the caller asks for a side-effect-free walk.

import { PTE_A, PTE_D, PTE_R, PTE_U, PTE_V, PTE_W, PTE_X } from '../runtime/riscv/page-table.js';
import type { AccessKind } from './trap-cause.js';

/** How the walker reaches physical memory: PTE reads and writes go through PMP too. */
export interface PteMemory {
  /** Reads the 8-byte PTE at `pa` into pteLo/pteHi; false = access fault. */
  loadPte(pa: number): boolean;
  storePte(pa: number, lo: number, hi: number): boolean;
  pteLo: number;
  pteHi: number;
}

export const WALK_PAGE_FAULT = -1;
export const WALK_ACCESS_FAULT = -2;


export interface WalkRequest {
  /** The virtual address (lo, hi) pair; must already be canonical. */
  vaLo: number;
  vaHi: number;
  access: AccessKind;
  /** Effective privilege of the access: 0 U, 1 S. */
  priv: number;
  sum: boolean;
  mxr: boolean;
  /** Physical address of the root table (satp.PPN * 4096). */
  root: number;
  /** Set A/D in the PTE (false for the monitor's side-effect-free translate). */
  updateAD: boolean;
}

/** Translates a canonical Sv39 address: a physical address >= 0, or a WALK_* fault code. */
export function walkSv39(mem: PteMemory, q: WalkRequest): number {
  const vpn = [(q.vaLo >>> 12) & 0x1ff, (q.vaLo >>> 21) & 0x1ff, ((q.vaLo >>> 30) | (q.vaHi << 2)) & 0x1ff];
  let table = q.root;
  for (let level = 2; level >= 0; level -= 1) {
    const ptePa = table + vpn[level] * 8;
    if (!mem.loadPte(ptePa)) return WALK_ACCESS_FAULT;
    let lo = mem.pteLo;
    const hi = mem.pteHi;
    // Bits 63..54 are reserved / Svpbmt / Svnapot, none of which we implement (§4.4.1).
    if (!(lo & PTE_V) || (!(lo & PTE_R) && lo & PTE_W) || hi >>> 22 !== 0) return WALK_PAGE_FAULT;
    const ppn = (hi & 0x3fffff) * 4194304 + (lo >>> 10);
    if (!(lo & (PTE_R | PTE_X))) {
      // Pointer to the next level; at level 0 it is a fault (§4.3.2 step 4). A, D, U must be 0
      // in non-leaf PTEs, reserved for future use: we ignore them.
      if (level === 0) return WALK_PAGE_FAULT;
      table = ppn * 4096;
      continue;
    }
    // Leaf: permission checks (§4.3.2 step 5).
    const user = (lo & PTE_U) !== 0;
    if (q.priv === 0 && !user) return WALK_PAGE_FAULT;
    if (q.priv === 1 && user && (q.access === 2 || !q.sum)) return WALK_PAGE_FAULT;
    if (q.access === 0 && !(lo & PTE_R) && !(q.mxr && lo & PTE_X)) return WALK_PAGE_FAULT;
    if (q.access === 1 && !(lo & PTE_W)) return WALK_PAGE_FAULT;
    if (q.access === 2 && !(lo & PTE_X)) return WALK_PAGE_FAULT;
    // A misaligned superpage is a page fault (§4.3.2 step 6).
    const lowPpnMask = level === 2 ? 0x3ffff : level === 1 ? 0x1ff : 0;
    if (ppn % (lowPpnMask + 1) !== 0) return WALK_PAGE_FAULT;
    const needD = q.access === 1 && !(lo & PTE_D);
    if (!(lo & PTE_A) || needD) {
      if (!q.updateAD) {
        // Side-effect-free walks report the mapping as it would be after the update.
      } else {
        lo |= PTE_A | (q.access === 1 ? PTE_D : 0);
        if (!mem.storePte(ptePa, lo, hi)) return WALK_ACCESS_FAULT;
      }
    }
    const pageOffset = level === 2 ? (q.vaLo & 0x3fffffff) >>> 0 : level === 1 ? q.vaLo & 0x1fffff : q.vaLo & 0xfff;
    const base = level === 0 ? ppn : ppn - (ppn % (lowPpnMask + 1));
    return base * 4096 + pageOffset;
  }
  return WALK_PAGE_FAULT;
}
