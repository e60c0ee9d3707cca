import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../compiler/asm/index.js';
import { ourLinkedText, requireTool, writeTemp } from './asm-oracle.js';

function constants(): bigint[] {
  const fixed = [
    0n, 1n, -1n, 2047n, -2048n, 2048n, -2049n, 0xfffn, 0x1000n, 0x7ffff7ffn, 0x7ffff800n, 0x7fffffffn, -0x80000000n,
    0x80000000n, 0xffffffffn, 0x100000000n, 0x123456789abcdef0n, 0xdeadbeefcafebaben, -0x8000000000000000n,
    0x7fffffffffffffffn, 0xffffffff80000000n, 0xfffff800n, 0x800n, 0x7ff00000000n, 0x1000000000000001n, -0x123456789n,
  ];
  // A deterministic spread of values of every width.
  let seed = 0x2545f4914f6cdd1dn;
  for (let i = 0; i < 200; i++) {
    seed = BigInt.asUintN(64, seed * 6364136223846793005n + 1442695040888963407n);
    const width = BigInt(1 + (i % 64));
    fixed.push(BigInt.asIntN(64, seed >> (64n - width)));
  }
  return fixed;
}

describe('li', () => {
  const values = constants();

  it('materialises every 64-bit constant exactly, as qemu-riscv64 runs it', () => {
    const qemu = requireTool('qemu-riscv64');
    const lines = ['.text', '.globl _start', '_start:', '  la s0, table'];
    values.forEach((value, i) => lines.push(`  li a0, ${value}`, `  ld t0, ${8 * i}(s0)`, `  li a1, ${i + 1}`, '  beq a0, t0, 1f', '  j fail', '1:'));
    lines.push('  li a1, 0', 'fail:', '  mv a0, a1', '  li a7, 93', '  ecall', '.section .rodata', '.balign 8', 'table:');
    for (const value of values) lines.push(`  .dword ${value}`);
    const { elf } = ourLinkedText(lines.join('\n'), '_start');
    const run = spawnSync(qemu, [writeTemp('li.elf', elf)]);
    const failed = run.status ? `constant #${run.status - 1} (${values[run.status - 1]})` : 'none';
    expect({ status: run.status, failed }).toEqual({ status: 0, failed: 'none' });
  });

  it('never needs more than eight instructions', () => {
    const longest = Math.max(...values.map((value) => assemble(`li t3, ${value}`).object.sections[0]!.size));
    expect(longest).toBeLessThanOrEqual(32);
  });

  it('accepts unsigned spellings of negative values and rejects 65-bit ones', () => {
    expect(assemble('li a0, 0xffffffffffffffff').object.sections[0]!.bytes).toEqual(assemble('li a0, -1').object.sections[0]!.bytes);
    expect(assemble('li a0, 0x10000000000000000').errors.map((e) => [e.line, e.message])).toEqual([
      [1, 'constant 18446744073709551616 does not fit 64 bits'],
    ]);
  });
});

