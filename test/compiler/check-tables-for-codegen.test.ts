// The tables code generation reads: types after literal typing, implicit widenings, resolved
// names and calls, folded constants, struct layouts, interface indices and digests.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type * as ast from '../../grammar/ast.js';
import { typeToString, type CheckedProgram } from '../../compiler/check/index.js';
import { check, designExample } from './check-harness.js';

/** The statements of the first function of the first section. */
function firstBody(result: CheckedProgram): ast.Stmt[] {
  return result.sections[0].functions[0].decl.body!.statements;
}

function initOf(stmt: ast.Stmt): ast.Expr {
  if (stmt.kind !== 'LetStmt') throw new Error(`expected a let, found ${stmt.kind}`);
  return stmt.init;
}

describe('checker tables', () => {
  it('types a literal by the operand it meets and records the widening of the narrower side', () => {
    const result = check('enclave E { fn main() -> i64 { let a: u8 = 7; let b: u32 = 9; let c = a + 1; let d = c + b; return d as i64; } }');
    expect(result.diagnostics).toEqual([]);
    const body = firstBody(result);
    const c = initOf(body[2]) as ast.BinaryExpr;
    expect(typeToString(result.types.get(c)!)).toBe('u8');
    expect(typeToString(result.types.get(c.right)!)).toBe('u8');
    const d = initOf(body[3]) as ast.BinaryExpr;
    expect(typeToString(result.types.get(d)!)).toBe('u32');
    expect(typeToString(result.coercions.get(d.left)!)).toBe('u32');
    expect(result.coercions.has(d.right)).toBe(false);
  });

  it('gives an uncontexted literal i64, or u64 above i64 max', () => {
    const result = check('enclave E { fn main() -> i64 { let a = 5; let b = 0xffff_ffff_ffff_ffff; print(a, b); return 0; } }');
    const body = firstBody(result);
    expect(typeToString(result.types.get(initOf(body[0]))!)).toBe('i64');
    expect(typeToString(result.types.get(initOf(body[1]))!)).toBe('u64');
  });

  it('folds constant expressions with wrap-around at the type width', () => {
    const result = check('const N: u8 = 200; const M: u8 = N + 100; const K = -(1 << 3); enclave E { fn main() -> i64 { return K; } }');
    expect(result.diagnostics).toEqual([]);
    const values = result.programs[0].items
      .filter((i): i is ast.ConstDecl => i.kind === 'ConstDecl')
      .map((c) => result.constants.get(c.value));
    expect(values).toEqual([200n, 44n, -8n]);
  });

  it('resolves names to locals, parameters, globals and constants', () => {
    const result = check('server S "s" { var g: u64; const C: u64 = 3; fn f(p: u64) -> u64 { let l = p + g + C; return l; } }');
    expect(result.diagnostics).toEqual([]);
    const kinds = [...result.bindings.entries()]
      .filter(([node]) => node.kind === 'NameExpr')
      .map(([node, binding]) => `${(node as ast.NameExpr).name}:${binding.kind}`);
    expect(kinds).toEqual(['p:param', 'g:global', 'C:const', 'l:local']);
  });

  it('records local, builtin and server calls', () => {
    const result = check(designExample);
    const calls = [...result.calls.values()].map((t) => (t.kind === 'builtin' ? `builtin ${t.name}` : `${t.kind} ${t.fn.section.name}.${t.fn.name}`));
    expect(calls).toEqual(['builtin print', 'server-call Adder.fill', 'server-call Relay.fill', 'builtin print', 'builtin print']);
  });

  it('lays structs out like C, with natural alignment', () => {
    const result = check('struct P { a: u8, b: u64, c: u16 } struct Q { p: P, d: u8[3] }');
    expect(result.structs.map((s) => [s.name, s.size, s.align, s.fields.map((f) => `${f.name}@${f.offset}`).join(' ')])).toEqual([
      ['P', 24, 8, 'a@0 b@8 c@16'],
      ['Q', 32, 8, 'p@0 d@24'],
    ]);
  });

  it('numbers the public functions of a server and digests their canonical text', () => {
    const result = check('server S "s" { fn a(x: u64) {} private fn h() {} fn b(v: inout u32[4]) -> bool { return true; } }');
    const server = result.sections[0];
    expect(server.functions.map((f) => `${f.name}:${f.interfaceIndex}`)).toEqual(['a:0', 'h:-1', 'b:1']);
    expect(server.interfaceText).toBe('penglai-interface 1\nfn 0 a(u64)\nfn 1 b(inout u32[4]) -> bool\n');
    const expected = createHash('sha256').update(server.interfaceText!).digest();
    expect(Buffer.from(server.interfaceDigest!)).toEqual(expected);
  });

  it('records each local under its declaring statement, immutable for let and for', () => {
    const result = check('enclave E { fn main() -> i64 { var t: i64 = 0; for i in 0..4 { t += i; } let r = t; return r; } }');
    expect([...result.locals.values()].map((l) => `${l.name}:${typeToString(l.type)}:${l.mutable ? 'var' : 'let'}`)).toEqual([
      't:i64:var',
      'i:i64:let',
      'r:i64:let',
    ]);
  });

  it('keeps global initial values, and none for a global without one', () => {
    const result = check('server S "s" { var a: u32[3] = [1, 2, 3]; let b: bool = true; var c: u64; }');
    expect(result.sections[0].globals.map((g) => [g.name, g.mutable, g.initial])).toEqual([
      ['a', true, [1n, 2n, 3n]],
      ['b', false, true],
      ['c', true, undefined],
    ]);
  });
});
