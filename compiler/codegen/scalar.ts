// How scalar values live in 64-bit registers: always normalised to their type, so an
// unsigned value is zero-extended and a signed one sign-extended. Widening is then free,
// and every arithmetic result is renormalised, which gives wrap-around at the type's
// width (the language's integer semantics).
import type { Type } from '../check/model.js';

export function normalize(type: Type | undefined, reg = 'a0'): string[] {
  if (!type) return [];
  if (type.kind === 'bool') return [`andi ${reg}, ${reg}, 1`];
  if (type.kind !== 'int' || type.bits === 64) return [];
  if (type.bits === 32) return type.signed ? [`sext.w ${reg}, ${reg}`] : [`slli ${reg}, ${reg}, 32`, `srli ${reg}, ${reg}, 32`];
  if (type.bits === 8 && !type.signed) return [`andi ${reg}, ${reg}, 255`];
  const shift = 64 - type.bits;
  return [`slli ${reg}, ${reg}, ${shift}`, `${type.signed ? 'srai' : 'srli'} ${reg}, ${reg}, ${shift}`];
}

export function isSigned(type: Type | undefined): boolean {
  return type?.kind === 'int' && type.signed;
}

/** The load instruction for a scalar of this type in memory. */
export function loadOp(type: Type): string {
  if (type.kind === 'bool') return 'lbu';
  if (type.kind === 'int') {
    switch (type.bits) {
      case 8:
        return type.signed ? 'lb' : 'lbu';
      case 16:
        return type.signed ? 'lh' : 'lhu';
      case 32:
        return type.signed ? 'lw' : 'lwu';
      default:
        return 'ld';
    }
  }
  return 'ld';
}

export function storeOp(type: Type): string {
  if (type.kind === 'bool') return 'sb';
  if (type.kind === 'int') return ({ 8: 'sb', 16: 'sh', 32: 'sw', 64: 'sd' } as const)[type.bits];
  return 'sd';
}

export function isAggregate(type: Type | undefined): boolean {
  return type?.kind === 'array' || type?.kind === 'struct';
}

/** A literal's value as the signed 64-bit number `li` takes, after wrapping to its type. */
export function immediate(value: bigint, type: Type | undefined): string {
  let v = value;
  if (type?.kind === 'int') v = type.signed ? BigInt.asIntN(type.bits, v) : BigInt.asUintN(type.bits, v);
  return BigInt.asIntN(64, v).toString();
}
