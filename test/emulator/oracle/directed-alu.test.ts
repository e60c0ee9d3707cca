// RV64I register/immediate ALU operations and their W forms (unprivileged spec §4.2), with
// the sign extension of every 32-bit result, checked against qemu-riscv64 on the same ELF.

import { directedSuite } from './support/directed-suite.js';

const MIN = -0x8000000000000000n;

directedSuite('RV64I ALU instructions match qemu-riscv64', [
  { name: 'addi/add/sub wrap at 64 bits', body: 'li a0, 0x7fffffffffffffff\naddi a1, a0, 1\nadd a2, a0, a0\nsub a3, zero, a1\nsub a4, a1, a0\naddi a5, zero, -2048\naddi a6, a5, 2047',
    expect: { a1: MIN, a2: -2n, a3: MIN, a4: 1n, a5: -2048n, a6: -1n } },
  { name: 'lui and auipc sign-extend their 32-bit value', body: 'lui a0, 0x80000\nlui a1, 0x7ffff\nlui a2, 0xfffff\n1: auipc a3, 0\nla a4, 1b\nsub a5, a3, a4\nauipc a6, 0x80000\nsub a6, a6, a4',
    expect: { a0: -0x80000000n, a1: 0x7ffff000n, a2: -4096n, a5: 0n, a6: -0x80000000n + 16n } },
  { name: 'slt/sltu/slti/sltiu view operands as signed or unsigned', body: 'li a0, -1\nli a1, 1\nslt a2, a0, a1\nsltu a3, a0, a1\nslti a4, a0, 0\nsltiu a5, a1, -1\nsltiu a6, zero, 1\nslt a7, a1, a1\nsltiu s2, a0, -1',
    expect: { a2: 1n, a3: 0n, a4: 1n, a5: 1n, a6: 1n, a7: 0n, s2: 0n } },
  { name: 'logic ops use sign-extended immediates', body: 'li a0, 0x123456789abcdef0\nxori a1, a0, -1\nori a2, a0, -2048\nandi a3, a0, -256\nxor a4, a0, a1\nor a5, a0, a1\nand a6, a0, a1\nandi a7, a0, 0x7ff',
    expect: { a1: ~0x123456789abcdef0n, a2: BigInt.asIntN(64, 0x123456789abcdef0n | -2048n), a3: 0x123456789abcde00n, a4: -1n, a5: -1n, a6: 0n, a7: 0x6f0n } },
  { name: 'addiw/addw/subw sign-extend the low word', body: 'li a0, 0x7fffffff\naddiw a1, a0, 1\naddw a2, a0, a0\nsubw a3, zero, a0\nli a4, 0xffffffff00000005\naddiw a5, a4, 0\nsubw a6, a4, a0\nsext.w a7, a4\naddiw s2, a0, -2048',
    expect: { a1: -0x80000000n, a2: -2n, a3: -0x7fffffffn, a5: 5n, a6: -0x7ffffffan, a7: 5n, s2: 0x7ffff7ffn } },
  { name: 'W ops ignore the upper half of their sources', body: 'li a0, 0xdeadbeef00000001\nli a1, 0x1234567800000002\naddw a2, a0, a1\nsubw a3, a0, a1\nsllw a4, a0, a1\nsrlw a5, a1, a0\nsraw a6, a0, a1',
    expect: { a2: 3n, a3: -1n, a4: 4n, a5: 1n, a6: 0n } },
  { name: 'move-like and nop-like encodings', body: 'li a0, 77\nmv a1, a0\nnot a2, a0\nneg a3, a0\nnegw a4, a0\nseqz a5, zero\nsnez a6, a0\nsltz a7, a3\nsgtz s2, a0\nnop\naddi zero, a0, 5\nadd zero, a0, a0',
    expect: { a1: 77n, a2: -78n, a3: -77n, a4: -77n, a5: 1n, a6: 1n, a7: 1n, s2: 1n } },
]);
