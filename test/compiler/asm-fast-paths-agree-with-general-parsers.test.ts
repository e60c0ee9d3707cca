import { describe, expect, it } from 'vitest';
import { assemble, assembleGeneral } from '../../compiler/asm/assembler.js';
import { parseExpression, parseExpressionGeneral, type ParseContext } from '../../compiler/asm/expression.js';
import { parseImmediate, parseImmediateGeneral, parseMemory, parseMemoryGeneral } from '../../compiler/asm/operands.js';

// The assembler reads common operand and line shapes with hand-written scanners and falls
// back to the general parsers otherwise. Both must give identical results, errors included.

let seed = 20240611;
const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const REGISTERS = ['a0', 'a1', 'sp', 'zero', 'x0', 'x31', 'x32', 's0', 'fp', 't6', 'A0', 'Sp', ' a2', 'a3 ', 'q7', 'ra', 's11', 'a0x', ''];
const SYMBOLS = ['foo', '.Lx', '.Lstr_3', '_start', '__pgl_print_bytes', '.', '1b', '1f', '$x', 'a.b$c', 'CONST', 'a0', 'x y'];
const INTEGERS = ['0', '1', '-1', '-0', '8', '-8', '2047', '-2048', '2048', '-2049', '63', '64', '31', '32', '0x10', '0X7ff', '0x', '0b101', '017',
  '08', '00', '4096', '123456789', '1234567890', '-999999999', '9223372036854775807', '18446744073709551616', "'a'", "'\\n'", '1e', '12abc',
  '+5', '- 3', '--4', '~0', ' 7', '7 ', '0xfffff000'];
const integer = () => (random() < 0.3 ? String(Math.floor(random() * 2 ** (1 + random() * 40)) * (random() < 0.5 ? -1 : 1)) : pick(INTEGERS));
const expression = (depth = 0): string => {
  const r = random();
  if (depth > 2 || r < 0.4) return integer();
  if (r < 0.7) return pick(SYMBOLS);
  if (r < 0.9) return `${expression(depth + 1)}${pick(['+', '-', '*', '<<', '&', ' | ', ' - '])}${expression(depth + 1)}`;
  return `(${expression(depth + 1)})`;
};
const immediate = () => (random() < 0.8 ? expression() : `%${pick(['hi', 'lo', 'pcrel_hi', 'pcrel_lo', 'bogus'])}${pick(['', ' '])}(${expression()})`);
const memory = () => `${pick(['', ' ', integer(), immediate()])}${pick(['', ' '])}(${pick(['', ' '])}${pick(REGISTERS)}${pick(['', ' '])})${pick(['', ' ', 'x'])}`;

/** A context that records what the parser asked of it, so calls must agree too. */
function recordingContext(): ParseContext & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    numericLabel: (digits, direction) => (calls.push(`${digits}${direction}`), `.L${digits}^${direction}`),
    here: () => (calls.push('here'), `.L.here${calls.length}`),
  };
}

function agree<T>(fast: (text: string, context: ParseContext) => T, general: (text: string, context: ParseContext) => T, text: string): void {
  const a = recordingContext();
  const b = recordingContext();
  expect({ text, result: fast(text, a), calls: a.calls }).toEqual({ text, result: general(text, b), calls: b.calls });
}

describe('fast operand parsing agrees with the general parsers', () => {
  it('for expressions', () => {
    for (let i = 0; i < 4000; i++) agree(parseExpression, parseExpressionGeneral, expression());
  });

  it('for immediates, with and without relocation operators', () => {
    for (let i = 0; i < 4000; i++) agree(parseImmediate, parseImmediateGeneral, immediate());
  });

  it('for memory operands', () => {
    for (let i = 0; i < 4000; i++) agree(parseMemory, parseMemoryGeneral, memory());
  });
});

