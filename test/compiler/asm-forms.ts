// Every instruction form the encoder supports, written as GNU as accepts it. Shared by the
// encoding and disassembly oracle tests. Branch and jump targets are labels of the same file.

const R_OPS = ['add', 'sub', 'sll', 'slt', 'sltu', 'xor', 'srl', 'sra', 'or', 'and', 'addw', 'subw', 'sllw', 'srlw', 'sraw',
  'mul', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu', 'mulw', 'divw', 'divuw', 'remw', 'remuw'];
const I_OPS = ['addi', 'slti', 'sltiu', 'xori', 'ori', 'andi', 'addiw'];
const LOADS = ['lb', 'lh', 'lw', 'ld', 'lbu', 'lhu', 'lwu'];
const STORES = ['sb', 'sh', 'sw', 'sd'];
const BRANCHES = ['beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu'];
const AMOS = ['amoswap', 'amoadd', 'amoxor', 'amoand', 'amoor', 'amomin', 'amomax', 'amominu', 'amomaxu'];

/** 32-bit forms (assembled under `.option norvc`). */
export const BASE_FORMS: string[] = [
  'back:',
  ...R_OPS.map((op) => `${op} a0,a1,a2`),
  ...R_OPS.slice(0, 3).map((op) => `${op} t6,s11,x31`),
  ...I_OPS.flatMap((op) => [`${op} a0,a1,5`, `${op} s2,t0,-2048`, `${op} t1,sp,2047`]),
  'slli a0,a1,63', 'srli a0,a1,1', 'srai a0,a1,33', 'slliw a0,a1,31', 'srliw a0,a1,7', 'sraiw a0,a1,0',
  ...LOADS.flatMap((op) => [`${op} a0,0(a1)`, `${op} s1,-8(sp)`, `${op} t2,2047(s0)`]),
  ...STORES.flatMap((op) => [`${op} a0,0(a1)`, `${op} s1,-2048(sp)`, `${op} t2,16(fp)`]),
  ...BRANCHES.flatMap((op) => [`${op} a0,a1,back`, `${op} t0,zero,fwd`]),
  'lui a0,0x12345', 'lui t0,0xfffff', 'auipc a1,0x1', 'auipc s3,0',
  'jal ra,back', 'jal zero,fwd', 'jal t0,back', 'jalr ra,0(a0)', 'jalr zero,0(ra)', 'jalr t1,-16(a5)', 'jalr a0,8(a1)',
  ...['w', 'd'].flatMap((width) => [
    `lr.${width} a0,(a1)`, `lr.${width}.aq a0,(a1)`, `sc.${width} a0,a2,(a1)`, `sc.${width}.rl a0,a2,(a1)`,
    ...AMOS.flatMap((op) => [`${op}.${width} a0,a2,(a1)`, `${op}.${width}.aqrl t0,t1,(sp)`]),
  ]),
  'csrrw a0,mstatus,a1', 'csrrs a0,mepc,zero', 'csrrc t0,sstatus,t1', 'csrrwi a0,mtvec,5', 'csrrsi a0,mie,31', 'csrrci a0,sie,1',
  'csrrw zero,satp,a0', 'csrrs a0,cycle,zero', 'csrrs a0,0x7c0,a1',
  'fence', 'fence rw,rw', 'fence r,w', 'fence iorw,o', 'fence.tso', 'fence.i',
  'ecall', 'ebreak', 'mret', 'sret', 'wfi', 'sfence.vma', 'sfence.vma a0', 'sfence.vma a0,a1',
  'fwd:',
  'nop',
];

/** Explicit compressed forms (assembled under `.option rvc`). */
export const COMPRESSED_FORMS: string[] = [
  'cback:',
  'c.addi4spn a0,sp,4', 'c.addi4spn s1,sp,1020',
  'c.lw a0,0(a1)', 'c.lw s0,124(a5)', 'c.ld a0,8(a1)', 'c.ld a5,248(s1)',
  'c.sw a0,4(a1)', 'c.sw s1,124(a2)', 'c.sd a0,0(a1)', 'c.sd a3,248(a4)',
  'c.nop', 'c.addi a0,1', 'c.addi sp,-32', 'c.addiw a0,-1', 'c.addiw t0,31', 'c.li a0,0', 'c.li ra,-32',
  'c.addi16sp sp,16', 'c.addi16sp sp,-512', 'c.lui a0,1', 'c.lui t0,0xfffff', 'c.lui s1,31',
  'c.srli a0,1', 'c.srli s1,63', 'c.srai a0,32', 'c.andi a0,-1', 'c.andi a5,31',
  'c.sub a0,a1', 'c.xor s0,s1', 'c.or a2,a3', 'c.and a4,a5', 'c.subw a0,a1', 'c.addw a5,s0',
  'c.j cback', 'c.j cfwd', 'c.beqz a0,cback', 'c.bnez s1,cfwd',
  'c.slli a0,1', 'c.slli t6,63', 'c.lwsp a0,0(sp)', 'c.lwsp ra,252(sp)', 'c.ldsp a0,8(sp)', 'c.ldsp s11,504(sp)',
  'c.jr ra', 'c.jr a0', 'c.mv a0,a1', 'c.mv t6,s0', 'c.ebreak', 'c.jalr a0', 'c.add a0,a1', 'c.add sp,t0',
  'c.swsp a0,0(sp)', 'c.swsp t6,252(sp)', 'c.sdsp a0,8(sp)', 'c.sdsp ra,504(sp)',
  'cfwd:',
  'c.nop',
];

/** Pseudo-instructions whose expansion is fixed by the assembly manual (32-bit). */
export const PSEUDO_FORMS: string[] = [
  'pback:',
  'mv a0,a1', 'not a0,a1', 'neg a0,a1', 'negw a0,a1', 'sext.w a0,a1', 'seqz a0,a1', 'snez a0,a1', 'sltz a0,a1', 'sgtz a0,a1',
  'beqz a0,pback', 'bnez a0,pfwd', 'blez a0,pback', 'bgez a0,pfwd', 'bltz a0,pback', 'bgtz a0,pfwd',
  'bgt a0,a1,pback', 'ble a0,a1,pfwd', 'bgtu a0,a1,pback', 'bleu a0,a1,pfwd',
  'j pback', 'jal pfwd', 'jr a0', 'jalr a1', 'ret', 'nop',
  'csrr a0,mstatus', 'csrw mtvec,a0', 'csrs mie,a1', 'csrc sstatus,t0', 'csrwi mscratch,3', 'csrsi mstatus,8', 'csrci sie,2',
  'rdcycle a0', 'rdinstret a1', 'rdtime a2', 'fence',
  'li a0,0', 'li a0,2047', 'li a0,-2048', 'li t0,0x12345000', 'li t0,-1',
  'call pfwd', 'tail pback', 'la a0,pfwd', 'lla a1,pback',
  'phi:', 'auipc a0,%pcrel_hi(pfwd)', 'addi a0,a0,%pcrel_lo(phi)', 'sd a1,%pcrel_lo(phi)(a0)', '1:', 'auipc a2,%pcrel_hi(pback+8)', 'lw a3,%pcrel_lo(1b)(a2)',
  'ld a1,pfwd', 'sw a2,pback,t0', 'jalr t0,a1,4',
  'pfwd:',
  'nop',
];

// F and D (unprivileged spec ch. 11-12), written out rather than taken from our own table.
const FLOAT_RRR = ['fadd', 'fsub', 'fmul', 'fdiv'];
const FLOAT_RR_NO_RM = ['fsgnj', 'fsgnjn', 'fsgnjx', 'fmin', 'fmax'];
const FLOAT_COMPARE = ['feq', 'flt', 'fle'];
const FUSED = ['fmadd', 'fmsub', 'fnmsub', 'fnmadd'];
const ROUNDING = ['rne', 'rtz', 'rdn', 'rup', 'rmm', 'dyn'];

/** 32-bit F/D forms (assembled under `.option norvc`). */
export const FLOAT_FORMS: string[] = ['s', 'd'].flatMap((fmt, f) => [
  `${fmt === 's' ? 'flw' : 'fld'} fa0,0(a1)`, `${fmt === 's' ? 'flw' : 'fld'} ft11,-2048(sp)`, `${fmt === 's' ? 'flw' : 'fld'} fs0,2047(t6)`,
  `${fmt === 's' ? 'fsw' : 'fsd'} fa0,0(a1)`, `${fmt === 's' ? 'fsw' : 'fsd'} ft11,-2048(sp)`, `${fmt === 's' ? 'fsw' : 'fsd'} fs11,2047(s0)`,
  ...FLOAT_RRR.flatMap((op, k) => [`${op}.${fmt} fa0,fa1,fa2`, `${op}.${fmt} ft0,fs11,ft11,${ROUNDING[(k + f) % 6]}`]),
  `fsqrt.${fmt} fa0,fa1`, `fsqrt.${fmt} f31,f0,rtz`,
  ...FLOAT_RR_NO_RM.map((op) => `${op}.${fmt} fa0,fa1,fa2`),
  ...FLOAT_COMPARE.map((op) => `${op}.${fmt} a0,fa1,fa2`),
  ...FUSED.flatMap((op, k) => [`${op}.${fmt} fa0,fa1,fa2,fa3`, `${op}.${fmt} ft1,ft2,ft3,ft4,${ROUNDING[(k + 2 * f) % 6]}`]),
  ...['w', 'wu', 'l', 'lu'].flatMap((int, k) => [
    `fcvt.${int}.${fmt} a0,fa1`, `fcvt.${int}.${fmt} t6,ft11,${ROUNDING[k]}`,
    fmt === 'd' && int.startsWith('w') ? `fcvt.${fmt}.${int} fa0,a1` : `fcvt.${fmt}.${int} fa0,a1,${ROUNDING[k + 1]}`, `fcvt.${fmt}.${int} fs1,s1`,
  ]),
  `fclass.${fmt} a0,fa1`,
  fmt === 's' ? 'fmv.x.w a0,fa1' : 'fmv.x.d a0,fa1', fmt === 's' ? 'fmv.w.x fa0,a1' : 'fmv.d.x fa0,a1',
]).concat(['fcvt.s.d fa0,fa1', 'fcvt.s.d fa0,fa1,rup', 'fcvt.d.s fa0,fa1']);

/** Compressed double loads and stores (assembled under `.option rvc`). */
export const FLOAT_COMPRESSED_FORMS: string[] = [
  'c.fld fa0,0(a1)', 'c.fld fs0,248(a5)', 'c.fsd fa5,8(s0)', 'c.fsd fs1,248(a0)',
  'c.fldsp fa0,8(sp)', 'c.fldsp f0,504(sp)', 'c.fsdsp ft11,0(sp)', 'c.fsdsp fs11,504(sp)',
];

/** Float pseudo-instructions of the assembly manual and the aliases objdump prints for them. */
export const FLOAT_PSEUDO_FORMS: string[] = [
  'fmv.s fa0,fa1', 'fneg.s fa0,fa2', 'fabs.s ft0,ft11', 'fmv.d fa0,fa1', 'fneg.d fs0,fs1', 'fabs.d fa0,fa0',
  'frflags a0', 'fsflags a1', 'fsflags a0,a1', 'fsflagsi 3', 'frflags t0', 'fsflagsi a0,31', 'frrm a0', 'fsrm a1', 'fsrm t0,t1', 'fsrmi 1', 'fsrmi a2,4',
  'frcsr a0', 'fscsr a1', 'fscsr a3,a1', 'csrrs a0,fcsr,a1', 'csrr a0,fflags', 'csrw frm,a0',
];
