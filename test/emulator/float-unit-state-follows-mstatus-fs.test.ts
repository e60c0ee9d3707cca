// mstatus.FS (privileged spec v1.12 §3.1.6.6) gates the F/D unit: with FS = Off every float
// instruction and the fflags/frm/fcsr CSRs are illegal; an instruction that changes float
// state (a register or fflags) moves FS to Dirty, which SD (bit 63) summarises in mstatus
// and sstatus. misa reports F and D (§3.1.1).

import { describe, it, expect } from 'vitest';
import { Machine, RAM_BASE } from '../../emulator/machine.js';
import { assembleFlat } from './helpers/cross-tools.js';
import { Csr, MSTATUS_FS_SHIFT } from '../../runtime/riscv/csr.js';

const ILLEGAL = 2;
const fs = (m: Machine): number => Number((m.readCsr(Csr.MSTATUS) >> BigInt(MSTATUS_FS_SHIFT)) & 3n);

/** Runs `source` in M-mode with FS set to `fsState` until its ebreak or the first trap. */
function run(source: string, fsState: number): { machine: Machine; cause: number; tval: bigint } {
  const code = assembleFlat(`.globl _start\n_start:\n${source}\nebreak\n`, 'rv64imafdc_zicsr_zifencei');
  const machine = new Machine({ ramSize: 1 << 20 });
  machine.writePhys(RAM_BASE, code);
  machine.pc = BigInt(RAM_BASE);
  machine.writeCsr(Csr.MSTATUS, BigInt(fsState << MSTATUS_FS_SHIFT));
  let cause = -1;
  let tval = 0n;
  machine.setTrapHook((t) => {
    cause = t.cause;
    tval = t.tval;
    return 'stop';
  });
  machine.run(1000);
  return { machine, cause, tval };
}

describe('mstatus.FS', () => {
  it('with FS = Off, a float instruction is illegal and mtval holds its bits', () => {
    const r = run('fadd.d fa0, fa1, fa2', 0);
    expect([r.cause, r.tval]).toEqual([ILLEGAL, 0x02c5f553n]);
    expect(r.machine.pc).toBe(BigInt(RAM_BASE));
  });

  it('with FS = Off, loads, moves and the float CSRs are illegal too', () => {
    for (const insn of ['fld fa0, 0(sp)', 'fmv.d.x fa0, a0', 'fmv.x.w a0, fa0', 'c.fldsp fa0, 8(sp)', 'csrr a0, fflags', 'csrw frm, a0', 'csrr a0, fcsr']) {
      expect([insn, run(insn, 0).cause]).toEqual([insn, ILLEGAL]);
    }
  });

  it('a float register write moves Initial and Clean to Dirty, and SD reports it', () => {
    for (const start of [1, 2]) {
      const r = run('li a0, 1\nfmv.d.x fa0, a0', start);
      expect(r.cause).toBe(3); // the closing ebreak
      expect(fs(r.machine)).toBe(3);
      expect(r.machine.readCsr(Csr.MSTATUS) >> 63n).toBe(1n);
      expect(r.machine.readCsr(Csr.SSTATUS) >> 63n).toBe(1n);
    }
  });

  it('reading float state leaves FS Clean; raising a flag or writing fcsr dirties it', () => {
    expect(fs(run('fmv.x.d a0, fa0\nfeq.d a1, fa0, fa0\nfclass.d a2, fa0\ncsrr a3, fcsr\nfsd fa0, 0(sp)', 2).machine)).toBe(2);
    expect(fs(run('feq.d a0, fa0, fa0\nflt.d a0, fa0, fa0', 2).machine)).toBe(2);
    const nan = run('li a0, -1\nfmv.d.x fa0, a0\ncsrwi mstatus, 0\nli a0, 0x4000\ncsrs mstatus, a0\nflt.d a1, fa0, fa0\ncsrr a2, fflags', 1);
    expect([fs(nan.machine), nan.machine.getReg(12)]).toEqual([3, 0x10n]);
    expect(fs(run('csrwi fflags, 1', 2).machine)).toBe(3);
    expect(fs(run('csrwi frm, 1', 2).machine)).toBe(3);
  });

  it('SD is clear while FS is not Dirty', () => {
    const m = run('nop', 2).machine;
    expect(m.readCsr(Csr.MSTATUS) >> 63n).toBe(0n);
  });

  it('misa reports RV64 with A, C, D, F, I, M, S and U', () => {
    const misa = new Machine({ ramSize: 1 << 16 }).readCsr(Csr.MISA);
    const letters = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].filter((_, k) => (misa >> BigInt(k)) & 1n).join('');
    expect([misa >> 62n, letters]).toEqual([2n, 'ACDFIMSU']);
  });
});
