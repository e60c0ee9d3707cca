// Several harts under `emu --bare --harts N`: AMO contention, LR/SC across harts, IPIs
// through the CLINT, per-hart timers, cross-hart code patching with FENCE.I, and the
// schedules (riscv-tests style programs, built with riscv64-unknown-elf-gcc).
import { describe, expect, it } from 'vitest';
import { runHarts, type HartProgram } from './helpers/multi-hart-program.js';
import type { SchedulePolicy } from '../../emulator/scheduler.js';

const SCHEDULES: SchedulePolicy[] = [
  { kind: 'round-robin' },
  { kind: 'round-robin', quantum: 3 },
  { kind: 'random', seed: 1, quantum: 7 },
  { kind: 'random', seed: 99, quantum: 50 },
];

/** Each hart adds 1 to `counter` ROUNDS times with `increment`, then counts itself into `done`; hart 0 waits for all and exits with counter. */
function counting(increment: string, harts: number, rounds: number): HartProgram {
  const work = `
  li t1, ${rounds}
  la t2, counter
  li t3, 1
1:
${increment}
  addi t1, t1, -1
  bnez t1, 1b
  la t2, done
  amoadd.w zero, t3, (t2)
`;
  return {
    hart0: `${work}
  li t4, ${harts}
2: lw t5, 0(t2)
  bne t5, t4, 2b
  la t2, counter
  lw a0, 0(t2)
  la t2, failures
  lw a1, 0(t2)
  j exit`,
    others: work,
    data: 'counter: .word 0\n.align 6\ndone: .word 0\n.align 6\nfailures: .word 0',
  };
}

const AMOADD = '  amoadd.w zero, t3, (t2)';
const LRSC = `
3: lr.w t5, (t2)
  addi t5, t5, 1
  sc.w t6, t5, (t2)
  beqz t6, 4f
  la a2, failures
  amoadd.w zero, t3, (a2)
  j 3b
4:`;
const RACY = `
  lw t5, 0(t2)
  addi t5, t5, 1
  sw t5, 0(t2)`;

describe('harts contending on one word', () => {
  for (const schedule of SCHEDULES) {
    it(`AMOADD.W from 4 harts loses no update (${JSON.stringify(schedule)})`, () => {
      const r = runHarts(counting(AMOADD, 4, 500), 4, schedule);
      expect(r.reason).toBe('htif-exit');
      expect(r.exitCode).toBe(2000);
    });

    it(`an LR/SC loop from 4 harts loses no update (${JSON.stringify(schedule)})`, () => {
      const r = runHarts(counting(LRSC, 4, 500), 4, schedule);
      expect(r.exitCode).toBe(2000);
    });
  }

  it('SCs fail when another hart stored to the reservation between LR and SC', () => {
    // Short random turns land between LR and SC often; each such SC must fail and retry.
    const r = runHarts(counting(LRSC, 4, 500), 4, { kind: 'random', seed: 5, quantum: 3 });
    expect(r.exitCode).toBe(2000);
    expect(r.word('failures')).toBeGreaterThan(0);
  });

  it('plain load/add/store increments from 4 harts do lose updates (the control)', () => {
    const r = runHarts(counting(RACY, 4, 500), 4, { kind: 'random', seed: 1, quantum: 7 });
    expect(r.exitCode).toBeLessThan(2000);
  });
});


