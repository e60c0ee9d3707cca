// Materialising any 64-bit constant in a register with lui/addi(w)/slli, at most eight
// instructions. The recursive split (low 12 bits, then the shifted rest) is the standard
// RV64 method; GNU picks the same shape for most values but we only promise the value.

import type { NumericOperands } from './encode.js';

export interface MachineStep {
  readonly name: string;
  readonly ops: NumericOperands;
}

export function loadImmediateSteps(rd: number, value: bigint): MachineStep[] {
  const v = BigInt.asIntN(64, value);
  if (v >= -(1n << 31n) && v < 1n << 31n) {
    const lo = Number(BigInt.asIntN(12, v));
    const hi = Number(BigInt.asUintN(20, (v + 0x800n) >> 12n));
    if (hi === 0) return [{ name: 'addi', ops: { rd, rs1: 0, imm: lo } }];
    const steps: MachineStep[] = [{ name: 'lui', ops: { rd, imm: hi } }];
    // addiw, not addi: when rounding pushed hi to 0x80000 the 32-bit wrap restores the value.
    if (lo !== 0) steps.push({ name: 'addiw', ops: { rd, rs1: rd, imm: lo } });
    return steps;
  }
  const lo = BigInt.asIntN(12, v);
  let upper = BigInt.asIntN(64, v - lo) >> 12n;
  let shift = 12;
  while ((upper & 1n) === 0n) {
    upper >>= 1n;
    shift++;
  }
  const steps = loadImmediateSteps(rd, upper);
  steps.push({ name: 'slli', ops: { rd, rs1: rd, imm: shift } });
  if (lo !== 0n) steps.push({ name: 'addi', ops: { rd, rs1: rd, imm: Number(lo) } });
  return steps;
}
