// The ELF reader accepts what GNU ld produces and answers bad files with coded errors,
// never a throw.

import { describe, it, expect } from 'vitest';
import { parseElf } from '../../emulator/elf-loader.js';
import { runLinuxElf } from '../../emulator/linux-user.js';
import { runBare } from '../../emulator/bare.js';
import { assembleElf } from './helpers/cross-tools.js';
import { bareSource } from './helpers/bare-program.js';

describe('ELF loader', () => {
  const good = assembleElf(bareSource('li a0, 3\nj exit')).bytes;

  it('reads entry, PT_LOAD segments and symbols of a GNU ld executable', () => {
    const r = parseElf(good);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.entry).toBe(0x80000000n);
    expect(r.value.segments.length).toBeGreaterThan(0);
    expect(r.value.symbols.get('_start')).toBe(0x80000000n);
    expect(r.value.symbols.has('tohost')).toBe(true);
  });

  /** File offset of the first PT_LOAD program header. */
  const firstLoad = (v: DataView): number => {
    const phoff = Number(v.getBigUint64(32, true));
    for (let k = 0; k < v.getUint16(56, true); k += 1) if (v.getUint32(phoff + 56 * k, true) === 1) return phoff + 56 * k;
    return phoff;
  };

  const corrupt = (edit: (b: Uint8Array, v: DataView) => void): Uint8Array => {
    const b = good.slice();
    edit(b, new DataView(b.buffer));
    return b;
  };

  const cases: [string, Uint8Array, string][] = [
    ['an empty file', new Uint8Array(0), 'ELF_TOO_SHORT'],
    ['a text file', new TextEncoder().encode('#!/bin/sh\necho hi\n'.repeat(8)), 'ELF_BAD_MAGIC'],
    ['a 32-bit ELF', corrupt((b) => (b[4] = 1)), 'ELF_NOT_64BIT'],
    ['a big-endian ELF', corrupt((b) => (b[5] = 2)), 'ELF_NOT_LITTLE_ENDIAN'],
    ['an x86-64 ELF', corrupt((_, v) => v.setUint16(18, 62, true)), 'ELF_NOT_RISCV'],
    ['a relocatable object', corrupt((_, v) => v.setUint16(16, 1, true)), 'ELF_NOT_EXECUTABLE'],
    ['program headers past the end', corrupt((_, v) => v.setBigUint64(32, 1n << 40n, true)), 'ELF_BAD_PROGRAM_HEADERS'],
    ['a segment past the end', corrupt((_, v) => v.setBigUint64(firstLoad(v) + 32, 1n << 40n, true)), 'ELF_SEGMENT_OUTSIDE_FILE'],
    ['a truncated file', good.slice(0, 200), 'ELF_SEGMENT_OUTSIDE_FILE'],
  ];
  for (const [name, bytes, code] of cases) {
    it(`rejects ${name} with ${code}`, () => {
      const r = parseElf(bytes);
      expect(r.ok ? 'ok' : r.error.code).toBe(code);
      const linux = runLinuxElf(bytes);
      expect(linux.ok ? 'ok' : linux.error.code).toBe(code);
    });
  }

  it('rejects a bare-metal ELF without tohost, and one whose segments miss RAM', () => {
    const noTohost = runBare(assembleElf('.globl _start\n_start: j _start\n').bytes);
    expect(noTohost.ok ? 'ok' : noTohost.error.code).toBe('BARE_NO_TOHOST');
    const outside = runBare(assembleElf(bareSource('j exit'), 0x1000_0000).bytes);
    expect(outside.ok ? 'ok' : outside.error.code).toBe('ELF_SEGMENT_OUTSIDE_ADDRESS_SPACE');
  });
});
