import { describe, expect, it } from 'vitest';
import { assemble, link, readElf } from '../../compiler/asm/index.js';

const summary = (text: string) => assemble(text, 'bad.s').errors.map((e) => `${e.line}:${e.column} ${e.code}: ${e.message}`);

describe('bad assembly gives error values with line numbers', () => {
  it('for unknown instructions, bad registers, bad immediates and bad directives', () => {
    expect(summary([
      'nop',
      'frobnicate a0, a1',
      'addi a0, q7, 1',
      'addi a0, a0, 4096',
      'slli a0, a0, 64',
      '  .wibble 3',
      'lw a0, 8',
      'add a0, a1',
      'c.lw a0, 0(t0)',
    ].join('\n'))).toEqual([
      "2:1 unknown-instruction: unknown instruction 'frobnicate'",
      "3:1 bad-operand: expected a register, found 'q7'",
      '4:1 immediate-out-of-range: immediate 4096 is out of range [-2048, 2047]',
      '5:1 immediate-out-of-range: shift amount 64 is out of range [0, 63]',
      "6:3 bad-directive: unknown directive '.wibble'",
      "7:1 bad-operand: expected a symbol, found '8'",
      "8:1 bad-operand: 'add' takes 3 operands, found 2",
      "9:1 bad-operand: c.lw cannot address through '0(t0)'",
    ]);
  });

  it('for float instructions with wrong registers, rounding modes or offsets', () => {
    expect(summary([
      'fadd.d fa0, a1, fa2',
      'fadd.d fa0, fa1, fa2, rnd',
      'fcvt.d.w fa0, a0, rtz',
      'fld fa0, 4096(sp)',
      'c.fld fa7, 0(a0)',
      'c.fldsp fa0, 4(sp)',
      'feq.d fa0, fa1, fa2',
      'fmadd.s fa0, fa1, fa2',
    ].join('\n'))).toEqual([
      "1:1 bad-operand: expected a float register (f0-f31, ft0-ft11, fs0-fs11, fa0-fa7), found 'a1'",
      "2:1 bad-operand: unknown rounding mode 'rnd' (rne, rtz, rdn, rup, rmm, dyn)",
      "3:1 bad-operand: 'fcvt.d.w' takes 2 operands, found 3",
      '4:1 immediate-out-of-range: immediate 4096 is out of range [-2048, 2047]',
      "5:1 bad-operand: c.fld needs a register from f8-f15 (fs0-fs1, fa0-fa5), found 'fa7'",
      '6:1 bad-operand: c.fldsp immediate 4 must be a multiple of 8',
      "7:1 bad-operand: expected a register, found 'fa0'",
      "8:1 bad-operand: 'fmadd.s' takes 4 or 5 operands, found 3",
    ]);
  });

  it('for branches out of range, instead of truncating them', () => {
    expect(summary('start:\n  beqz a0, far\n  .zero 5000\nfar:\n  c.j start\n')).toEqual([
      '2:3 branch-out-of-range: branch target is 5004 bytes away, outside the ±4096 byte range',
      '5:3 branch-out-of-range: compressed jump target is -5004 bytes away, outside the ±2048 byte range',
    ]);
  });

  it('for undefined local labels and duplicate labels', () => {
    expect(summary('x:\nx:\n  j 1f\n  bnez a0, .Lnowhere\n')).toEqual([
      "2:1 duplicate-symbol: symbol 'x' is already defined (line 1)",
      "3:3 undefined-symbol: undefined label '1 (numeric label)'",
      "4:3 undefined-symbol: undefined label '.Lnowhere'",
    ]);
  });

  it('never throws on random text', () => {
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789 ,()%.:#"\'\\-+*/<>;@$_\t\n';
    const words = ['addi', 'la', 'li', 'call', '.word', '.asciz', '%hi(', '%pcrel_lo(', 'a0', 'sp', '0(', '1b', '1f', '.section', 'c.addi', 'csrr'];
    for (let round = 0; round < 400; round++) {
      let text = '';
      const length = Math.floor(random() * 80);
      for (let i = 0; i < length; i++) {
        text += random() < 0.2 ? `${words[Math.floor(random() * words.length)]} ` : alphabet[Math.floor(random() * alphabet.length)];
      }
      const result = assemble(text, 'fuzz.s');
      for (const error of result.errors) {
        expect(error.line).toBeGreaterThan(0);
        expect(error.message).not.toMatch(/internal assembler error/);
      }
    }
  });
});

describe('linking reports', () => {
  it('undefined symbols with the referring line, and duplicate globals', () => {
    const a = assemble('.globl _start\n_start:\n  call missing\n', 'a.s').object;
    const b = assemble('.globl _start\n_start:\n  ret\n', 'b.s').object;
    expect(link([a, b], { textBase: 0x10000n, entry: '_start' }).errors.map((e) => `${e.file}:${e.line} ${e.code}: ${e.message}`)).toEqual([
      'b.s:2 duplicate-symbol: global symbol \'_start\' is defined in both a.s and b.s',
      "a.s:3 undefined-symbol: undefined symbol 'missing'",
    ]);
  });

  it('a missing entry symbol', () => {
    expect(link([assemble('nop').object], { textBase: 0x1000n, entry: 'main' }).errors.map((e) => e.message)).toEqual([
      "entry symbol 'main' is not defined",
    ]);
  });
});

describe('the ELF reader', () => {
  it('rejects malformed bytes with an error value', () => {
    const good = link([assemble('.globl _start\n_start: ret').object], { textBase: 0x10000n, entry: '_start' }).elf;
    const corrupt = good.slice();
    new DataView(corrupt.buffer).setBigUint64(40, 0xffffffffn, true);
    const messages = [new Uint8Array(0), new Uint8Array([0x7f, 0x45, 0x4c, 0x46]), good.slice(0, 100), corrupt]
      .map((bytes) => readElf(bytes))
      .map((result) => (result.ok ? 'ok' : result.error.message));
    expect(messages).toEqual([
      'file is 0 bytes, shorter than an ELF64 header (64)',
      'file is 4 bytes, shorter than an ELF64 header (64)',
      'section header table offset (4200) lies beyond the end of the file (100 bytes)',
      `section header table offset (4294967295) lies beyond the end of the file (${good.length} bytes)`,
    ]);
  });

  it('survives every truncation and random corruption of a valid image', () => {
    const good = link([assemble('.globl _start\n_start: ret\n.data\nx: .word 1').object], { textBase: 0x10000n, entry: '_start' }).elf;
    for (let length = 0; length < good.length; length += 97) expect(() => readElf(good.slice(0, length))).not.toThrow();
    let seed = 7;
    for (let round = 0; round < 300; round++) {
      const bytes = good.slice();
      for (let i = 0; i < 4; i++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        bytes[seed % 256] = seed >>> 24;
      }
      expect(() => readElf(bytes)).not.toThrow();
    }
  });
});
