// Translation of hot basic blocks into JavaScript functions (the third speed stage: after
// predecoding and the fetch-page cache). A block is a straight run of instructions in one
// physical page, ending at a jump, a branch, a SYSTEM/atomic instruction or the page end.
// Common RV64I operations are emitted inline with their registers and immediates as
// constants; anything else calls its ordinary handler, so semantics stay in one place.
//
// The generated function `(h, pc0, limit) => retired` runs the block (looping in place
// while it branches back to its own start, at most `limit` times) and returns how many
// instructions retired. Before anything that can trap it records the pc and the retired
// count in the hart, so traps inside a block stay precise.

import type { Insn, Handler } from './insn.js';
import * as I from './exec-integer.js';

export interface CompiledBlock {
  /** Instructions per pass through the block. */
  readonly count: number;
  readonly run: (h: unknown, pc0: number, limit: number) => number;
}

/** Longest block, in instructions. */
export const MAX_BLOCK = 64;

type Emit = (i: Insn) => string;

const hiOf = (imm: number): number => imm >> 31;

/** 64-bit add of register rs1 and a constant, into rd. */
function addImm(rd: number, rs1: number, imm: number): string {
  if (rs1 === 0) return `xl[${rd}] = ${imm | 0}; xh[${rd}] = ${hiOf(imm)};`;
  if (imm === 0) return `xl[${rd}] = xl[${rs1}]; xh[${rd}] = xh[${rs1}];`;
  return `{ const a = xl[${rs1}]; const lo = (a + ${imm}) | 0; xh[${rd}] = (xh[${rs1}] + ${hiOf(imm)} + ((lo >>> 0) < (a >>> 0) ? 1 : 0)) | 0; xl[${rd}] = lo; }`;
}

/** The effective address of a load/store as `lo`, `hi` locals. */
function address(i: Insn): string {
  return `const b = xl[${i.rs1}]; const lo = (b + ${i.imm}) | 0; const hi = (xh[${i.rs1}] + ${hiOf(i.imm)} + ((lo >>> 0) < (b >>> 0) ? 1 : 0)) | 0;`;
}

const word = (rd: number, expr: string): string => `{ const w = ${expr}; xl[${rd}] = w; xh[${rd}] = w >> 31; }`;

