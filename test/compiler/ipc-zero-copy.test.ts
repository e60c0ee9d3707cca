// Caller-side zero copy: which locals the compiler places in a transfer region, and that
// the calls sending that region copy nothing. ipc-zero-copy.pen (run in
// language-programs-run.test.ts) proves the same program still behaves like copies.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSource } from '../../compiler/check/index.js';
import { lowerSection } from '../../compiler/ir/lower-module.js';
import { printFunction } from '../../compiler/ir/print-ir.js';
import { planRegionPlacement } from '../../compiler/ir/region-placement.js';

const programs = join(import.meta.dirname, 'programs');
const samples = join(import.meta.dirname, '..', '..', 'samples');

function checked(path: string) {
  const program = checkSource(readFileSync(path, 'utf8'), 'main.pen');
  expect(program.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return program;
}

function placements(path: string, sectionName: string): string[] {
  const program = checked(path);
  const section = program.sections.find((s) => s.name === sectionName)!;
  const plan = planRegionPlacement(program, section);
  return [...plan.locals].map(([decl, p]) => `${decl.name?.name} in ${p.slot} (${p.regionSize} bytes) at ${p.offset}`);
}

function forwardedCalls(path: string, sectionName: string): string[] {
  const program = checked(path);
  const section = program.sections.find((s) => s.name === sectionName)!;
  return [...planRegionPlacement(program, section).calls]
    .filter(([, call]) => call.kind === 'forward')
    .map(([e]) => `${(e.receiver as { name: string }).name}.${e.method?.name} at ${e.span.startLine}:${e.span.startCol}`);
}

function memcpyCalls(path: string, sectionName: string, fn: string): number {
  const program = checked(path);
  const section = program.sections.find((s) => s.name === sectionName)!;
  const ir = printFunction(lowerSection(program, section, []).functions.find((f) => f.symbol === `f_${fn}`)!);
  return ir.split('\n').filter((line) => line.includes('call __pgl_memcpy')).length;
}

describe('caller-side zero copy', () => {
  it('places out and inout arrays that always travel together, and nothing that is also passed `in`, passed with a part of itself, or lives in a recursive function', () => {
    expect(placements(join(programs, 'ipc-zero-copy.pen'), 'Client')).toEqual([
      'secret in __pgl_placed_0 (4096 bytes) at 72',
      'a in __pgl_placed_1 (4096 bytes) at 64',
      'b in __pgl_placed_1 (4096 bytes) at 128',
      'fresh in __pgl_placed_2 (4096 bytes) at 72',
    ]);
  });

  it('the calls that send placed arrays copy nothing; the others copy in and back', () => {
    // `shared` (also passed `in`): in, in, back. `data` and `answer` (at other offsets in
    // two layouts): in and back for `data`, back for `answer`, in each of two calls (6).
    // `h` (passed with a part of itself): back for `h` and in for `h[1]`; then back for
    // `h[1]`, in and back for `h` (5).
    expect(memcpyCalls(join(programs, 'ipc-zero-copy.pen'), 'Client', 'main')).toBe(14);
  });

  it("in Penglai's IPC demo the caller's 16 KiB request and response live in the region, and the relay forwards that region: nothing is copied", () => {
    const path = join(samples, 'server-chain', 'main.pen');
    expect(placements(path, 'Caller')).toEqual([
      'nums in __pgl_placed_0 (36864 bytes) at 72',
      'reply in __pgl_placed_0 (36864 bytes) at 16456',
    ]);
    expect(memcpyCalls(path, 'Caller', 'main')).toBe(0);
    expect(forwardedCalls(path, 'Relay')).toEqual(['next.fill at 26:5']);
    expect(memcpyCalls(path, 'Relay', 'fill')).toBe(0);
  });

  it('a server forwards the region it was called with only when its own arrays go on whole, at the same places', () => {
    const path = join(programs, 'ipc-zero-copy.pen');
    expect(forwardedCalls(path, 'Front')).toEqual(['back.work at 55:16']);
    expect(memcpyCalls(path, 'Front', 'work')).toBe(0);
    expect(memcpyCalls(path, 'Front', 'swapped')).toBe(3);
  });

  it('servers and hosts place nothing they do not send', () => {
    expect(placements(join(samples, 'server-chain', 'main.pen'), 'Adder')).toEqual([]);
  });
});
