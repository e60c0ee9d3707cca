// Type values and the rules between them (grammar/README.md, "Types and semantics"): which
// integer conversions are implicit (lossless only), which values fit which integer type, and
// structural equality for the copy-assignment of arrays and structs.
import type { IntName, Type } from './model.js';

const INT_NAMES: readonly IntName[] = ['u8', 'u16', 'u32', 'u64', 'i8', 'i16', 'i32', 'i64'];

const intTypes = new Map<IntName, Type & { kind: 'int' }>(
  INT_NAMES.map((name) => [
    name,
    { kind: 'int', name, signed: name.startsWith('i'), bits: Number(name.slice(1)) as 8 | 16 | 32 | 64 },
  ]),
);

export const intType = (name: IntName): Type & { kind: 'int' } => intTypes.get(name)!;
export const isIntName = (name: string): name is IntName => intTypes.has(name as IntName);

export const I64 = intType('i64');
export const U64 = intType('u64');
export const U8 = intType('u8');
export const BOOL: Type = { kind: 'bool' };
export const VOID: Type = { kind: 'void' };
export const STRING: Type = { kind: 'string' };
export const HEX: Type = { kind: 'hex' };
export const ERROR: Type = { kind: 'error' };

export const isError = (t: Type) => t.kind === 'error';
export const isInt = (t: Type): t is Type & { kind: 'int' } => t.kind === 'int';
/** Scalars pass by value and may be returned: integers and bool (handles are values too). */
export const isScalar = (t: Type) => t.kind === 'int' || t.kind === 'bool';
/** Arrays and structs: passed by reference with a direction, assigned by copy. */
export const isAggregate = (t: Type) => t.kind === 'array' || t.kind === 'struct';

const ranges = new Map<IntName, { min: bigint; max: bigint }>(
  INT_NAMES.map((name) => {
    const bits = BigInt(name.slice(1));
    const range = name.startsWith('i')
      ? { min: -(1n << (bits - 1n)), max: (1n << (bits - 1n)) - 1n }
      : { min: 0n, max: (1n << bits) - 1n };
    return [name, range];
  }),
);

export function intRange(t: Type & { kind: 'int' }): { min: bigint; max: bigint } {
  return ranges.get(t.name)!;
}

export const fitsIn = (value: bigint, t: Type & { kind: 'int' }) => {
  const { min, max } = intRange(t);
  return value >= min && value <= max;
};

/** Two's-complement wrap of a value to the width of `t` (integers wrap, README "Types"). */
export function wrapTo(value: bigint, t: Type & { kind: 'int' }): bigint {
  return t.signed ? BigInt.asIntN(t.bits, value) : BigInt.asUintN(t.bits, value);
}

/** The type a literal takes with no context: i64, or u64 above i64's maximum. */
export function defaultLiteralType(value: bigint): Type & { kind: 'int' } {
  return value > intRange(I64).max ? U64 : I64;
}

/** Lossless implicit widening: uN→uM, uN→iM and iN→iM for M > N. */
export function widensTo(from: Type & { kind: 'int' }, to: Type & { kind: 'int' }): boolean {
  if (to.bits <= from.bits) return false;
  return !from.signed || to.signed;
}

export function sameType(a: Type, b: Type): boolean {
  if (a === b) return true;
  switch (a.kind) {
    case 'int':
      return b.kind === 'int' && a.name === b.name;
    case 'array':
      return b.kind === 'array' && a.length === b.length && sameType(a.element, b.element);
    case 'struct':
      return b.kind === 'struct' && a.struct === b.struct;
    case 'handle':
      return b.kind === 'handle' && a.handleKind === b.handleKind && a.section === b.section;
    default:
      return a.kind === b.kind;
  }
}

/** The type both integer operands convert to losslessly, if any. */
export function commonIntType(a: Type & { kind: 'int' }, b: Type & { kind: 'int' }): (Type & { kind: 'int' }) | undefined {
  if (a.name === b.name) return a;
  if (widensTo(a, b)) return b;
  if (widensTo(b, a)) return a;
  return undefined;
}

/** "a `u64`", "an `i64`": type names in messages read as English. */
export const withArticle = (text: string) => `${/^[aeioAEIO]/.test(text) ? 'an' : 'a'} \`${text}\``;