describe('a reservation and another hart\'s store', () => {
  /** Hart 0 takes a reservation on `word`, hart 1 stores at word+OFFSET, then hart 0's SC reports (0 = stored, 1 = failed). */
  const reservationProgram = (offset: number): HartProgram => ({
    hart0: `
  la t2, word
  lr.d t5, (t2)
  la t3, taken
  li t4, 1
  sw t4, 0(t3)
  la t3, stored
1: lw t4, 0(t3)
  beqz t4, 1b
  sc.d a0, t5, (t2)
  j exit`,
    others: `
  la t3, taken
1: lw t4, 0(t3)
  beqz t4, 1b
  la t2, word
  sw zero, ${offset}(t2)
  la t3, stored
  li t4, 1
  sw t4, 0(t3)`,
    data: 'word: .dword 5, 6, 7, 8, 9, 10, 11, 12, 13\n.align 6\ntaken: .word 0\n.align 6\nstored: .word 0',
  });

  it('a store to the reserved doubleword makes the SC fail', () => {
    expect(runHarts(reservationProgram(0), 2).exitCode).toBe(1);
    expect(runHarts(reservationProgram(4), 2).exitCode).toBe(1);
  });

  it('a store to another doubleword of the same page leaves the SC free to succeed', () => {
    expect(runHarts(reservationProgram(64), 2).exitCode).toBe(0);
  });
});

describe('interrupts between harts', () => {
  it('hart 1 sends hart 0 a software interrupt (msip) and hart 0 takes it in its trap handler', () => {
    const r = runHarts({
      hart0: `
  li t0, 8
  csrs mie, t0
  csrsi mstatus, 8
1: wfi
  j 1b`,
      others: `
  li t1, 200
1: addi t1, t1, -1
  bnez t1, 1b
  li t1, 0x2000000
  li t2, 1
  sw t2, 0(t1)`,
      // mcause: interrupt bit and cause 3 (machine software interrupt) -> 103.
      handler: `
  csrr a0, mcause
  srli t0, a0, 63
  andi a0, a0, 0xff
  li t1, 100
  mul t0, t0, t1
  add a0, a0, t0
  li t1, 0x2000000
  sw zero, 0(t1)
  j exit`,
    }, 2);
    expect(r.exitCode).toBe(103);
  });

  it('an IPI wakes a hart waiting in WFI with the interrupt enabled but masked globally', () => {
    const r = runHarts({
      hart0: `
  li t1, 300
1: addi t1, t1, -1
  bnez t1, 1b
  li t1, 0x2000004
  li t2, 1
  sw t2, 0(t1)
  la t3, seen
2: lw a0, 0(t3)
  beqz a0, 2b
  j exit`,
      others: `
  li t0, 8
  csrs mie, t0
  wfi
  csrr t0, mip
  andi t0, t0, 8
  ori t0, t0, 0x10
  la t3, seen
  sw t0, 0(t3)`,
      data: 'seen: .word 0',
    }, 2);
    expect(r.exitCode).toBe(0x18);
  });

  it('each hart has its own mtimecmp: both wait in WFI, the earlier timer wakes its hart first', () => {
    // Hart 1's timer is due 100 ticks from now, hart 0's 500: hart 1 takes ticket 0.
    const waitFor = (ticks: number, slot: number) => `
  li t1, 0x200bff8
  ld t2, 0(t1)
  addi t2, t2, ${ticks}
  li t1, 0x2004000
  slli t3, s0, 3
  add t1, t1, t3
  sd t2, 0(t1)
  li t0, 0x80
  csrs mie, t0
1: wfi
  csrr t0, mip
  andi t0, t0, 0x80
  beqz t0, 1b
  la t1, ticket
  li t3, 1
  amoadd.w t4, t3, (t1)
  la t1, order
  sw t4, ${slot}(t1)`;
    const r = runHarts({
      hart0: `${waitFor(500, 0)}
  la t1, order
  lw a0, 0(t1)
  lw a1, 4(t1)
  slli a0, a0, 4
  or a0, a0, a1
  j exit`,
      others: waitFor(100, 4),
      data: 'ticket: .word 0\n.align 6\norder: .word 9, 9',
    }, 2);
    // hart 0 got ticket 1, hart 1 ticket 0.
    expect(r.exitCode).toBe(0x10);
  });

  it('when every hart waits in WFI and nothing can wake one, the run stops with reason wfi', () => {
    const r = runHarts({ hart0: '1: wfi\n  j 1b', others: '' }, 3);
    expect(r.reason).toBe('wfi');
    expect(r.exitCode).toBeNull();
  });
});

