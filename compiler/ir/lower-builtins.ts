// Lowering the builtins (../builtins.ts). Whether a builtin's memory accesses are effects comes
// from the table: an effect's load is marked so that no optimisation removes it, even when the
// result is unused (`peek64(a);` must still fault on a bad address). Stores and runtime calls
// are effects anyway.
import type * as ast from '../../grammar/ast.js';
import { isEffectBuiltin, type BuiltinName } from '../builtins.js';
import type { VReg } from './ir.js';
import { isSigned, type FunctionLowering } from './lower.js';
import { lowerTestProbe } from './lower-test-probes.js';

/** The code of one builtin call; its value (0 for builtins without a result). */
export function lowerBuiltin(l: FunctionLowering, name: BuiltinName, e: ast.CallExpr): VReg {
  const b = l.b;
  const effect = isEffectBuiltin(name);
  switch (name) {
    case 'print':
      print(l, e.args);
      return b.const(0);
    case 'assert':
      assertion(l, e);
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
    case 'expect_fault':
    case 'expect_output':
    case 'expect_no_output':
      lowerTestProbe(l, name, e);
      return b.const(0);
    default:
      return unhandledBuiltin(name);
  }
}

/** `assert(c)`: on failure, "error: assert failed at F:L:C: `x < 10` (x is 12, 10 is 10)": the
 *  condition as written and, for a comparison, the value of each side, evaluated once. */
function assertion(l: FunctionLowering, e: ast.CallExpr): void {
  const b = l.b;
  const condition = e.args[0];
  const source = (node: ast.Expr) => l.checked.sources?.get(node.span.file)?.slice(node.span.start, node.span.end);
  const head = `assert failed at ${l.where(e)}: \`${source(condition) ?? 'the condition'}\``;
  const comparison = condition.kind === 'BinaryExpr' && ['==', '!=', '<', '<=', '>', '>='].includes(condition.op) ? condition : undefined;
  const operandType = comparison && l.usedType(comparison.left);
  if (!comparison || (operandType?.kind !== 'int' && operandType?.kind !== 'bool')) {
    l.panicUnless(l.value(condition), head);
    return;
  }
  const left = l.value(comparison.left);
  const right = l.value(comparison.right);
  const pass = b.label('ok');
  const fail = b.label('panic');
  b.terminate({ op: 'branch', cond: l.compare(comparison.op, left, right, comparison.left)!, ifTrue: pass, ifFalse: fail });
  b.startBlock(fail);
  printText(l, `error: ${head} (${source(comparison.left) ?? '?'} is `);
  printValue(l, comparison.left, left);
  printText(l, `, ${source(comparison.right) ?? '?'} is `);
  printValue(l, comparison.right, right);
  printText(l, ')');
  b.call('__pgl_panic_end', [], 0);
  b.terminate({ op: 'unreachable' });
  b.place(pass);
}

/** `print(...)`: every argument is evaluated first, left to right, then the line is printed,
 *  so what an argument prints itself (a failed call's error, a note) comes before the line
 *  rather than in the middle of it. */
function print(l: FunctionLowering, args: readonly ast.Expr[]): void {
  bufferPrint(l, args);
  printLine(l, '');
}

/** Appends `print`'s arguments to the output buffer as `print` formats them, without the line
 *  break (`expect_output` hands the buffer to the monitor instead of printing it). */
export function bufferPrint(l: FunctionLowering, args: readonly ast.Expr[]): void {
  const b = l.b;
  const isHex = (arg: ast.Expr): arg is ast.CallExpr => {
    const target = arg.kind === 'CallExpr' ? l.checked.calls.get(arg) : undefined;
    return target?.kind === 'builtin' && target.name === 'hex';
  };
  const values = args.map((arg) => (arg.kind === 'StringLiteral' ? undefined : l.value(isHex(arg) ? arg.args[0] : arg)));
  args.forEach((arg, i) => {
    if (arg.kind === 'StringLiteral') printText(l, arg.value);
    else if (isHex(arg)) b.call('__pgl_print_hex', [values[i]!], 0);
    else printValue(l, arg, values[i]!);
  });
}

/** Ends the line with `value` and flushes it. */
export function printLine(l: FunctionLowering, value: string): void {
  printText(l, value + '\n');
  l.b.call('__pgl_print_flush', [], 0);
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
