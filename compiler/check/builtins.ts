// Builtin functions (README, "Builtins"): printing, assertions, and the raw memory access that
// attack exercises use. Raw access exists only inside enclaves and servers: there the machine's
// isolation, not the compiler, decides whether an address may be touched.
import type * as ast from '../../grammar/ast.js';
import { Code } from './codes.js';
import { isEnclaveSide, type BodyContext } from './context.js';
import { checkExpr, convertTo, isUntyped, placeName, reportMismatch } from './expressions.js';
import type { BuiltinName, Type } from './model.js';
import { typeToString } from './model.js';
import { BOOL, HEX, commonIntType, isInt, U64, U8, VOID, withArticle } from './types.js';

const BUILTINS = new Set<string>(['print', 'hex', 'assert', 'assert_eq', 'peek64', 'poke64', 'peek8', 'poke8']);

export const isBuiltinName = (name: string): name is BuiltinName => BUILTINS.has(name);

/** Every builtin's name, for "did you mean" suggestions. */
export const builtinNames = (): Iterable<string> => BUILTINS;

/** Parameter types and result of the fixed-arity builtins. */
const SIGNATURES: Partial<Record<BuiltinName, { params: Type[]; result: Type; enclaveOnly?: boolean }>> = {
  assert: { params: [BOOL], result: VOID },
  peek64: { params: [U64], result: U64, enclaveOnly: true },
  poke64: { params: [U64, U64], result: VOID, enclaveOnly: true },
  peek8: { params: [U64], result: U8, enclaveOnly: true },
  poke8: { params: [U64, U8], result: VOID, enclaveOnly: true },
};

export function checkBuiltin(b: BodyContext, e: ast.CallExpr, name: BuiltinName, _expected: Type | undefined): Type {
  const cx = b.cx;
  cx.result.calls.set(e, { kind: 'builtin', name });
  if (name === 'print') {
    for (const arg of e.args) printArgument(b, arg);
    return VOID;
  }
  if (name === 'hex') {
    hexCall(b, e);
    cx.report(Code.NotPrintable, '`hex(...)` can only be used as an argument of `print`', e.span, {
      label: 'outside `print`',
      hint: 'write `print(hex(x))`',
    });
    return HEX;
  }
  if (name === 'assert_eq') {
    if (!arity(b, e, name, 2)) return VOID;
    const [a, c] = e.args;
    const leftUntyped = isUntyped(b, a);
    const right = leftUntyped ? checkExpr(b, c) : undefined;
    const left = checkExpr(b, a, right && isInt(right) ? right : undefined);
    const rightType = right ?? checkExpr(b, c, isInt(left) && isUntyped(b, c) ? left : undefined);
    if (left.kind === 'error' || rightType.kind === 'error') return VOID;
    const comparable =
      (left.kind === 'bool' && rightType.kind === 'bool') ||
      (isInt(left) && isInt(rightType) && commonIntType(left, rightType) !== undefined);
    if (!comparable) {
      cx.report(Code.MismatchedOperands, `\`assert_eq\` cannot compare \`${typeToString(left)}\` with \`${typeToString(rightType)}\``, e.span, {
        label: 'incomparable values',
        hint: isInt(left) && isInt(rightType) ? 'convert one side with `as`' : 'only integers and booleans can be compared',
      });
    } else if (isInt(left) && isInt(rightType)) {
      const common = commonIntType(left, rightType)!;
      if (common !== left) cx.result.coercions.set(a, common);
      if (common !== rightType) cx.result.coercions.set(c, common);
    }
    return VOID;
  }
  const signature = SIGNATURES[name]!;
  if (signature.enclaveOnly && !isEnclaveSide(b.place)) {
    for (const arg of e.args) checkExpr(b, arg);
    cx.report(Code.EnclaveOnlyOperation, `\`${name}\` is only allowed in enclaves and servers`, e.callee.span, {
      label: `not allowed in ${placeName(b)}`,
      hint: 'raw memory access is for code inside an enclave; the machine stops bad addresses',
    });
    return signature.result;
  }
  if (!arity(b, e, name, signature.params.length)) return signature.result;
  signature.params.forEach((type, i) => {
    convertTo(b, e.args[i], type, (actual) => {
      if (name === 'assert' && actual.kind !== 'bool') {
        cx.report(Code.ConditionNotBool, `\`assert\` needs a \`bool\`, found \`${typeToString(actual)}\``, e.args[i].span, {
          label: `this is ${withArticle(typeToString(actual))}`,
          hint: isInt(actual) ? 'compare explicitly, e.g. `x != 0`' : undefined,
        });
      } else reportMismatch(b, e.args[i], type, actual);
    });
  });
  return signature.result;
}

function arity(b: BodyContext, e: ast.CallExpr, name: string, count: number): boolean {
  if (e.args.length === count) return true;
  for (const arg of e.args) checkExpr(b, arg);
  b.cx.report(Code.WrongArgumentCount, `\`${name}\` takes ${count} argument${count === 1 ? '' : 's'} but ${e.args.length} ${e.args.length === 1 ? 'was' : 'were'} given`, e.span, {
    label: `expected ${count}`,
  });
  return false;
}

function hexCall(b: BodyContext, e: ast.CallExpr): void {
  if (!arity(b, e, 'hex', 1)) return;
  const type = checkExpr(b, e.args[0]);
  if (type.kind !== 'error' && !isInt(type)) {
    b.cx.report(Code.NotPrintable, `\`hex\` needs an integer, found \`${typeToString(type)}\``, e.args[0].span, {
      label: `this is ${withArticle(typeToString(type))}`,
    });
  }
}

function printArgument(b: BodyContext, arg: ast.Expr): void {
  const cx = b.cx;
  if (arg.kind === 'CallExpr' && arg.callee.kind === 'NameExpr' && arg.callee.name === 'hex' && !b.scope.lookup('hex')) {
    cx.result.calls.set(arg, { kind: 'builtin', name: 'hex' });
    hexCall(b, arg);
    cx.setType(arg, HEX);
    return;
  }
  const type = checkExpr(b, arg);
  if (type.kind === 'int' || type.kind === 'bool' || type.kind === 'string' || type.kind === 'error') return;
  cx.report(Code.NotPrintable, `\`print\` cannot print ${withArticle(typeToString(type))}`, arg.span, {
    label: type.kind === 'void' ? 'this gives no value' : `this is ${withArticle(typeToString(type))}`,
    hint: type.kind === 'array' ? 'print the elements one by one in a loop' : 'print takes strings, integers, booleans and `hex(x)`',
  });
}