const INLINE = new Map<Handler, Emit>([
  [I.ADDI, (i) => addImm(i.rd, i.rs1, i.imm)],
  [I.LUI, (i) => `xl[${i.rd}] = ${i.imm | 0}; xh[${i.rd}] = ${hiOf(i.imm)};`],
  [I.ADD, (i) => `{ const a = xl[${i.rs1}]; const lo = (a + xl[${i.rs2}]) | 0; xh[${i.rd}] = (xh[${i.rs1}] + xh[${i.rs2}] + ((lo >>> 0) < (a >>> 0) ? 1 : 0)) | 0; xl[${i.rd}] = lo; }`],
  [I.SUB, (i) => `{ const a = xl[${i.rs1}], c = xl[${i.rs2}]; xh[${i.rd}] = (xh[${i.rs1}] - xh[${i.rs2}] - ((a >>> 0) < (c >>> 0) ? 1 : 0)) | 0; xl[${i.rd}] = (a - c) | 0; }`],
  [I.ADDIW, (i) => word(i.rd, `(xl[${i.rs1}] + ${i.imm}) | 0`)],
  [I.ADDW, (i) => word(i.rd, `(xl[${i.rs1}] + xl[${i.rs2}]) | 0`)],
  [I.SUBW, (i) => word(i.rd, `(xl[${i.rs1}] - xl[${i.rs2}]) | 0`)],
  [I.MULW, (i) => word(i.rd, `Math.imul(xl[${i.rs1}], xl[${i.rs2}])`)],
  [I.SLLIW, (i) => word(i.rd, `xl[${i.rs1}] << ${i.imm & 31}`)],
  [I.SRLIW, (i) => word(i.rd, `(xl[${i.rs1}] >>> ${i.imm & 31}) | 0`)],
  [I.SRAIW, (i) => word(i.rd, `xl[${i.rs1}] >> ${i.imm & 31}`)],
  [I.ANDI, (i) => `xh[${i.rd}] = xh[${i.rs1}] & ${hiOf(i.imm)}; xl[${i.rd}] = xl[${i.rs1}] & ${i.imm};`],
  [I.ORI, (i) => `xh[${i.rd}] = xh[${i.rs1}] | ${hiOf(i.imm)}; xl[${i.rd}] = xl[${i.rs1}] | ${i.imm};`],
  [I.XORI, (i) => `xh[${i.rd}] = xh[${i.rs1}] ^ ${hiOf(i.imm)}; xl[${i.rd}] = xl[${i.rs1}] ^ ${i.imm};`],
  [I.AND, (i) => `xh[${i.rd}] = xh[${i.rs1}] & xh[${i.rs2}]; xl[${i.rd}] = xl[${i.rs1}] & xl[${i.rs2}];`],
  [I.OR, (i) => `xh[${i.rd}] = xh[${i.rs1}] | xh[${i.rs2}]; xl[${i.rd}] = xl[${i.rs1}] | xl[${i.rs2}];`],
  [I.XOR, (i) => `xh[${i.rd}] = xh[${i.rs1}] ^ xh[${i.rs2}]; xl[${i.rd}] = xl[${i.rs1}] ^ xl[${i.rs2}];`],
  [I.SLLI, (i) => {
    const s = i.imm & 63;
    if (s === 0) return `xl[${i.rd}] = xl[${i.rs1}]; xh[${i.rd}] = xh[${i.rs1}];`;
    if (s < 32) return `{ const a = xl[${i.rs1}]; xh[${i.rd}] = (xh[${i.rs1}] << ${s}) | (a >>> ${32 - s}); xl[${i.rd}] = a << ${s}; }`;
    return `xh[${i.rd}] = xl[${i.rs1}] << ${s - 32}; xl[${i.rd}] = 0;`;
  }],
  [I.SRLI, (i) => {
    const s = i.imm & 63;
    if (s === 0) return `xl[${i.rd}] = xl[${i.rs1}]; xh[${i.rd}] = xh[${i.rs1}];`;
    if (s < 32) return `{ const c = xh[${i.rs1}]; xl[${i.rd}] = (xl[${i.rs1}] >>> ${s}) | (c << ${32 - s}); xh[${i.rd}] = c >>> ${s}; }`;
    return `xl[${i.rd}] = xh[${i.rs1}] >>> ${s - 32}; xh[${i.rd}] = 0;`;
  }],
  [I.SRAI, (i) => {
    const s = i.imm & 63;
    if (s === 0) return `xl[${i.rd}] = xl[${i.rs1}]; xh[${i.rd}] = xh[${i.rs1}];`;
    if (s < 32) return `{ const c = xh[${i.rs1}]; xl[${i.rd}] = (xl[${i.rs1}] >>> ${s}) | (c << ${32 - s}); xh[${i.rd}] = c >> ${s}; }`;
    return `{ const c = xh[${i.rs1}]; xl[${i.rd}] = c >> ${s - 32}; xh[${i.rd}] = c >> 31; }`;
  }],
  [I.SLTU, (i) => `{ const a = xh[${i.rs1}] >>> 0, c = xh[${i.rs2}] >>> 0; xl[${i.rd}] = a < c || (a === c && (xl[${i.rs1}] >>> 0) < (xl[${i.rs2}] >>> 0)) ? 1 : 0; xh[${i.rd}] = 0; }`],
  [I.SLT, (i) => `{ const a = xh[${i.rs1}], c = xh[${i.rs2}]; xl[${i.rd}] = a < c || (a === c && (xl[${i.rs1}] >>> 0) < (xl[${i.rs2}] >>> 0)) ? 1 : 0; xh[${i.rd}] = 0; }`],
]);