describe('fast line assembly agrees with the general path', () => {
  const MNEMONICS = ['addi', 'add', 'sub', 'mul', 'sd', 'ld', 'lw', 'sw', 'sb', 'lbu', 'la', 'lla', 'li', 'call', 'j', 'ret', 'nop',
    'beqz', 'bnez', 'beq', 'blt', 'bltu', 'mv', 'slli', 'srli', 'srai', 'slliw', 'sraiw', 'andi', 'xori', 'sltiu', 'addiw', 'jalr', 'c.addi'];
  const GOOD_REGISTERS = ['a0', 'a1', 'sp', 'zero', 'x0', 'x31', 's0', 't6', 'ra', 's11', 'a5'];
  /** Operands in the shape the mnemonic expects, mostly; sometimes anything at all. */
  const SHAPES: Record<string, string> = {
    addi: 'rri', andi: 'rri', xori: 'rri', sltiu: 'rri', addiw: 'rri', slli: 'rri', srli: 'rri', srai: 'rri', slliw: 'rri', sraiw: 'rri',
    add: 'rrr', sub: 'rrr', mul: 'rrr', sd: 'rm', ld: 'rm', lw: 'rm', sw: 'rm', sb: 'rm', lbu: 'rm', la: 'rs', lla: 'rs', li: 'ri',
    call: 's', j: 's', ret: '', nop: '', beqz: 'rs', bnez: 'rs', beq: 'rrs', blt: 'rrs', bltu: 'rrs', mv: 'rr', jalr: 'rm', 'c.addi': 'ri',
  };
  const goodInteger = () => String(Math.floor(random() * 4400) - 2200);
  const operand = (kind: string) => {
    if (random() < 0.1) {
      const r = random();
      return r < 0.45 ? pick(REGISTERS) : r < 0.65 ? integer() : r < 0.85 ? memory() : pick(SYMBOLS);
    }
    switch (kind) {
      case 'r': return pick(GOOD_REGISTERS);
      case 'i': return random() < 0.7 ? goodInteger() : integer();
      case 'm': return `${random() < 0.8 ? goodInteger() : integer()}(${pick(GOOD_REGISTERS)})`;
      default: return random() < 0.8 ? pick(['foo', '.Lx', '.Lstr_3', '_start', 'CONST', 'f_work0']) : pick(SYMBOLS);
    }
  };
  const line = () => {
    const mnemonic = pick(MNEMONICS);
    const kinds = [...SHAPES[mnemonic]!];
    if (random() < 0.05) kinds.push('r');
    if (random() < 0.05) kinds.pop();
    const operands = kinds.map(operand).join(pick([', ', ', ', ',', ' , ']));
    return `${pick(['', '    ', '\t'])}${mnemonic}${pick([' ', ' ', '\t'])}${operands}`;
  };

  it('on random instruction lines, errors included', () => {
    for (let round = 0; round < 1500; round++) {
      const lines = Array.from({ length: 1 + Math.floor(random() * 12) }, line);
      if (random() < 0.5) lines.push('.equ CONST, 12', 'foo:', '.Lx:', '1:');
      const text = lines.join('\n');
      expect({ text, result: assemble(text, 'f.s') }).toEqual({ text, result: assembleGeneral(text, 'f.s') });
    }
  });

  it('on the instruction shapes a compiler emits', () => {
    const text = [
      'f:', '    addi sp, sp, -8', '    sd a0, 0(sp)', '    ld t0, -40(s0)', '    la a0, .Lstr_3', '    call __pgl_print_bytes',
      '.Lwhile_12:', '    beqz a0, .Lnear_13', '    li a0, 4096', '    li a1, -123456789', '    mv t1, a0', '    add a0, t0, t1',
      '    slli a0, a0, 32', '    bltu a0, t1, .Lwhile_12', '    j .Lwhile_12', '.Lnear_13:', '    ret',
      '.data', '.Lstr_3:', '    .byte 1, 2, 3, 255, -128, 256, 0x41', '    .word f, 70000, -1', '    .dword .Lstr_3 + 8',
    ].join('\n');
    const general = assembleGeneral(text, 'f.s');
    expect(general.errors.map((e) => e.message)).toEqual(['value 256 does not fit in 1 byte']);
    expect(assemble(text, 'f.s')).toEqual(general);
  });
});
