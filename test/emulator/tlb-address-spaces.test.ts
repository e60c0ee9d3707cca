// The TLB keeps one set of translations per address space (root page table), so satp
// switches flush nothing, and flushes are exact: flushTlbPage for one page of one space,
// flushTlbSpace for a whole space, flushTlb (SFENCE.VMA) for all (README "TLB and address
// spaces"). Two Sv39 spaces map the same VA to different pages; U-mode routines load,
// store or call through that VA and stop at an ecall.
import { describe, expect, it } from 'vitest';
import { Machine, RAM_BASE } from '../../emulator/machine.js';
import { Sv39Tables, PTE_R, PTE_W, PTE_X, PTE_U } from '../../emulator/sv39-tables.js';
import { assembleFlat } from './helpers/cross-tools.js';

const CODE_VA = 0x10000n;
const DATA_VA = 0x1000n;
/** Offsets of the routines in the code page. */
const LOAD = 0;
const STORE = 8;
const CALL = 16;
const ROUTINES = `.option norvc
.globl _start
_start:
  ld a0, 0(t0)
  ecall
  sd a1, 0(t0)
  ecall
  jalr ra, 0(t0)
  ecall
`;

interface Step {
  /** The trap that ended the routine: 8 = its ecall, else a fault. */
  cause: number;
  a0: bigint;
}

function twoSpaces() {
  const m = new Machine({ ramSize: 1 << 20 });
  let next = RAM_BASE + 0x40000;
  const allocate = () => {
    const page = next;
    next += 4096;
    return page;
  };
  const code = allocate();
  m.writePhys(code, assembleFlat(ROUTINES));
  const spaces = [Sv39Tables.create(m, allocate)!, Sv39Tables.create(m, allocate)!];
  for (const space of spaces) space.map(CODE_VA, code, PTE_R | PTE_X | PTE_U);
  /** A fresh data page holding `word`. */
  const page = (word: bigint) => {
    const pa = allocate();
    m.writePhys64(pa, word);
    return pa;
  };
  let trap = 0;
  m.setTrapHook((t) => ((trap = t.cause), 'stop'));
  /** Runs one routine in `space` with t0 = `t0` and a1 = `a1`. */
  const run = (space: Sv39Tables, routine: number, t0: bigint, a1 = 0n): Step => {
    m.writeCsr(0x180, space.satp);
    m.privilege = 0;
    m.pc = CODE_VA + BigInt(routine);
    m.setReg(5, t0);
    m.setReg(11, a1);
    m.setReg(10, 0n);
    m.run(100);
    return { cause: trap, a0: m.getReg(10) };
  };
  return { m, spaces, page, run };
}

describe('the TLB keeps each address space apart', () => {
  it('alternating between two spaces that map the same VA to different pages reads each its own page', () => {
    const { spaces, page, run } = twoSpaces();
    const [a, b] = spaces;
    a.map(DATA_VA, page(0xaaaan), PTE_R | PTE_U);
    b.map(DATA_VA, page(0xbbbbn), PTE_R | PTE_U);
    const seen = [a, b, a, b, a].map((space) => run(space, LOAD, DATA_VA));
    expect(seen).toEqual([0xaaaan, 0xbbbbn, 0xaaaan, 0xbbbbn, 0xaaaan].map((a0) => ({ cause: 8, a0 })));
  });

  it('translations survive switches; flushTlbPage makes one space see an edited mapping, the other keeps its own', () => {
    const { m, spaces, page, run } = twoSpaces();
    const [a, b] = spaces;
    a.map(DATA_VA, page(0xaaaan), PTE_R | PTE_U);
    b.map(DATA_VA, page(0xbbbbn), PTE_R | PTE_U);
    expect([run(a, LOAD, DATA_VA).a0, run(b, LOAD, DATA_VA).a0]).toEqual([0xaaaan, 0xbbbbn]);
    // Edit A's PTE in memory without a flush: the spec lets the cached translation live on.
    a.map(DATA_VA, page(0xccccn), PTE_R | PTE_U);
    expect([run(a, LOAD, DATA_VA).a0, run(b, LOAD, DATA_VA).a0]).toEqual([0xaaaan, 0xbbbbn]);
    m.flushTlbPage(a.root, DATA_VA);
    expect([run(a, LOAD, DATA_VA).a0, run(b, LOAD, DATA_VA).a0]).toEqual([0xccccn, 0xbbbbn]);
  });

  it('a page unmapped and flushed with flushTlbPage faults on the very next load and store', () => {
    const { m, spaces, page, run } = twoSpaces();
    const [a] = spaces;
    a.map(DATA_VA, page(0x5ecn), PTE_R | PTE_W | PTE_U);
    expect([run(a, STORE, DATA_VA, 0x5ec2n), run(a, LOAD, DATA_VA)]).toEqual([
      { cause: 8, a0: 0n },
      { cause: 8, a0: 0x5ec2n },
    ]);
    a.unmap(DATA_VA);
    m.flushTlbPage(a.root, DATA_VA);
    expect([run(a, LOAD, DATA_VA).cause, run(a, STORE, DATA_VA, 1n).cause]).toEqual([13, 15]);
  });

  it('flushTlbSpace forgets one whole space; flushTlb forgets all of them', () => {
    const { m, spaces, page, run } = twoSpaces();
    const [a, b] = spaces;
    a.map(DATA_VA, page(0xaaaan), PTE_R | PTE_U);
    b.map(DATA_VA, page(0xbbbbn), PTE_R | PTE_U);
    run(a, LOAD, DATA_VA);
    run(b, LOAD, DATA_VA);
    a.map(DATA_VA, page(0xa2n), PTE_R | PTE_U);
    b.map(DATA_VA, page(0xb2n), PTE_R | PTE_U);
    m.flushTlbSpace(a.root);
    expect([run(a, LOAD, DATA_VA).a0, run(b, LOAD, DATA_VA).a0]).toEqual([0xa2n, 0xbbbbn]);
    m.flushTlb();
    expect([run(a, LOAD, DATA_VA).a0, run(b, LOAD, DATA_VA).a0]).toEqual([0xa2n, 0xb2n]);
  });

  it('a page one space executes is coherent with stores another space makes to it through its TLB', () => {
    const { spaces, run, m } = twoSpaces();
    const [executor, writer] = spaces;
    const ADDI_A0 = (n: number) => BigInt(((n << 20) | 0x513) >>> 0);
    const RET = 0x00008067n;
    const shared = RAM_BASE + 0x80000;
    m.writePhys64(shared, (RET << 32n) | ADDI_A0(0));
    executor.map(DATA_VA, shared, PTE_R | PTE_X | PTE_U);
    writer.map(DATA_VA, shared, PTE_R | PTE_W | PTE_U);
    // The writer's first store caches a write translation while the page is not yet code.
    run(writer, STORE, DATA_VA, (RET << 32n) | ADDI_A0(1));
    expect(run(executor, CALL, DATA_VA)).toEqual({ cause: 8, a0: 1n });
    run(writer, STORE, DATA_VA, (RET << 32n) | ADDI_A0(2));
    expect(run(executor, CALL, DATA_VA)).toEqual({ cause: 8, a0: 2n });
  });
});
