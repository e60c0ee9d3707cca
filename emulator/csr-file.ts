// The control and status registers (privileged spec v1.12 chapters 2-4): numbering, access
// rules (§2.1: bits 11:10 read-only, bits 9:8 lowest privilege), WARL masks, and the
// sstatus/sie/sip views of their M-mode registers. Values cross this interface as bigint:
// CSR instructions are far off the hot path.

import type { Hart } from './hart.js';
import { bigLo } from './int64.js';
import { TriggerCsr } from './triggers.js';
import { Csr, MSTATUS_FS, MSTATUS_MPP_SHIFT, MSTATUS_TVM, misaExtensions } from '../runtime/riscv/csr.js';

export {
  Csr, MSTATUS_SIE, MSTATUS_MIE, MSTATUS_SPIE, MSTATUS_MPIE, MSTATUS_SPP, MSTATUS_MPP_SHIFT,
  MSTATUS_MPRV, MSTATUS_SUM, MSTATUS_MXR, MSTATUS_TVM, MSTATUS_TW, MSTATUS_TSR,
} from '../runtime/riscv/csr.js';

const MSTATUS_WRITABLE = 0x7e19aa | MSTATUS_FS;
const SSTATUS_READABLE = 0x000de762;
const SSTATUS_WRITABLE = 0x000c0122 | MSTATUS_FS;
/** UXL = SXL = 2 (64-bit), fixed (§3.1.6.2). */
const MSTATUS_HIGH = 0xan << 32n;
const SSTATUS_HIGH = 0x2n << 32n;

const MIP_WRITABLE = 0x222;
const MIE_WRITABLE = 0xaaa;
const MIDELEG_WRITABLE = 0x222;
/** Every exception except ECALL from M (11) and the reserved codes 10 and 14 (§3.1.8). */
const MEDELEG_WRITABLE = 0xb3ff;

/** RV64 (MXL=2) with A, C, D, F, I, M, S, U (§3.1.1). */
export const MISA_VALUE = (2n << 62n) | BigInt(misaExtensions('ACDFIMSU'));
/** SD (bit 63) is set while FS is Dirty (§3.1.6.6). */
const sdBit = (mstatus: number): bigint => ((mstatus & MSTATUS_FS) === MSTATUS_FS ? 1n << 63n : 0n);

const U64 = (1n << 64n) - 1n;
/** satp values with MODE (bits 63..60) = 0 lie below SATP_MODE_LOW; MODE = Sv39 (8) in [SATP_SV39, SATP_SV39_END). */
const SATP_MODE_LOW = 1n << 60n;
export const SATP_SV39 = 8n << 60n;
export const SATP_SV39_END = 9n << 60n;

/** Why a CSR access failed: the instruction raises illegal-instruction. */
export const CSR_ILLEGAL = undefined;

/** Is `addr` accessible at privilege `priv` for reading (and writing when `write`)? */
export function csrAccessible(h: Hart, addr: number, write: boolean): boolean {
  if (h.priv < ((addr >> 8) & 3)) return false;
  if (write && addr >> 10 === 3) return false;
  if (addr === Csr.SATP && h.priv === 1 && h.mstatus & MSTATUS_TVM) return false;
  // fflags, frm and fcsr are unreachable while the FPU is off (§3.1.6.6).
  if (addr >= Csr.FFLAGS && addr <= Csr.FCSR && (h.mstatus & MSTATUS_FS) === 0) return false;
  // cycle/time/instret in S/U are gated by mcounteren/scounteren (§3.1.11).
  if (addr >= 0xc00 && addr <= 0xc1f && h.priv < 3) {
    const bit = 1 << (addr - 0xc00);
    if (!(h.mcounteren & bit)) return false;
    if (h.priv === 0 && !(h.scounteren & bit)) return false;
  }
  return true;
}