/** Loads and stores: inline address arithmetic, the hart's TLB fast path for the access. */
const MEMORY = new Map<Handler, Emit>([
  [I.LD, (i) => `{ ${address(i)} const v = h.ld64(lo, hi); ${i.rd ? `xl[${i.rd}] = v; xh[${i.rd}] = h.rh;` : ''} }`],
  [I.LW, (i) => `{ ${address(i)} const v = h.ld32(lo, hi); ${i.rd ? `xl[${i.rd}] = v; xh[${i.rd}] = v >> 31;` : ''} }`],
  [I.LWU, (i) => `{ ${address(i)} const v = h.ld32(lo, hi); ${i.rd ? `xl[${i.rd}] = v; xh[${i.rd}] = 0;` : ''} }`],
  [I.LH, (i) => `{ ${address(i)} const v = (h.ld16(lo, hi) << 16) >> 16; ${i.rd ? `xl[${i.rd}] = v; xh[${i.rd}] = v >> 31;` : ''} }`],
  [I.LHU, (i) => `{ ${address(i)} const v = h.ld16(lo, hi); ${i.rd ? `xl[${i.rd}] = v; xh[${i.rd}] = 0;` : ''} }`],
  [I.LB, (i) => `{ ${address(i)} const v = (h.ld8(lo, hi) << 24) >> 24; ${i.rd ? `xl[${i.rd}] = v; xh[${i.rd}] = v >> 31;` : ''} }`],
  [I.LBU, (i) => `{ ${address(i)} const v = h.ld8(lo, hi); ${i.rd ? `xl[${i.rd}] = v; xh[${i.rd}] = 0;` : ''} }`],
  [I.SD, (i) => `{ ${address(i)} h.st64(lo, hi, xl[${i.rs2}], xh[${i.rs2}]); }`],
  [I.SW, (i) => `{ ${address(i)} h.st32(lo, hi, xl[${i.rs2}]); }`],
  [I.SH, (i) => `{ ${address(i)} h.st16(lo, hi, xl[${i.rs2}]); }`],
  [I.SB, (i) => `{ ${address(i)} h.st8(lo, hi, xl[${i.rs2}]); }`],
]);
const STORES = new Set<Handler>([I.SD, I.SW, I.SH, I.SB]);

/** Handlers that neither jump, trap, nor touch CSRs: safe to call mid-block. */
const PURE = new Set<Handler>([
  I.MUL, I.MULH, I.MULHSU, I.MULHU, I.DIV, I.DIVU, I.REM, I.REMU, I.DIVW, I.DIVUW, I.REMW, I.REMUW,
  I.SLL, I.SRL, I.SRA, I.SLLW, I.SRLW, I.SRAW, I.SLTI, I.SLTIU, I.AUIPC,
]);

const BRANCH = new Map<Handler, (a: number, b: number) => string>([
  [I.BEQ, (a, b) => `xl[${a}] === xl[${b}] && xh[${a}] === xh[${b}]`],
  [I.BNE, (a, b) => `xl[${a}] !== xl[${b}] || xh[${a}] !== xh[${b}]`],
  [I.BLT, (a, b) => `xh[${a}] < xh[${b}] || (xh[${a}] === xh[${b}] && (xl[${a}] >>> 0) < (xl[${b}] >>> 0))`],
  [I.BGE, (a, b) => `!(xh[${a}] < xh[${b}] || (xh[${a}] === xh[${b}] && (xl[${a}] >>> 0) < (xl[${b}] >>> 0)))`],
  [I.BLTU, (a, b) => `(xh[${a}] >>> 0) < (xh[${b}] >>> 0) || (xh[${a}] === xh[${b}] && (xl[${a}] >>> 0) < (xl[${b}] >>> 0))`],
  [I.BGEU, (a, b) => `!((xh[${a}] >>> 0) < (xh[${b}] >>> 0) || (xh[${a}] === xh[${b}] && (xl[${a}] >>> 0) < (xl[${b}] >>> 0)))`],
]);

