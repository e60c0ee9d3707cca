// The builtin functions of the language (grammar/README.md, "Builtins"), in one table that
// the checker (check/builtins.ts: names, arity, types, where a call is allowed), the IR
// (ir/lower-builtins.ts: which lowered instructions are effects the optimiser must keep) and the
// language server (hover, completion, signature help) all read. Nothing else lists them;
// test/compiler/builtin-table-is-the-only-list.test.ts holds the TextMate grammar to it.
//
// An entry, keyed by the builtin's name:
//   params   each parameter's name and type. The type is a scalar type name (`u64`, `u8`,
//            `bool`, ...), which the checker converts the argument to (lossless only), or a
//            generic kind the checker handles itself: `printable` (print's values),
//            `integer` (hex's value), `comparable` (assert_eq's two sides).
//   variadic the last parameter repeats (print); absent: exactly `params.length` arguments.
//   result   a scalar type name, `void` (no value), or `hex` (a print argument only).
//   places   where a call is allowed: `host` (the host body), `test` (test blocks),
//            `enclave` and `server` (their functions).
//   placeHint the hint of the diagnostic for a call in a place not listed (optional).
//   purity   `pure`: the result is all it does, so an unused call may be removed and a
//            call on constants folded. `effect`: it may fault, abort, print, touch raw memory
//            or reach the monitor, so no optimisation removes, merges, duplicates or reorders
//            it, even when its result is unused (`peek64(a);`, `let _x = peek64(a);`).
//            When in doubt, `effect`: a wrongly pure builtin is a silent miscompilation.
//   doc      one line for hover and completion.
//
// Adding a builtin: add its entry here, its lowering to the `switch` in ir/lower-builtins.ts (the
// compiler refuses a builtin the switch does not handle), and its line in grammar/README.md.

export type BuiltinPlace = 'host' | 'test' | 'enclave' | 'server';
export type BuiltinScalar = 'u8' | 'u16' | 'u32' | 'u64' | 'i8' | 'i16' | 'i32' | 'i64' | 'bool';
export type BuiltinParamType = BuiltinScalar | 'printable' | 'integer' | 'comparable';

export interface BuiltinSpec {
  readonly params: readonly { readonly name: string; readonly type: BuiltinParamType }[];
  readonly variadic?: boolean;
  readonly result: BuiltinScalar | 'void' | 'hex';
  readonly places: readonly BuiltinPlace[];
  readonly placeHint?: string;
  readonly purity: 'pure' | 'effect';
  readonly doc: string;
}

const EVERYWHERE: readonly BuiltinPlace[] = ['host', 'test', 'enclave', 'server'];
const ENCLAVE_SIDE: readonly BuiltinPlace[] = ['enclave', 'server'];
const RAW_MEMORY_HINT = 'raw memory access is for code inside an enclave; the machine stops bad addresses';

export const BUILTINS = {
  print: {
    params: [{ name: 'values', type: 'printable' }],
    variadic: true,
    result: 'void',
    places: EVERYWHERE,
    purity: 'effect',
    doc: 'Prints strings, integers, booleans and `hex(x)` on one line.',
  },
  hex: {
    params: [{ name: 'value', type: 'integer' }],
    result: 'hex',
    places: EVERYWHERE,
    purity: 'pure',
    doc: 'Prints an integer in hexadecimal; only as an argument of `print`.',
  },
  assert: {
    params: [{ name: 'condition', type: 'bool' }],
    result: 'void',
    places: EVERYWHERE,
    purity: 'effect',
    doc: 'Fails the test or enclave when the condition is false.',
  },
  assert_eq: {
    params: [{ name: 'left', type: 'comparable' }, { name: 'right', type: 'comparable' }],
    result: 'void',
    places: EVERYWHERE,
    purity: 'effect',
    doc: 'Fails when the two integers or booleans differ.',
  },
  peek64: {
    params: [{ name: 'address', type: 'u64' }],
    result: 'u64',
    places: ENCLAVE_SIDE,
    placeHint: RAW_MEMORY_HINT,
    purity: 'effect',
    doc: 'Reads 8 bytes of raw memory (enclaves and servers only).',
  },
  poke64: {
    params: [{ name: 'address', type: 'u64' }, { name: 'value', type: 'u64' }],
    result: 'void',
    places: ENCLAVE_SIDE,
    placeHint: RAW_MEMORY_HINT,
    purity: 'effect',
    doc: 'Writes 8 bytes of raw memory (enclaves and servers only).',
  },
  peek8: {
    params: [{ name: 'address', type: 'u64' }],
    result: 'u8',
    places: ENCLAVE_SIDE,
    placeHint: RAW_MEMORY_HINT,
    purity: 'effect',
    doc: 'Reads one byte of raw memory (enclaves and servers only).',
  },
  poke8: {
    params: [{ name: 'address', type: 'u64' }, { name: 'value', type: 'u8' }],
    result: 'void',
    places: ENCLAVE_SIDE,
    placeHint: RAW_MEMORY_HINT,
    purity: 'effect',
    doc: 'Writes one byte of raw memory (enclaves and servers only).',
  },
} as const satisfies Record<string, BuiltinSpec>;

export type BuiltinName = keyof typeof BUILTINS;

export const BUILTIN_NAMES = Object.keys(BUILTINS) as BuiltinName[];

export const isBuiltinName = (name: string): name is BuiltinName => Object.hasOwn(BUILTINS, name);

export const builtinSpec = (name: BuiltinName): BuiltinSpec => BUILTINS[name];

/** Whether a call of the builtin is an effect: kept by every optimisation whatever its result. */
export const isEffectBuiltin = (name: BuiltinName): boolean => builtinSpec(name).purity === 'effect';

/** `peek64(address: u64) -> u64`, `print(values...)`: the signature as the editor shows it. */
export function builtinParamLabels(name: BuiltinName): string[] {
  const spec = builtinSpec(name);
  return spec.params.map((p, i) => {
    if (spec.variadic && i === spec.params.length - 1) return `${p.name}...`;
    return isGeneric(p.type) ? p.name : `${p.name}: ${p.type}`;
  });
}

export function builtinLabel(name: BuiltinName): string {
  const result = builtinSpec(name).result;
  return `${name}(${builtinParamLabels(name).join(', ')})${result === 'void' || result === 'hex' ? '' : ` -> ${result}`}`;
}

const isGeneric = (type: BuiltinParamType) => type === 'printable' || type === 'integer' || type === 'comparable';
