// Seeded mutations of an ELF's program headers and entry point, and the check each mutant
// must pass: the loaders never throw, and what they accept satisfies every layout rule
// (verified here independently of elf-loader.ts). Shared by the loader test and the
// long-run fuzz target, so mutant `n` of a seed is the same in both.

import { parseElf } from '../../../emulator/elf-loader.js';
import { runLinuxElf, USER_SPACE_END } from '../../../emulator/linux-user.js';
import { runBare } from '../../../emulator/bare.js';
import { random64 } from './random64.js';
import { RAM_BASE } from '../../../emulator/machine.js';

export const PHDR_FIELD = { offset: 8, vaddr: 16, paddr: 24, filesz: 32, memsz: 40 } as const;
export type PhdrField = keyof typeof PHDR_FIELD;
export type PhdrEdit = [index: number, field: PhdrField, value: bigint];

/** Program-header indices of the PT_LOAD entries. */
export function loadHeaders(bytes: Uint8Array): number[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset);
  const phoff = Number(v.getBigUint64(32, true));
  const out: number[] = [];
  for (let k = 0; k < v.getUint16(56, true); k += 1) if (v.getUint32(phoff + 56 * k, true) === 1) out.push(k);
  return out;
}

export function phdrField(bytes: Uint8Array, k: number, name: PhdrField): bigint {
  const v = new DataView(bytes.buffer, bytes.byteOffset);
  return v.getBigUint64(Number(v.getBigUint64(32, true)) + 56 * k + PHDR_FIELD[name], true);
}

export function withEdits(base: Uint8Array, edits: PhdrEdit[], entry?: bigint): Uint8Array {
  const b = base.slice();
  const v = new DataView(b.buffer);
  const phoff = Number(v.getBigUint64(32, true));
  for (const [k, field, value] of edits) v.setBigUint64(phoff + 56 * k + PHDR_FIELD[field], value, true);
  if (entry !== undefined) v.setBigUint64(24, entry, true);
  return b;
}

export interface ElfMutant {
  bytes: Uint8Array;
  description: string;
}

/** Mutant `index` of `seed`: 1-3 program header fields of the PT_LOADs and sometimes the entry. */
export function elfMutant(base: Uint8Array, seed: number, index: number): ElfMutant {
  const next = random64(BigInt(seed) * 0x1_0000_0001n + BigInt(index) * 0x9e37_79b9n + 1n);
  const loads = loadHeaders(base);
  const fields = Object.keys(PHDR_FIELD) as PhdrField[];
  const interesting = (old: bigint): bigint => {
    switch (Number(next() % 8n)) {
      case 0: return next();
      case 1: return old + (next() % 64n) - 32n;
      case 2: return old ^ (1n << (next() % 64n));
      case 3: return old + 4096n * (next() % 8n);
      case 4: return next() % 0x4000n;
      case 5: return 1n << (next() % 64n);
      case 6: return USER_SPACE_END - (next() % 0x10000n);
      default: return 0n;
    }
  };
  const edits: PhdrEdit[] = [];
  const count = 1 + Number(next() % 3n);
  for (let e = 0; e < count; e += 1) {
    const k = loads[Number(next() % BigInt(loads.length))];
    const f = fields[Number(next() % BigInt(fields.length))];
    edits.push([k, f, BigInt.asUintN(64, interesting(phdrField(base, k, f)))]);
  }
  const oldEntry = new DataView(base.buffer, base.byteOffset).getBigUint64(24, true);
  const entry = next() % 4n === 0n ? BigInt.asUintN(64, interesting(oldEntry)) : undefined;
  const description = `${edits.map(([k, f, v]) => `ph${k}.${f}=0x${v.toString(16)}`).join(' ')}${entry === undefined ? '' : ` entry=0x${entry.toString(16)}`}`;
  return { bytes: withEdits(base, edits, entry), description };
}

const MUTANT_RAM = 4 << 20;

/** What any accepted Linux image must satisfy; undefined when it does. */
function linuxLayoutViolation(bytes: Uint8Array): string | undefined {
  const parsed = parseElf(bytes);
  if (!parsed.ok) return `loaded, but parseElf refuses it: ${parsed.error.message}`;
  const elf = parsed.value;
  if (elf.entry & 1n) return 'loaded with an odd entry point';
  const placed = elf.segments.filter((s) => s.memSize > 0);
  for (const s of placed) {
    if (s.vaddr + BigInt(s.memSize) > USER_SPACE_END) return `loaded a segment at 0x${s.vaddr.toString(16)} past the user address space`;
    if ((BigInt(s.fileOffset) - s.vaddr) % 4096n !== 0n) return `loaded a segment whose offset and address differ modulo 4096`;
  }
  for (let a = 0; a < placed.length; a += 1) {
    for (let b = a + 1; b < placed.length; b += 1) {
      const [x, y] = [placed[a], placed[b]];
      if (x.vaddr < y.vaddr + BigInt(y.memSize) && y.vaddr < x.vaddr + BigInt(x.memSize)) return 'loaded overlapping segments';
    }
  }
  return undefined;
}

/**
 * Runs a mutant through both loaders (and a few thousand instructions); returns the Linux
 * loader's verdict (`loaded` or its error code) and what went wrong, if anything.
 */
export function checkElfMutant(bytes: Uint8Array): { verdict: string; failure?: string } {
  const linux = runLinuxElf(bytes, { maxInstructions: 2000, ramSize: MUTANT_RAM });
  const verdict = linux.ok ? 'loaded' : linux.error.code;
  if (linux.ok) {
    const violation = linuxLayoutViolation(bytes);
    if (violation) return { verdict, failure: violation };
  } else if (linux.error.message.length < 10) return { verdict, failure: `a refusal without an explanation: ${linux.error.message}` };
  const bare = runBare(bytes, { maxInstructions: 2000, ramSize: MUTANT_RAM });
  if (bare.ok) {
    const parsed = parseElf(bytes);
    for (const s of parsed.ok ? parsed.value.segments.filter((x) => x.memSize > 0) : []) {
      if (s.paddr < BigInt(RAM_BASE) || s.paddr + BigInt(s.memSize) > BigInt(RAM_BASE + MUTANT_RAM)) return { verdict, failure: 'bare-metal loaded a segment outside RAM' };
    }
  }
  return { verdict };
}