/**
 * Compiles the block starting at page offset `start`; `insnAt(offset)` gives the decoded
 * instruction there, or null when it cannot be part of a block (it straddles the page end).
 */
export function compileBlock(start: number, insnAt: (offset: number) => Insn | null): CompiledBlock | null {
  const insns: Insn[] = [];
  const offsets: number[] = [];
  let off = start;
  let ended = false;
  while (insns.length < MAX_BLOCK && off < 4096) {
    const i = insnAt(off);
    if (i === null) break;
    insns.push(i);
    offsets.push(off - start);
    off += i.len;
    if (!INLINE.has(i.fn) && !MEMORY.has(i.fn) && !PURE.has(i.fn)) {
      ended = true;
      break;
    }
  }
  if (insns.length === 0) return null;
  const count = insns.length;
  const lines: string[] = ['const xl = h.xl, xh = h.xh; let n = 0;', 'for (;;) {'];
  const mark = (k: number): string => `h.pc = pc0 + ${offsets[k]}; h.blockRetired = n * ${count} + ${k};`;
  const body = ended ? count - 1 : count;
  for (let k = 0; k < body; k += 1) {
    const i = insns[k];
    const inline = INLINE.get(i.fn);
    const memory = MEMORY.get(i.fn);
    if (inline) {
      if (i.rd !== 0) lines.push(inline(i));
    } else if (memory) {
      lines.push(mark(k), memory(i));
      // A store may have reached a device that asked the loop to stop (HTIF exit, CLINT).
      if (STORES.has(i.fn)) lines.push(`if (h.exitAt === 0) { h.npc = pc0 + ${offsets[k] + i.len}; return n * ${count} + ${k + 1}; }`);
    } else {
      lines.push(`h.pc = pc0 + ${offsets[k]}; F[${k}](h, I[${k}]); xl[0] = 0; xh[0] = 0;`);
    }
  }
  const done = (k: number): string => `return n * ${count} + ${k};`;
  if (!ended) {
    lines.push(`h.npc = pc0 + ${offsets[count - 1] + insns[count - 1].len}; ${done(count)}`);
  } else {
    const k = count - 1;
    const t = insns[k];
    const at = offsets[k];
    const next = at + t.len;
    const branch = BRANCH.get(t.fn);
    if (branch) {
      const target = at + t.imm;
      if (target === 0) {
        lines.push(`if (${branch(t.rs1, t.rs2)}) { if (++n < limit) continue; h.npc = pc0; return n * ${count}; }`);
      } else {
        lines.push(`if (${branch(t.rs1, t.rs2)}) { h.npc = pc0 + ${target}; ${done(count)} }`);
      }
      lines.push(`h.npc = pc0 + ${next}; ${done(count)}`);
    } else if (t.fn === I.JAL) {
      const target = at + t.imm;
      if (t.rd !== 0) lines.push(`h.setRegNumber(${t.rd}, pc0 + ${next});`);
      if (target === 0) lines.push(`if (++n < limit) continue; h.npc = pc0; return n * ${count};`);
      else lines.push(`h.npc = pc0 + ${target}; ${done(count)}`);
    } else {
      // JALR, SYSTEM, atomics, fences, illegal: the handler does it all (and may trap).
      lines.push(`${mark(k)} h.npc = pc0 + ${next}; F[${k}](h, I[${k}]); xl[0] = 0; xh[0] = 0; ${done(count)}`);
    }
  }
  lines.push('}');
  const factory = new Function('F', 'I', `return function block(h, pc0, limit) {\n${lines.join('\n')}\n};`);
  const run = factory(insns.map((i) => i.fn), insns) as CompiledBlock['run'];
  return { count, run };
}
