// CSR names (privileged spec §2.2, tables 2.2-2.6), restricted to the CSRs an RV64IMAC
// machine with M/S/U modes has. The disassembler prints these names, as objdump does.

const csrList: [string, number][] = [
  ['cycle', 0xc00], ['time', 0xc01], ['instret', 0xc02],
  ['sstatus', 0x100], ['sie', 0x104], ['stvec', 0x105], ['scounteren', 0x106], ['senvcfg', 0x10a],
  ['sscratch', 0x140], ['sepc', 0x141], ['scause', 0x142], ['stval', 0x143], ['sip', 0x144],
  ['satp', 0x180],
  ['mvendorid', 0xf11], ['marchid', 0xf12], ['mimpid', 0xf13], ['mhartid', 0xf14], ['mconfigptr', 0xf15],
  ['mstatus', 0x300], ['misa', 0x301], ['medeleg', 0x302], ['mideleg', 0x303], ['mie', 0x304],
  ['mtvec', 0x305], ['mcounteren', 0x306], ['menvcfg', 0x30a], ['mcountinhibit', 0x320],
  ['mscratch', 0x340], ['mepc', 0x341], ['mcause', 0x342], ['mtval', 0x343], ['mip', 0x344],
  ['mtinst', 0x34a], ['mtval2', 0x34b],
  ['mcycle', 0xb00], ['minstret', 0xb02],
  ['tselect', 0x7a0], ['tdata1', 0x7a1], ['tdata2', 0x7a2], ['tdata3', 0x7a3],
  ['dcsr', 0x7b0], ['dpc', 0x7b1], ['dscratch0', 0x7b2], ['dscratch1', 0x7b3],
];
for (let n = 0; n < 16; n += 2) csrList.push([`pmpcfg${n}`, 0x3a0 + n]);
for (let n = 0; n < 64; n++) csrList.push([`pmpaddr${n}`, 0x3b0 + n]);
for (let n = 3; n < 32; n++) {
  csrList.push([`hpmcounter${n}`, 0xc00 + n]);
  csrList.push([`mhpmcounter${n}`, 0xb00 + n]);
  csrList.push([`mhpmevent${n}`, 0x320 + n]);
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
