// Runs batches of random cases as one ELF under qemu-riscv64 and under our machine, finds
// the first case whose dump differs, and shrinks it to a minimal reproducer by dropping
// units while the disagreement persists (delta debugging, one unit at a time).

import { buildLinuxElf, runQemu, runOurs, workDir } from './toolchain.js';
import { buildStateProgram, splitDumps, describeDump } from './state-program.js';
import type { RandomCase } from './random-program.js';

export interface Disagreement {
  /** Index of the case within its batch. */
  index: number;
  randomCase: RandomCase;
  qemu: string;
  ours: string;
}

export interface BatchOutcome {
  /** Cases whose dumps were identical before the first disagreement (all of them if none). */
  agreed: number;
  /** Instructions our machine retired in each tier (interpreter = the rest). */
  instret: number;
  blockInsns: number;
  regionInsns: number;
  disagreement: Disagreement | null;
}

export function runBatch(cases: RandomCase[], dir = workDir()): BatchOutcome {
  const elf = buildLinuxElf(buildStateProgram(cases), dir);
  const qemu = runQemu(elf.path);
  const ours = runOurs(elf.bytes);
  const q = splitDumps(qemu.stdout);
  const o = splitDumps(ours.stdout);
  const tiers = { instret: ours.instret ?? 0, blockInsns: ours.tiers?.blockInsns ?? 0, regionInsns: ours.tiers?.regionInsns ?? 0 };
  for (let k = 0; k < cases.length; k += 1) {
    if (q[k] === undefined) throw new Error(`qemu-riscv64 stopped before case ${k} (exit ${qemu.exitCode}); the generator made an invalid program`);
    if (o[k] !== q[k]) {
      const fault = o[k] === undefined ? `\n(our machine stopped: exit ${ours.exitCode}, ${ours.reason})` : '';
      return { ...tiers, agreed: k, disagreement: { index: k, randomCase: cases[k], qemu: q[k], ours: (o[k] ?? '') + fault } };
    }
  }
  if (ours.exitCode !== qemu.exitCode) throw new Error(`exit status differs: ours ${ours.exitCode}, qemu ${qemu.exitCode}`);
  return { ...tiers, agreed: cases.length, disagreement: null };
}

function withUnits(c: RandomCase, units: string[]): RandomCase {
  return { ...c, units, body: units.join('\n') };
}

function disagrees(c: RandomCase, dir: string): boolean {
  return runBatch([c], dir).disagreement !== null;
}

/** Drops units (and then register seeds are kept as they are) while the disagreement remains. */
export function shrink(c: RandomCase, dir = workDir()): RandomCase {
  let current = c;
  let changed = true;
  while (changed) {
    changed = false;
    for (let k = current.units.length - 1; k >= 0; k -= 1) {
      const candidate = withUnits(current, current.units.filter((_, j) => j !== k));
      if (disagrees(candidate, dir)) {
        current = candidate;
        changed = true;
      }
    }
  }
  return current;
}

/** The differing lines of two dumps, named. */
export function diffDumps(qemu: string, ours: string): string {
  if (!ours.startsWith('0') && !/^[0-9a-f]{16}\n/.test(ours)) return `ours: ${ours.trim()}\nqemu:\n${describeDump(qemu)}`;
  const q = describeDump(qemu).split('\n');
  const o = describeDump(ours).split('\n');
  const lines: string[] = [];
  for (let k = 0; k < Math.max(q.length, o.length); k += 1) {
    if (q[k] !== o[k]) lines.push(`qemu ${q[k] ?? '(missing)'}\nours ${o[k] ?? '(missing)'}`);
  }
  return lines.join('\n');
}

/** A stand-alone program for the case: the initial state, the body, and the dump. */
export function reproducer(c: RandomCase): string {
  return buildStateProgram([c]);
}

/** The failure message for a batch with a disagreement: the diff, the shrunk body and a reproducer. */
export function disagreementReport(outcome: BatchOutcome, firstCase: number): string | null {
  const d = outcome.disagreement;
  if (!d) return null;
  const small = shrink(d.randomCase);
  return `case ${firstCase + d.index} disagrees:\n${diffDumps(d.qemu, d.ours)}\n` +
    `minimal body:\n${small.body}\n\nreproducer program:\n${reproducer(small).split('\n').filter((l) => !l.startsWith('  .dword')).slice(0, 80).join('\n')}`;
}
