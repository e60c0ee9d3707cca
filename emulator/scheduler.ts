// Turns for several harts on one host thread (README "Several harts"). Each turn runs one
// hart for a quantum of instruction steps through its own run loop, so an instruction
// (an AMO, an SC) is never split between turns and memory is sequentially consistent.
// Round-robin with a fixed quantum is the default; a seeded random schedule picks the
// hart and the turn length from a xorshift stream, so one seed is one interleaving.
//
// Time: a hart's mtime advances with its own retired instructions (as on a lone hart).
// A hart in WFI waits without retiring; when it is next looked at, its clock catches up
// with the furthest clock of the harts that ran, and it wakes once an interrupt it enables
// is pending (an IPI through msip, its timer). When every hart waits, time skips to the
// earliest armed timer; with none, nothing can ever wake them and the run stops ('wfi').

import type { Hart, HaltReason } from './hart.js';

export type SchedulePolicy =
  | { kind: 'round-robin'; quantum?: number }
  /** Each turn goes to a random hart that can run, for 1..quantum steps. */
  | { kind: 'random'; seed: number; quantum?: number };

export const DEFAULT_QUANTUM = 1000;

export interface ScheduleResult {
  /** 'budget' when it was used up; 'wfi' when every hart waits and nothing can wake one. */
  reason: HaltReason | 'budget';
  steps: number;
}

/** mie bits of the timer interrupts, which a skip of time can make pending (MTIE, STIE). */
const TIMER_ENABLES = (1 << 7) | (1 << 5);

export class Scheduler {
  /** Per hart: stopped in WFI, waiting for an interrupt. */
  readonly waiting: boolean[];
  /** Turns given so far, per hart. */
  readonly turns: number[];
  private readonly quantum: number;
  private readonly nextRandom: (() => number) | null;
  private nextInTurn = 0;

  constructor(
    private readonly harts: readonly Hart[],
    policy: SchedulePolicy,
    private readonly select: (hart: Hart) => void,
  ) {
    this.quantum = policy.quantum ?? DEFAULT_QUANTUM;
    if (!Number.isInteger(this.quantum) || this.quantum < 1) throw new RangeError(`quantum must be a positive integer, not ${this.quantum}`);
    this.nextRandom = policy.kind === 'random' ? xorshift32(policy.seed) : null;
    this.waiting = harts.map(() => false);
    this.turns = harts.map(() => 0);
  }

  run(budget: number): ScheduleResult {
    let steps = 0;
    while (steps < budget) {
      const index = this.pick();
      if (index < 0) return { reason: 'wfi', steps };
      const hart = this.harts[index];
      const random = this.nextRandom;
      const turn = Math.min(random ? 1 + (random() % this.quantum) : this.quantum, budget - steps);
      this.select(hart);
      this.turns[index] += 1;
      steps += turn - hart.run(turn);
      if (hart.halt === 'wfi') this.waiting[index] = true;
      else if (hart.halt !== null) return { reason: hart.halt, steps };
    }
    return { reason: 'budget', steps };
  }

  /** The hart to run next, or -1 when every hart waits for good. */
  private pick(): number {
    if (!this.wakeWaiting()) return -1;
    const n = this.harts.length;
    if (this.nextRandom) {
      const ready: number[] = [];
      for (let i = 0; i < n; i += 1) if (!this.waiting[i]) ready.push(i);
      return ready[this.nextRandom() % ready.length];
    }
    for (let k = 0; k < n; k += 1) {
      const i = (this.nextInTurn + k) % n;
      if (!this.waiting[i]) {
        this.nextInTurn = i + 1;
        return i;
      }
    }
    return -1;
  }

  /** Brings waiting harts' clocks up to date and wakes those with an interrupt; false if none can run. */
  private wakeWaiting(): boolean {
    let now = -Infinity;
    let anyReady = false;
    this.harts.forEach((h, i) => {
      if (!this.waiting[i]) {
        now = Math.max(now, h.mtime());
        anyReady = true;
      }
    });
    if (!anyReady && !this.harts.some((h) => h.readMip() & h.mie)) {
      // Everyone waits and nothing is pending: time moves on to the earliest timer that
      // would wake its hart.
      let earliest = Infinity;
      for (const h of this.harts) if (h.mie & TIMER_ENABLES) earliest = Math.min(earliest, h.mtimecmp);
      if (earliest === Infinity) return false;
      now = earliest;
    }
    this.harts.forEach((h, i) => {
      if (!this.waiting[i]) return;
      if (h.mtime() < now) h.timeOffset += now - h.mtime();
      if (h.readMip() & h.mie) {
        this.waiting[i] = false;
        h.requestInterruptCheck();
        anyReady = true;
      }
    });
    return anyReady;
  }
}

/** Marsaglia's xorshift32: a small, seedable, well-spread stream of unsigned 32-bit values. */
function xorshift32(seed: number): () => number {
  let x = (seed >>> 0) || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}