/** Reads a CSR with no privilege check; undefined when it does not exist. */
export function csrRead(h: Hart, addr: number): bigint | undefined {
  switch (addr) {
    case Csr.FFLAGS: return BigInt(h.fflags);
    case Csr.FRM: return BigInt(h.frm);
    case Csr.FCSR: return BigInt((h.frm << 5) | h.fflags);
    case Csr.SSTATUS: return BigInt(h.mstatus & SSTATUS_READABLE) | SSTATUS_HIGH | sdBit(h.mstatus);
    case Csr.SIE: return BigInt(h.mie & h.mideleg);
    case Csr.STVEC: return h.stvec;
    case Csr.SCOUNTEREN: return BigInt(h.scounteren);
    case Csr.SENVCFG: return 0n;
    case Csr.SSCRATCH: return h.sscratch;
    case Csr.SEPC: return h.sepc;
    case Csr.SCAUSE: return h.scause;
    case Csr.STVAL: return h.stval;
    case Csr.SIP: return BigInt(h.readMip() & h.mideleg);
    case Csr.SATP: return h.satp;
    case Csr.MSTATUS: return BigInt(h.mstatus >>> 0) | MSTATUS_HIGH | sdBit(h.mstatus);
    case Csr.MISA: return MISA_VALUE;
    case Csr.MEDELEG: return BigInt(h.medeleg);
    case Csr.MIDELEG: return BigInt(h.mideleg);
    case Csr.MIE: return BigInt(h.mie);
    case Csr.MTVEC: return h.mtvec;
    case Csr.MCOUNTEREN: return BigInt(h.mcounteren);
    case Csr.MENVCFG: return 0n;
    case Csr.MCOUNTINHIBIT: return 0n;
    case Csr.MSCRATCH: return h.mscratch;
    case Csr.MEPC: return h.mepc;
    case Csr.MCAUSE: return h.mcause;
    case Csr.MTVAL: return h.mtval;
    case Csr.MIP: return BigInt(h.readMip());
    case Csr.MCYCLE: case Csr.CYCLE: return h.readCounter('cycle');
    case Csr.MINSTRET: case Csr.INSTRET: return h.readCounter('instret');
    case Csr.TIME: return BigInt(h.mtime());
    case Csr.MVENDORID: case Csr.MARCHID: case Csr.MIMPID: case Csr.MCONFIGPTR: return 0n;
    case Csr.MHARTID: return BigInt(h.hartId);
  }
  if (addr >= TriggerCsr.TSELECT && addr <= TriggerCsr.TINFO) return h.triggers.read(addr);
  if (addr >= Csr.PMPCFG0 && addr <= 0x3af) return addr & 1 ? undefined : addr < 0x3a4 ? h.pmp.readCfg(addr - Csr.PMPCFG0) : 0n;
  if (addr >= Csr.PMPADDR0 && addr <= 0x3ef) return addr < Csr.PMPADDR0 + 16 ? h.pmp.readAddr(addr - Csr.PMPADDR0) : 0n;
  // Unimplemented hardware performance counters and events read as zero (§3.1.10).
  if ((addr >= 0xb03 && addr <= 0xb1f) || (addr >= 0xc03 && addr <= 0xc1f) || (addr >= 0x323 && addr <= 0x33f)) return 0n;
  return undefined;
}

