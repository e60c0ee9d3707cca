// Calls (README, "Calls"): local functions, builtins, and typed server calls through a
// `server<X>` handle. Arguments follow the parameter's passing rule: scalars convert losslessly,
// arrays and structs must have the identical type, and `out`/`inout` need a mutable place.
import type * as ast from '../../grammar/ast.js';
import type { RelatedInfo } from '../../grammar/diagnostic.js';
import { builtinNames, checkBuiltin, isBuiltinName } from './builtins.js';
import { Code } from './codes.js';
import { isEnclaveSide, type BodyContext } from './context.js';
import { checkExpr, convertTo } from './expressions.js';
import type { FunctionInfo, ParamInfo, Type } from './model.js';
import { typeToString } from './model.js';
import { lookupName, useBinding } from './names.js';
import { placeOf } from './places.js';
import { closestNames, didYouMean, replacementFor } from './suggest.js';
import { ERROR, isAggregate, sameType, withArticle } from './types.js';

export function checkCall(b: BodyContext, e: ast.CallExpr, expected: Type | undefined): Type {
  const cx = b.cx;
  if (e.callee.kind !== 'NameExpr') {
    checkExpr(b, e.callee);
    for (const arg of e.args) checkExpr(b, arg);
    cx.report(Code.NotCallable, 'only functions can be called', e.callee.span, { label: 'not a function name' });
    return ERROR;
  }
  const name = e.callee.name;
  const entry = lookupName(b, name);
  if (entry && entry.binding.kind === 'function') {
    const fn = entry.binding.fn;
    cx.result.bindings.set(e.callee, useBinding(b, entry));
    cx.result.calls.set(e, { kind: 'function', fn });
    checkArguments(b, fn, e.args, e.span, false);
    return fn.returnType;
  }
  if (!entry && isBuiltinName(name)) return checkBuiltin(b, e, name, expected);
  for (const arg of e.args) checkExpr(b, arg);
  if (entry) {
    cx.result.bindings.set(e.callee, useBinding(b, entry));
    cx.report(Code.NotCallable, `\`${name}\` is not a function`, e.callee.span, {
      label: 'not a function',
    });
    return ERROR;
  }
  const elsewhere = cx.result.sections.find((s) => s !== b.section && s.functions.some((f) => f.name === name));
  const candidates = closestNames(name, [...b.scope.visibleNames(), ...builtinNames()]);
  cx.report(Code.UnknownName, `cannot find function \`${name}\` in ${b.section ? `\`${b.section.name}\`` : 'this scope'}`, e.callee.span, {
    label: 'not found',
    data: { candidates, ...replacementFor(e.callee.span, candidates) },
    hint: !elsewhere && candidates.length ? didYouMean(candidates) : elsewhere?.kind === 'server' && isEnclaveSide(b.place)
      ? `\`${name}\` belongs to server \`${elsewhere.name}\`: call it through a handle, \`let s = acquire ${elsewhere.name}; s.${name}(...)\``
      : elsewhere ? `\`${name}\` is declared in \`${elsewhere.name}\`; a section can only call its own functions` : undefined,
  });
  return ERROR;
}

export function checkMethodCall(b: BodyContext, e: ast.MethodCallExpr): Type {
  const cx = b.cx;
  const receiver = checkExpr(b, e.receiver);
  const checkArgsOnly = () => {
    for (const arg of e.args) checkExpr(b, arg);
    return ERROR;
  };
  if (receiver.kind === 'error' || !e.method) return checkArgsOnly();
  if (receiver.kind !== 'handle' || receiver.handleKind !== 'server') {
    cx.report(Code.NotAServerHandle, `\`${typeToString(receiver)}\` has no functions to call`, e.receiver.span, {
      label: `this is ${withArticle(typeToString(receiver))}`,
      hint: receiver.kind === 'handle' ? 'only servers have an interface; enclaves are run by the host' : 'functions are called through a server handle: `let s = acquire Name;`',
    });
    return checkArgsOnly();
  }
  if (!isEnclaveSide(b.place)) {
    cx.report(Code.EnclaveOnlyOperation, 'server functions can only be called from enclaves and servers', e.span, {
      label: 'not allowed in the host',
      hint: 'the host creates servers; an enclave acquires them and calls their functions',
    });
    return checkArgsOnly();
  }
  const server = receiver.section;
  const fn = server.functions.find((f) => f.name === e.method!.name);
  if (!fn) {
    const publicNames = server.functions.filter((f) => !f.isPrivate).map((f) => f.name);
    const candidates = closestNames(e.method.name, publicNames);
    cx.report(Code.UnknownServerFunction, `server \`${server.name}\` has no function \`${e.method.name}\``, e.method.span, {
      label: 'not in the interface',
      hint: didYouMean(candidates) ?? (publicNames.length ? `its interface is ${publicNames.map((n) => '`' + n + '`').join(', ')}` : `\`${server.name}\` has no public functions`),
      data: { candidates, ...replacementFor(e.method.span, candidates) },
    });
    return checkArgsOnly();
  }
  if (fn.isPrivate) {
    cx.report(Code.PrivateServerFunction, `\`${server.name}.${fn.name}\` is private`, e.method.span, {
      label: 'not in the interface',
      hint: 'only functions without `private` can be called through a handle',
      related: declaredHere(fn),
    });
    return checkArgsOnly();
  }
  cx.result.bindings.set(e.method, { kind: 'function', fn });
  cx.result.calls.set(e, { kind: 'server-call', fn });
  checkArguments(b, fn, e.args, e.span, true);
  return fn.returnType;
}

