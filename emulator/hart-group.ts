// What the harts of one machine share beyond RAM: which harts hold decoded code for a
// RAM page and which hold an LR reservation in it, one bit per hart per page (README
// "Several harts"). A page with any bit set never enters any hart's write TLB, so every
// store to it takes the slow path, where it drops the decoded code of every hart that
// holds some (code stays coherent across harts, which is stronger than FENCE.I needs)
// and breaks every other hart's reservation it touches (unprivileged spec §8.2: an SC
// fails once another hart has stored to its reservation set). One hart alone has no
// group, and its hot paths are exactly those of a single-hart machine.

import type { Bus } from './bus.js';
import { PAGE_SHIFT } from './bus.js';

/** Bits per page in the masks below: at most this many harts per machine. */
export const MAX_HARTS = 32;

/** The part of a hart the group reaches into (hart-memory.ts implements it). */
export interface GroupMember {
  readonly hartIndex: number;
  /** Physical address of the reserved word, or -1. */
  reservation: number;
  /** Drops this hart's write-TLB entries for a RAM page. */
  forgetWriteMappings(page: number): void;
  /** Drops this hart's decoded code for a RAM page. */
  dropCode(page: number): void;
}

export class HartGroup {
  /** Per RAM page: bit i set when hart i holds decoded code for the page. */
  readonly codeHolders: Int32Array;
  /** Per RAM page: bit i set when hart i may hold a reservation in the page (cleared lazily). */
  readonly reservationHolders: Int32Array;
  readonly members: GroupMember[] = [];

  constructor(bus: Bus) {
    const pages = bus.ramSize >>> PAGE_SHIFT;
    this.codeHolders = new Int32Array(pages);
    this.reservationHolders = new Int32Array(pages);
  }

  join(member: GroupMember): void {
    if (member.hartIndex !== this.members.length || member.hartIndex >= MAX_HARTS) {
      throw new RangeError(`hart ${member.hartIndex} cannot join a group of ${this.members.length} (at most ${MAX_HARTS})`);
    }
    this.members.push(member);
  }

  /** No hart may keep writing `page` through its TLB: its stores must be seen. */
  watchWrites(page: number): void {
    for (const m of this.members) m.forgetWriteMappings(page);
  }

  /** Every hart whose decoded code covers `page` drops it. */
  dropCode(page: number): void {
    for (let holders = this.codeHolders[page]; holders !== 0; holders &= holders - 1) {
      this.members[31 - Math.clz32(holders & -holders)].dropCode(page);
    }
  }

  /** A store of `size` bytes at physical `pa` (RAM page `page`) breaks the reservations it overlaps. */
  storeSeen(page: number, pa: number, size: number): void {
    let holders = this.reservationHolders[page];
    for (let left = holders; left !== 0; left &= left - 1) {
      const bit = left & -left;
      const m = this.members[31 - Math.clz32(bit)];
      // The reservation set is the aligned doubleword holding the reserved word.
      const set = m.reservation - (m.reservation & 7);
      if (m.reservation >= 0 && pa < set + 8 && pa + size > set) m.reservation = -1;
      if (m.reservation < 0 || m.reservation >>> PAGE_SHIFT !== (pa >>> PAGE_SHIFT)) holders &= ~bit;
    }
    this.reservationHolders[page] = holders;
  }
}