/** Writes a CSR with no privilege check, applying its WARL rules; false when it does not exist. */
export function csrWrite(h: Hart, addr: number, value: bigint): boolean {
  const v = value >= 0n && value <= U64 ? value : value & U64;
  if (addr === Csr.SATP) {
    // Unsupported modes make the whole write have no effect (§4.1.11). Compared, not
    // shifted: the monitor writes satp on every context switch.
    if (v >= SATP_MODE_LOW && !(v >= SATP_SV39 && v < SATP_SV39_END)) return true;
    h.setSatp(v);
    return true;
  }
  const low = bigLo(v);
  switch (addr) {
    case Csr.FFLAGS: h.fflags = low & 31; h.mstatus |= MSTATUS_FS; return true;
    case Csr.FRM: h.frm = low & 7; h.mstatus |= MSTATUS_FS; return true;
    case Csr.FCSR: h.fflags = low & 31; h.frm = (low >> 5) & 7; h.mstatus |= MSTATUS_FS; return true;
    case Csr.SSTATUS:
      h.setMstatus((h.mstatus & ~SSTATUS_WRITABLE) | (low & SSTATUS_WRITABLE));
      return true;
    case Csr.SIE:
      h.mie = (h.mie & ~h.mideleg) | (low & h.mideleg & MIE_WRITABLE);
      h.requestInterruptCheck();
      return true;
    case Csr.STVEC: h.stvec = warlTvec(v); return true;
    case Csr.SCOUNTEREN: h.scounteren = low & 7; return true;
    case Csr.SENVCFG: return true;
    case Csr.SSCRATCH: h.sscratch = v; return true;
    case Csr.SEPC: h.sepc = v & ~1n; return true;
    case Csr.SCAUSE: h.scause = v; return true;
    case Csr.STVAL: h.stval = v; return true;
    case Csr.SIP: {
      const mask = 0x2 & h.mideleg;
      h.mipSoftware = (h.mipSoftware & ~mask) | (low & mask);
      h.requestInterruptCheck();
      return true;
    }
    case Csr.MSTATUS: {
      let next = (h.mstatus & ~MSTATUS_WRITABLE) | (low & MSTATUS_WRITABLE);
      // MPP is WARL over {0, 1, 3}: the reserved value 2 reads back as U.
      if (((next >> MSTATUS_MPP_SHIFT) & 3) === 2) next &= ~(3 << MSTATUS_MPP_SHIFT);
      h.setMstatus(next);
      return true;
    }
    case Csr.MISA: return true;
    case Csr.MEDELEG: h.medeleg = low & MEDELEG_WRITABLE; return true;
    case Csr.MIDELEG: h.mideleg = low & MIDELEG_WRITABLE; h.requestInterruptCheck(); return true;
    case Csr.MIE: h.mie = low & MIE_WRITABLE; h.requestInterruptCheck(); return true;
    case Csr.MTVEC: h.mtvec = warlTvec(v); return true;
    case Csr.MCOUNTEREN: h.mcounteren = low & 7; return true;
    case Csr.MENVCFG: case Csr.MCOUNTINHIBIT: return true;
    case Csr.MSCRATCH: h.mscratch = v; return true;
    case Csr.MEPC: h.mepc = v & ~1n; return true;
    case Csr.MCAUSE: h.mcause = v; return true;
    case Csr.MTVAL: h.mtval = v; return true;
    case Csr.MIP:
      h.mipSoftware = low & MIP_WRITABLE;
      h.requestInterruptCheck();
      return true;
    case Csr.MCYCLE: h.writeCounter('cycle', v); return true;
    case Csr.MINSTRET: h.writeCounter('instret', v); return true;
  }
  if (addr >= TriggerCsr.TSELECT && addr <= TriggerCsr.TINFO) return h.triggers.write(addr, v);
  if (addr >= Csr.PMPCFG0 && addr <= 0x3af) {
    if (addr & 1) return false;
    if (addr < 0x3a4) h.pmp.writeCfg(addr - Csr.PMPCFG0, v);
    h.flushTlb();
    return true;
  }
  if (addr >= Csr.PMPADDR0 && addr <= 0x3ef) {
    if (addr < Csr.PMPADDR0 + 16) h.pmp.writeAddr(addr - Csr.PMPADDR0, v);
    h.flushTlb();
    return true;
  }
  if ((addr >= 0xb03 && addr <= 0xb1f) || (addr >= 0x323 && addr <= 0x33f)) return true;
  return csrRead(h, addr) !== undefined;
}

/** xtvec MODE is WARL over {direct, vectored} (§3.1.7): reserved modes fall back to direct. */
function warlTvec(v: bigint): bigint {
  return (v & 3n) >= 2n ? v & ~3n : v;
}