function declaredHere(fn: FunctionInfo): RelatedInfo[] {
  return [{ message: `\`${fn.name}\` is declared here`, span: fn.decl.name?.span ?? fn.decl.span }];
}

export function signatureText(fn: FunctionInfo): string {
  return '(' + fn.params.map((p) => `${p.name}: ${p.direction === 'value' ? '' : p.direction + ' '}${typeToString(p.type)}`).join(', ') + ')';
}

function checkArguments(b: BodyContext, fn: FunctionInfo, args: ast.Expr[], span: ast.Expr['span'], serverCall: boolean): void {
  const cx = b.cx;
  const qualified = serverCall ? `${fn.section.name}.${fn.name}` : fn.name;
  if (args.length !== fn.params.length) {
    for (const arg of args) checkExpr(b, arg);
    const n = fn.params.length;
    cx.report(
      serverCall ? Code.WrongServerArgumentCount : Code.WrongArgumentCount,
      `\`${qualified}\` takes ${n} argument${n === 1 ? '' : 's'} but ${args.length} ${args.length === 1 ? 'was' : 'were'} given`,
      span,
      { label: `expected ${signatureText(fn)}`, related: declaredHere(fn), data: { expected: String(n), found: String(args.length) } },
    );
    return;
  }
  fn.params.forEach((param, i) => checkArgument(b, fn, qualified, param, args[i]));
}

function checkArgument(b: BodyContext, fn: FunctionInfo, qualified: string, param: ParamInfo, arg: ast.Expr): void {
  const cx = b.cx;
  const wanted = typeToString(param.type);
  if (!isAggregate(param.type)) {
    convertTo(b, arg, param.type, (actual) =>
      cx.report(Code.ArgumentType, `mismatched types: \`${param.name}\` of \`${qualified}\` is \`${wanted}\`, found \`${typeToString(actual)}\``, arg.span, {
        label: `expected \`${wanted}\``,
        hint: actual.kind === 'int' && param.type.kind === 'int' ? `convert explicitly: \`... as ${wanted}\`` : undefined,
        related: declaredHere(fn),
      }),
    );
    return;
  }
  const actual = checkExpr(b, arg, param.type);
  if (actual.kind === 'error') return;
  if (!sameType(actual, param.type)) {
    const lengthOnly = actual.kind === 'array' && param.type.kind === 'array' && sameType(actual.element, param.type.element);
    cx.report(
      lengthOnly ? Code.ArrayLengthMismatch : Code.ArgumentType,
      lengthOnly
        ? `array length mismatch: \`${param.name}\` of \`${qualified}\` is \`${wanted}\`, found \`${typeToString(actual)}\``
        : `mismatched types: \`${param.name}\` of \`${qualified}\` is \`${wanted}\`, found \`${typeToString(actual)}\``,
      arg.span,
      {
        label: lengthOnly ? `expected ${(param.type as { length: number }).length} elements, found ${(actual as { length: number }).length}` : `expected \`${wanted}\``,
        hint: lengthOnly ? 'arrays and structs are passed with their exact type; declare the argument with the same length' : undefined,
        related: declaredHere(fn),
      },
    );
    return;
  }
  if (param.direction === 'out' || param.direction === 'inout') {
    const place = placeOf(b, arg);
    if (!place.mutable) {
      cx.report(Code.NotMutablePlace, `\`${param.name}\` is an \`${param.direction}\` parameter, so its argument must be a mutable variable`, arg.span, {
        label: place.why,
        hint: place.fix ?? 'pass a `var` (or an element or field of one)',
        related: declaredHere(fn),
      });
    }
  }
}
