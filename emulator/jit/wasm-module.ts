// A minimal WebAssembly binary writer (core spec 1.0 plus sign-extension ops): one module
// with one exported function, importing a memory and host functions. Used by the region
// compiler to build code at run time.

export const T = { i32: 0x7f, i64: 0x7e, f64: 0x7c } as const;
export type ValType = (typeof T)[keyof typeof T];
/** Block type of a block/loop/if with no result. */
export const VOID = 0x40;

export const Op = {
  block: 0x02, loop: 0x03, if: 0x04, else: 0x05, end: 0x0b, br: 0x0c, brIf: 0x0d, brTable: 0x0e, return: 0x0f,
  call: 0x10, drop: 0x1a, select: 0x1b,
  localGet: 0x20, localSet: 0x21, localTee: 0x22,
  i32Load: 0x28, i64Load: 0x29, i64Load8S: 0x30, i64Load8U: 0x31, i64Load16S: 0x32, i64Load16U: 0x33,
  i64Load32S: 0x34, i64Load32U: 0x35, i32Store: 0x36, i64Store: 0x37, f64Store: 0x39,
  i64Store8: 0x3c, i64Store16: 0x3d, i64Store32: 0x3e,
  i32Const: 0x41, i64Const: 0x42, f64Const: 0x44,
  i32Eqz: 0x45, i32Eq: 0x46, i32Ne: 0x47, i32GtU: 0x4b,
  i64Eqz: 0x50, i64Eq: 0x51, i64Ne: 0x52, i64LtS: 0x53, i64LtU: 0x54, i64GtS: 0x55, i64GeS: 0x59, i64GeU: 0x5a,
  i32Add: 0x6a, i32Sub: 0x6b, i32Mul: 0x6c, i32DivS: 0x6d, i32DivU: 0x6e, i32RemS: 0x6f, i32RemU: 0x70,
  i32And: 0x71, i32Or: 0x72, i32Xor: 0x73, i32Shl: 0x74, i32ShrS: 0x75, i32ShrU: 0x76,
  i64Add: 0x7c, i64Sub: 0x7d, i64Mul: 0x7e, i64DivS: 0x7f, i64DivU: 0x80, i64RemS: 0x81, i64RemU: 0x82,
  i64And: 0x83, i64Or: 0x84, i64Xor: 0x85, i64Shl: 0x86, i64ShrS: 0x87, i64ShrU: 0x88,
  f64Add: 0xa0, i32WrapI64: 0xa7, i64ExtendI32S: 0xac, i64ExtendI32U: 0xad, i64TruncF64S: 0xb0, f64ConvertI64S: 0xb9,
  i64Extend8S: 0xc2, i64Extend16S: 0xc3, i64Extend32S: 0xc4,
} as const;

/** Growing byte buffer with LEB128 helpers. */
export class Bytes {
  private buf = new Uint8Array(1024);
  length = 0;

  byte(b: number): this {
    if (this.length === this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.length++] = b;
    return this;
  }

  u32(v: number): this {
    let x = v >>> 0;
    do {
      let b = x & 0x7f;
      x >>>= 7;
      if (x !== 0) b |= 0x80;
      this.byte(b);
    } while (x !== 0);
    return this;
  }

  /** Signed LEB128 of a 32-bit integer. */
  s32(v: number): this {
    let x = v | 0;
    for (;;) {
      const b = x & 0x7f;
      x >>= 7;
      if ((x === 0 && (b & 0x40) === 0) || (x === -1 && (b & 0x40) !== 0)) return this.byte(b);
      this.byte(b | 0x80);
    }
  }

  /** Signed LEB128 of a 64-bit integer. */
  s64(v: bigint): this {
    let x = BigInt.asIntN(64, v);
    for (;;) {
      const b = Number(x & 0x7fn);
      x >>= 7n;
      if ((x === 0n && (b & 0x40) === 0) || (x === -1n && (b & 0x40) !== 0)) return this.byte(b);
      this.byte(b | 0x80);
    }
  }

  f64(v: number): this {
    const b = new Uint8Array(new Float64Array([v]).buffer);
    for (const x of b) this.byte(x);
    return this;
  }

  append(other: Bytes): this {
    for (let k = 0; k < other.length; k += 1) this.byte(other.buf[k]);
    return this;
  }

  /** A size-prefixed copy (a section or function body). */
  sized(): Bytes {
    return new Bytes().u32(this.length).append(this);
  }

  bytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

export interface FuncType {
  params: ValType[];
  results: ValType[];
}

function funcType(b: Bytes, t: FuncType): void {
  b.byte(0x60).u32(t.params.length);
  for (const p of t.params) b.byte(p);
  b.u32(t.results.length);
  for (const r of t.results) b.byte(r);
}

function name(b: Bytes, s: string): void {
  b.u32(s.length);
  for (let k = 0; k < s.length; k += 1) b.byte(s.charCodeAt(k));
}

export interface FuncBody {
  type: FuncType;
  /** Locals after the parameters. */
  locals: ValType[];
  /** The body without its final `end`. */
  body: Bytes;
}

/**
 * A module importing memory `env.mem` and functions `env.<name>` (function indices 0..n-1),
 * defining `funcs` (indices n, n+1, ...) and exporting the first as `run`.
 */
export function buildModule(imports: { name: string; type: FuncType }[], funcs: FuncBody[]): Uint8Array {
  const out = new Bytes();
  out.byte(0).byte(0x61).byte(0x73).byte(0x6d).byte(1).byte(0).byte(0).byte(0);
  const types = new Bytes().u32(imports.length + funcs.length);
  for (const i of imports) funcType(types, i.type);
  for (const f of funcs) funcType(types, f.type);
  out.byte(1).append(types.sized());
  const imp = new Bytes().u32(imports.length + 1);
  name(imp, 'env');
  name(imp, 'mem');
  imp.byte(0x02).byte(0).u32(0);
  imports.forEach((i, k) => {
    name(imp, 'env');
    name(imp, i.name);
    imp.byte(0x00).u32(k);
  });
  out.byte(2).append(imp.sized());
  const fns = new Bytes().u32(funcs.length);
  funcs.forEach((_, k) => fns.u32(imports.length + k));
  out.byte(3).append(fns.sized());
  const exp = new Bytes().u32(1);
  name(exp, 'run');
  exp.byte(0x00).u32(imports.length);
  out.byte(7).append(exp.sized());
  const code = new Bytes().u32(funcs.length);
  for (const f of funcs) {
    const fn = new Bytes();
    // Run-length groups of local types.
    const groups: [number, ValType][] = [];
    for (const l of f.locals) {
      const last = groups[groups.length - 1];
      if (last && last[1] === l) last[0] += 1;
      else groups.push([1, l]);
    }
    fn.u32(groups.length);
    for (const [n, t] of groups) fn.u32(n).byte(t);
    fn.append(f.body).byte(Op.end);
    code.append(fn.sized());
  }
  out.byte(10).append(code.sized());
  return out.bytes();
}
