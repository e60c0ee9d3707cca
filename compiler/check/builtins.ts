// Checking calls of builtin functions (README, "Builtins") against the one table of them in
// ../builtins.ts: where a call is allowed, its arity and argument types. print, hex and
// assert_eq take generic arguments and have their own rules here. Raw memory access exists
// only inside enclaves and servers: there the machine's isolation, not the compiler, decides
// whether an address may be touched.
import type * as ast from '../../grammar/ast.js';
import { Code } from './codes.js';
import type { BodyContext, Place } from './context.js';
import { checkExpr, convertTo, isUntyped, placeName, reportMismatch } from './expressions.js';
import { builtinSpec, isBuiltinName, type BuiltinName, type BuiltinPlace, type BuiltinScalar, type BuiltinSpec } from '../builtins.js';
import type { Type } from './model.js';
import { typeToString } from './model.js';
import { BOOL, HEX, commonIntType, intType, isInt, VOID, withArticle } from './types.js';

export { isBuiltinName };

/** The checker's type for a scalar type name of the builtin table. */
function scalarType(name: BuiltinScalar | 'void' | 'hex'): Type {
  if (name === 'void') return VOID;
  if (name === 'hex') return HEX;
  if (name === 'bool') return BOOL;
  return intType(name);
}

const PLACE_NAMES: Record<BuiltinPlace, string> = { host: 'the host', test: 'tests', enclave: 'enclaves', server: 'servers' };

/** Whether the table allows the builtin in `place`; outside any body (a global's
 *  initialiser) only a builtin allowed everywhere. */
function allowedIn(spec: BuiltinSpec, place: Place): boolean {
  if (place === 'top') return (Object.keys(PLACE_NAMES) as BuiltinPlace[]).every((p) => spec.places.includes(p));
  return spec.places.includes(place);
}

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
  const spec = builtinSpec(name);
  const result = scalarType(spec.result);
  if (!allowedIn(spec, b.place)) {
    for (const arg of e.args) checkExpr(b, arg);
    const enclaveOnly = spec.places.every((p) => p === 'enclave' || p === 'server');
    const hostOnly = spec.places.every((p) => p === 'host' || p === 'test');
    const code = hostOnly ? Code.HostOnlyOperation : Code.EnclaveOnlyOperation;
    const where = enclaveOnly ? 'enclaves and servers' : hostOnly ? 'the host and tests' : spec.places.map((p) => PLACE_NAMES[p]).join(', ');
    cx.report(code, `\`${name}\` is only allowed in ${where}`, e.callee.span, {
      label: `not allowed in ${placeName(b)}`,
      hint: spec.placeHint,
    });
    return result;
  }
  if (!arity(b, e, name, spec.params.length)) return result;
  spec.params.forEach((param, i) => {
    // Generic parameters (printable, integer, comparable) have their own checks above.
    if (param.type === 'printable' || param.type === 'integer' || param.type === 'comparable') return;
    const type = scalarType(param.type);
    convertTo(b, e.args[i], type, (actual) => {
      if (type.kind === 'bool' && actual.kind !== 'bool') {
        cx.report(Code.ConditionNotBool, `\`${name}\` needs a \`bool\`, found \`${typeToString(actual)}\``, e.args[i].span, {
          label: `this is ${withArticle(typeToString(actual))}`,
          hint: isInt(actual) ? 'compare explicitly, e.g. `x != 0`' : undefined,
        });
      } else reportMismatch(b, e.args[i], type, actual);
    });
  });
  return result;
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

