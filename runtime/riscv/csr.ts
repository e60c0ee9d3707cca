// CSR numbers and names (privileged spec v1.12 §2.2, tables 2.2-2.6; unprivileged spec
// ch. 11 for fflags/frm/fcsr), restricted to the CSRs an RV64GC machine with M/S/U modes
// has, and the mstatus bit positions (§3.1.6). The assembler reads names from here, the
// disassembler prints them as objdump does, and the emulator implements these numbers.

export const Csr = {
  FFLAGS: 0x001, FRM: 0x002, FCSR: 0x003,
  SSTATUS: 0x100, SIE: 0x104, STVEC: 0x105, SCOUNTEREN: 0x106, SENVCFG: 0x10a,
  SSCRATCH: 0x140, SEPC: 0x141, SCAUSE: 0x142, STVAL: 0x143, SIP: 0x144, SATP: 0x180,
  MSTATUS: 0x300, MISA: 0x301, MEDELEG: 0x302, MIDELEG: 0x303, MIE: 0x304, MTVEC: 0x305,
  MCOUNTEREN: 0x306, MENVCFG: 0x30a, MCOUNTINHIBIT: 0x320,
  MSCRATCH: 0x340, MEPC: 0x341, MCAUSE: 0x342, MTVAL: 0x343, MIP: 0x344, MTINST: 0x34a, MTVAL2: 0x34b,
  PMPCFG0: 0x3a0, PMPADDR0: 0x3b0,
  TSELECT: 0x7a0, TDATA1: 0x7a1, TDATA2: 0x7a2, TDATA3: 0x7a3,
  DCSR: 0x7b0, DPC: 0x7b1, DSCRATCH0: 0x7b2, DSCRATCH1: 0x7b3,
  MCYCLE: 0xb00, MINSTRET: 0xb02, CYCLE: 0xc00, TIME: 0xc01, INSTRET: 0xc02,
  MVENDORID: 0xf11, MARCHID: 0xf12, MIMPID: 0xf13, MHARTID: 0xf14, MCONFIGPTR: 0xf15,
} as const;

/** mstatus bit positions (§3.1.6). */
export const MSTATUS_SIE = 1 << 1;
export const MSTATUS_MIE = 1 << 3;
export const MSTATUS_SPIE = 1 << 5;
export const MSTATUS_MPIE = 1 << 7;
export const MSTATUS_SPP = 1 << 8;
export const MSTATUS_MPP_SHIFT = 11;
/** FS, the floating-point unit's state (§3.1.6.6): 0 Off, 1 Initial, 2 Clean, 3 Dirty. */
export const MSTATUS_FS_SHIFT = 13;
export const MSTATUS_FS = 3 << MSTATUS_FS_SHIFT;
export const MSTATUS_MPRV = 1 << 17;
export const MSTATUS_SUM = 1 << 18;
export const MSTATUS_MXR = 1 << 19;
export const MSTATUS_TVM = 1 << 20;
export const MSTATUS_TW = 1 << 21;
export const MSTATUS_TSR = 1 << 22;
/** SD (bit 63 on RV64) summarises FS = Dirty. */
export const MSTATUS_SD_BIT = 63;

/** misa extension bits (§3.1.1): bit n is letter 'A' + n. */
export function misaExtensions(letters: string): number {
  let bits = 0;
  for (const letter of letters.toUpperCase()) bits |= 1 << (letter.charCodeAt(0) - 65);
  return bits;
}

const csrList: [string, number][] = [
  ['fflags', Csr.FFLAGS], ['frm', Csr.FRM], ['fcsr', Csr.FCSR],
  ['cycle', Csr.CYCLE], ['time', Csr.TIME], ['instret', Csr.INSTRET],
  ['sstatus', Csr.SSTATUS], ['sie', Csr.SIE], ['stvec', Csr.STVEC], ['scounteren', Csr.SCOUNTEREN], ['senvcfg', Csr.SENVCFG],
  ['sscratch', Csr.SSCRATCH], ['sepc', Csr.SEPC], ['scause', Csr.SCAUSE], ['stval', Csr.STVAL], ['sip', Csr.SIP],
  ['satp', Csr.SATP],
  ['mvendorid', Csr.MVENDORID], ['marchid', Csr.MARCHID], ['mimpid', Csr.MIMPID], ['mhartid', Csr.MHARTID], ['mconfigptr', Csr.MCONFIGPTR],
  ['mstatus', Csr.MSTATUS], ['misa', Csr.MISA], ['medeleg', Csr.MEDELEG], ['mideleg', Csr.MIDELEG], ['mie', Csr.MIE],
  ['mtvec', Csr.MTVEC], ['mcounteren', Csr.MCOUNTEREN], ['menvcfg', Csr.MENVCFG], ['mcountinhibit', Csr.MCOUNTINHIBIT],
  ['mscratch', Csr.MSCRATCH], ['mepc', Csr.MEPC], ['mcause', Csr.MCAUSE], ['mtval', Csr.MTVAL], ['mip', Csr.MIP],
  ['mtinst', Csr.MTINST], ['mtval2', Csr.MTVAL2],
  ['mcycle', Csr.MCYCLE], ['minstret', Csr.MINSTRET],
  ['tselect', Csr.TSELECT], ['tdata1', Csr.TDATA1], ['tdata2', Csr.TDATA2], ['tdata3', Csr.TDATA3],
  ['dcsr', Csr.DCSR], ['dpc', Csr.DPC], ['dscratch0', Csr.DSCRATCH0], ['dscratch1', Csr.DSCRATCH1],
];
for (let n = 0; n < 16; n += 2) csrList.push([`pmpcfg${n}`, Csr.PMPCFG0 + n]);
for (let n = 0; n < 64; n++) csrList.push([`pmpaddr${n}`, Csr.PMPADDR0 + n]);
for (let n = 3; n < 32; n++) {
  csrList.push([`hpmcounter${n}`, Csr.CYCLE + n]);
  csrList.push([`mhpmcounter${n}`, Csr.MCYCLE + n]);
  csrList.push([`mhpmevent${n}`, Csr.MCOUNTINHIBIT + n]);
}

const csrByName = new Map(csrList);
const nameByCsr = new Map(csrList.map(([name, number]) => [number, name]));

export function csrNumber(name: string): number | undefined {
  return csrByName.get(name.toLowerCase());
}

/** A CSR's name, or its number in hex (objdump's spelling for unnamed CSRs). */
export function csrName(number: number): string {
  return nameByCsr.get(number) ?? `0x${number.toString(16)}`;
}
