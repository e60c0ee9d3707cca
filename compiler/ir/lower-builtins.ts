// Lowering the builtins (../builtins.ts). Whether a builtin's memory accesses are effects comes
// from the table: an effect's load is marked so that no optimisation removes it, even when the
// result is unused (`peek64(a);` must still fault on a bad address). Stores and runtime calls
// are effects anyway.
import type * as ast from '../../grammar/ast.js';
import { isEffectBuiltin, type BuiltinName } from '../builtins.js';
import type { VReg } from './ir.js';
import { isSigned, type FunctionLowering } from './lower.js';

/** The code of one builtin call; its value (0 for builtins without a result). */
export function lowerBuiltin(l: FunctionLowering, name: BuiltinName, e: ast.CallExpr): VReg {
  const b = l.b;
  const effect = isEffectBuiltin(name);
  switch (name) {
    case 'print':
      print(l, e.args);
      return b.const(0);
    case 'assert':
      l.panicUnless(l.value(e.args[0]), `assertion failed at ${l.where(e)}`);
      return b.const(0);
    case 'assert_eq': {
      // "error: assert_eq failed at F:L:C: left 3, right 4": both values, each printed as its type.
      const [leftArg, rightArg] = e.args;
      const left = l.value(leftArg);
      const right = l.value(rightArg);
      const pass = b.label('ok');
      const fail = b.label('panic');
      b.terminate({ op: 'branch', cond: b.bin('eq', left, right), ifTrue: pass, ifFalse: fail });
      b.startBlock(fail);
      printText(l, `error: assert_eq failed at ${l.where(e)}: left `);
      printValue(l, leftArg, left);
      printText(l, ', right ');
      printValue(l, rightArg, right);
      b.call('__pgl_panic_end', [], 0);
      b.terminate({ op: 'unreachable' });
      b.place(pass);
      return b.const(0);
    }
    case 'peek64':
      return b.load(l.value(e.args[0]), 0, 8, false, effect);
    case 'peek8':
      return b.load(l.value(e.args[0]), 0, 1, false, effect);
    case 'poke64':
    case 'poke8': {
      const addr = l.value(e.args[0]);
      b.store(addr, 0, l.value(e.args[1]), name === 'poke64' ? 8 : 1);
      return b.const(0);
    }
    case 'hex':
      l.unsupported(e, '`hex(...)` is only allowed as a print argument');
      return b.const(0);
    default:
      return unhandledBuiltin(name);
  }
}

function print(l: FunctionLowering, args: readonly ast.Expr[]): void {
  const b = l.b;
  for (const arg of args) {
    if (arg.kind === 'StringLiteral') {
      printText(l, arg.value);
      continue;
    }
    const target = arg.kind === 'CallExpr' ? l.checked.calls.get(arg) : undefined;
    if (arg.kind === 'CallExpr' && target?.kind === 'builtin' && target.name === 'hex') {
      b.call('__pgl_print_hex', [l.value(arg.args[0])], 0);
      continue;
    }
    printValue(l, arg, l.value(arg));
  }
  printText(l, '\n');
  b.call('__pgl_print_flush', [], 0);
}

/** Appends fixed text to the output buffer. */
function printText(l: FunctionLowering, value: string): void {
  if (value.length === 0) return;
  const literal = l.ctx.module.string(value);
  l.b.call('__pgl_print_bytes', [l.b.symbolAddress(literal.symbol), l.b.const(literal.length)], 0);
}

/** Appends the value of `e` (already in `value`) as its type prints: bool, signed or unsigned. */
function printValue(l: FunctionLowering, e: ast.Expr, value: VReg): void {
  const type = l.usedType(e);
  const helper = type?.kind === 'bool' ? '__pgl_print_bool' : isSigned(type) ? '__pgl_print_i64' : '__pgl_print_u64';
  l.b.call(helper, [value], 0);
}

/** A builtin in the table without a case above is a compile-time error here. */
function unhandledBuiltin(name: never): never {
  throw new Error(`builtin ${String(name)} has no lowering`);
}
