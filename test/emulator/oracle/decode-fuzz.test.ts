// Robustness of decode and execute: every 16-bit parcel and 200k seeded 32-bit words run in
// U-mode and M-mode through the machine API, and each must trap with a defined cause or
// retire (or wait, for wfi): never a JavaScript exception, never a hang; with the FPU on,
// a further 50k words on the F/D opcodes exercise that decoder. The "illegal or not"
// decision is then compared with GNU objdump for the same ISA string.

import { describe, it, expect } from 'vitest';
import { DecodeProbe, type ProbeOutcome } from './support/decode-probe.js';
import { objdumpVerdicts } from './support/objdump-legality.js';
import { Rng } from './support/random-program.js';
import type { Priv } from '../../../emulator/machine.js';
import { decodeFloatForm } from '../../../runtime/riscv/float-opcodes.js';
import { Opcode } from '../../../runtime/riscv/opcodes.js';

const ILLEGAL = 2;
const SAMPLE_SEED = 0x5eed;
const SAMPLE_SIZE = 200_000;
const hex = (w: number, digits: number): string => `0x${(w >>> 0).toString(16).padStart(digits, '0')}`;

/** 32-bit encodings only (low bits 11, and not the 48/64-bit prefix xxx11111). */
function sampleWords(count: number, seed: number): number[] {
  const rng = new Rng(seed);
  const words: number[] = [];
  while (words.length < count) {
    const w = rng.next32() | 3;
    if ((w & 0x1f) !== 0x1f) words.push(w >>> 0);
  }
  return words;
}

function isIllegal(o: ProbeOutcome | undefined): boolean {
  return o?.kind === 'trap' && o.cause === ILLEGAL;
}

interface Sweep {
  broken: string[];
  outcomes: Map<number, ProbeOutcome>;
}

function sweep(words: number[], length: 2 | 4, priv: Priv): Sweep {
  const probe = new DecodeProbe();
  const broken: string[] = [];
  const outcomes = new Map<number, ProbeOutcome>();
  for (const w of words) {
    const o = probe.run(w, length, priv);
    outcomes.set(w, o);
    if (o.kind === 'broken' && broken.length < 20) broken.push(`${hex(w, length * 2)} priv ${priv}: ${o.detail}`);
  }
  return { broken, outcomes };
}

/** The F/D major opcodes: random words rarely land on them, so they get a sample of their own. */
const FLOAT_OPCODES = [Opcode.LOAD_FP, Opcode.STORE_FP, Opcode.MADD, Opcode.MSUB, Opcode.NMSUB, Opcode.NMADD, Opcode.OP_FP, Opcode.OP_FP];
const FLOAT_SAMPLE_SIZE = 50_000;
function sampleFloatWords(count: number, seed: number): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => ((rng.next32() & ~0x7f) | FLOAT_OPCODES[rng.next32() & 7]!) >>> 0);
}

const parcels = Array.from({ length: 0x10000 }, (_, k) => k);
const words = [...sampleWords(SAMPLE_SIZE, SAMPLE_SEED), ...sampleFloatWords(FLOAT_SAMPLE_SIZE, SAMPLE_SEED + 1)];
const sweeps = new Map<string, Sweep>();
function cached(name: string, ws: number[], length: 2 | 4, priv: Priv): Sweep {
  let s = sweeps.get(name);
  if (!s) sweeps.set(name, (s = sweep(ws, length, priv)));
  return s;
}

/** Words whose legality depends on machine state, not on decoding: CSR instructions on CSRs we do not implement. */
function isCsrAccess(word: number): boolean {
  return (word & 0x7f) === 0x73 && ((word >>> 12) & 7) !== 0 && ((word >>> 12) & 7) !== 4;
}

/**
 * Encodings where the spec, not objdump, decides: FENCE and FENCE.I with non-zero reserved
 * fields must execute ("base implementations shall ignore these fields", unprivileged spec
 * §2.7 and ch. 3), and C.ADDI16SP with a zero immediate is reserved (§16.5) though objdump
 * prints it. A float instruction with the reserved rounding modes 5 or 6 is illegal (§11.2);
 * objdump prints it with rounding mode `unknown`. The exact conversions fcvt.d.w, fcvt.d.wu
 * and fcvt.d.s have an rm field like every other conversion (table 24.2), which qemu
 * honours; objdump knows them only with rm = 0.
 */