describe('what harts see of each other', () => {
  it('each hart reads its own mhartid and starts with it in a0', () => {
    const r = runHarts({
      hart0: `
  la t1, arrived
  li t2, 3
1: lw t3, 0(t1)
  bne t3, t2, 1b
  la t1, ids
  lw a0, 4(t1)
  lw a1, 8(t1)
  lw a2, 12(t1)
  slli a1, a1, 4
  slli a2, a2, 8
  or a0, a0, a1
  or a0, a0, a2
  j exit`,
      others: `
  la t1, ids
  slli t2, s0, 2
  add t1, t1, t2
  slli a0, a0, 4
  or a0, a0, s0
  sw a0, 0(t1)
  la t1, arrived
  li t2, 1
  amoadd.w zero, t2, (t1)`,
      data: 'arrived: .word 0\n.align 6\nids: .word 0, 0, 0, 0',
    }, 4);
    // ids[i] = (a0 << 4) | mhartid = 0x11, 0x22, 0x33.
    expect(r.exitCode).toBe(0x11 | (0x22 << 4) | (0x33 << 8));
  });

  it('code one hart patches is what another runs after FENCE.I, even when it was hot', () => {
    const r = runHarts({
      hart0: `
  li s1, 60
1: call patched
  addi s1, s1, -1
  bnez s1, 1b
  la t1, ready
  li t2, 1
  sw t2, 0(t1)
  la t1, written
2: lw t2, 0(t1)
  beqz t2, 2b
  fence.i
  call patched
  j exit
.option push
.option norvc
patched:
  li a0, 1
  ret
.option pop`,
      others: `
  la t1, ready
1: lw t2, 0(t1)
  beqz t2, 1b
  la t1, patched
  li t2, 0x00200513
  sw t2, 0(t1)
  fence w, w
  la t1, written
  li t2, 1
  sw t2, 0(t1)`,
      data: 'ready: .word 0\n.align 6\nwritten: .word 0',
    }, 2);
    expect(r.exitCode).toBe(2);
  });
});

describe('schedules', () => {
  /** Each hart takes 20 tickets; hart 0 exits with a hash of who took which ticket. */
  const tickets: HartProgram = {
    hart0: `
  call take
  la t1, finished
  li t2, 3
1: lw t3, 0(t1)
  bne t3, t2, 1b
  la t1, owner
  li t2, 0
  li a0, 0
  li t4, 80
2: lbu t3, 0(t1)
  li t5, 31
  mul a0, a0, t5
  add a0, a0, t3
  li t5, 0xfffffff
  and a0, a0, t5
  addi t1, t1, 1
  addi t2, t2, 1
  bne t2, t4, 2b
  j exit
take:
  li t1, 20
3: la t2, ticket
  li t3, 1
  amoadd.w t4, t3, (t2)
  la t2, owner
  add t2, t2, t4
  sb s0, 0(t2)
  li t5, 7
4: addi t5, t5, -1
  bnez t5, 4b
  addi t1, t1, -1
  bnez t1, 3b
  ret`,
    others: `
  call take
  la t1, finished
  li t2, 1
  amoadd.w zero, t2, (t1)`,
    data: 'ticket: .word 0\n.align 6\nfinished: .word 0\n.align 6\nowner: .space 80',
  };

  it('the same seed gives the same interleaving, other seeds other ones', () => {
    const run = (schedule: SchedulePolicy) => {
      const r = runHarts(tickets, 4, schedule);
      return { code: r.exitCode, instret: r.instret, turns: r.machine.scheduler!.turns.join(',') };
    };
    const a = run({ kind: 'random', seed: 7, quantum: 20 });
    expect(run({ kind: 'random', seed: 7, quantum: 20 })).toEqual(a);
    const codes = new Set([1, 2, 3, 4, 5, 6].map((seed) => run({ kind: 'random', seed, quantum: 20 }).code));
    expect(codes.size).toBeGreaterThan(3);
    expect(run({ kind: 'round-robin', quantum: 20 })).toEqual(run({ kind: 'round-robin', quantum: 20 }));
  });

});