function specOverridesObjdump(word: number, length: 2 | 4): boolean {
  if (length === 2) return (word & 0xef83) === 0x6101;
  const rm = (word >>> 12) & 7;
  const form = decodeFloatForm(word);
  if (form?.rounding && (rm === 5 || rm === 6)) return true;
  if (form && ['fcvt.d.w', 'fcvt.d.wu', 'fcvt.d.s'].includes(form.name)) return true;
  return (word & 0x7f) === 0x0f && rm <= 1;
}

function legalityMismatches(ws: number[], length: 2 | 4, outcomes: Map<number, ProbeOutcome>): string[] {
  const verdicts = objdumpVerdicts(ws, length);
  const out: string[] = [];
  ws.forEach((w, k) => {
    if (specOverridesObjdump(w, length)) return;
    const o = outcomes.get(w)!;
    const oursIllegal = o.kind === 'trap' && o.cause === ILLEGAL;
    if (oursIllegal === !verdicts[k].legal) return;
    out.push(`${hex(w, length * 2)}: objdump \`${verdicts[k].text}\`, ours ${o.kind === 'trap' ? `trap ${o.cause}` : o.kind}`);
  });
  return out;
}

describe('every instruction word traps or executes, never crashes', () => {
  it('all 65536 16-bit parcels in U-mode', () => {
    expect(cached('c-u', parcels, 2, 0).broken).toEqual([]);
  });

  it('all 65536 16-bit parcels in M-mode', () => {
    expect(cached('c-m', parcels, 2, 3).broken).toEqual([]);
  });

  it(`${SAMPLE_SIZE} seeded 32-bit words and ${FLOAT_SAMPLE_SIZE} F/D words in U-mode`, () => {
    expect(cached('w-u', words, 4, 0).broken).toEqual([]);
  }, 240_000);

  it(`${SAMPLE_SIZE} seeded 32-bit words and ${FLOAT_SAMPLE_SIZE} F/D words in M-mode`, () => {
    expect(cached('w-m', words, 4, 3).broken).toEqual([]);
  }, 240_000);
});

describe('privilege changes legality only for SYSTEM instructions', () => {
  it('outside the SYSTEM opcode, a 32-bit word is illegal in U-mode exactly when it is in M-mode', () => {
    const u = cached('w-u', words, 4, 0).outcomes;
    const m = cached('w-m', words, 4, 3).outcomes;
    const differing = words.filter((w) => (w & 0x7f) !== 0x73)
      .filter((w) => isIllegal(u.get(w)) !== isIllegal(m.get(w)))
      .map((w) => hex(w, 8));
    expect(differing.slice(0, 20)).toEqual([]);
  }, 240_000);

  it('every compressed parcel is illegal in U-mode exactly when it is in M-mode', () => {
    const u = cached('c-u', parcels, 2, 0).outcomes;
    const m = cached('c-m', parcels, 2, 3).outcomes;
    expect(parcels.filter((p) => isIllegal(u.get(p)) !== isIllegal(m.get(p))).map((p) => hex(p, 4)).slice(0, 20)).toEqual([]);
  });
});

describe('the illegal-instruction decision agrees with GNU objdump (rv64imafdc_zicsr_zifencei)', () => {
  it('for every compressed parcel, in M-mode', () => {
    const compressed = parcels.filter((p) => (p & 3) !== 3);
    const s = cached('c-m', parcels, 2, 3);
    expect(legalityMismatches(compressed, 2, s.outcomes)).toEqual([]);
  });

  it(`for the ${SAMPLE_SIZE} sampled 32-bit words and ${FLOAT_SAMPLE_SIZE} F/D words (CSR accesses excluded), in M-mode`, () => {
    const s = cached('w-m', words, 4, 3);
    expect(legalityMismatches(words.filter((w) => !isCsrAccess(w)), 4, s.outcomes).slice(0, 40)).toEqual([]);
  }, 240_000);
});
