// Constants and section globals (README, "Constants and globals"). Both need values known at
// compile time: a constant because it may size an array, a global because its initial value is
// placed in the image's data. Top-level and section constants are evaluated on first use.
import type * as ast from '../../grammar/ast.js';
import { Code } from './codes.js';
import type { BodyContext } from './context.js';
import { checkExpr, convertTo } from './expressions.js';
import type { Binding, GlobalInfo, SectionInfo, Type } from './model.js';
import { resolveType } from './resolve-types.js';
import type { Scope } from './scope.js';
import { ERROR } from './types.js';

/** Declares a constant in `scope`. Block constants are evaluated at once (they follow
 *  statement order); top-level and section constants when first used or at the end. */
export function declareConst(b: BodyContext, decl: ast.ConstDecl, scope: Scope, lazy = false): void {
  const cx = b.cx;
  if (!decl.name) {
    checkExpr(b, decl.value);
    return;
  }
  const binding: Binding & { kind: 'const' } = { kind: 'const', name: decl.name.name, type: ERROR, value: 0n, decl };
  cx.result.bindings.set(decl.name, binding);
  const evaluate = () => {
    cx.pendingConsts.delete(decl);
    cx.constsInProgress.add(decl);
    const context: BodyContext = { ...b, scope, constOwner: b.place === 'top' ? decl : b.constOwner };
    const declared = decl.type ? resolveType(context, decl.type) : undefined;
    let type: Type;
    if (declared) {
      convertTo(context, decl.value, declared);
      type = declared;
    } else type = checkExpr(context, decl.value);
    cx.constsInProgress.delete(decl);
    const value = cx.result.constants.get(decl.value);
    if (type.kind === 'error') return;
    if (type.kind === 'string' || type.kind === 'hex' || type.kind === 'void' || type.kind === 'handle') {
      cx.report(Code.NotAValueType, `a constant cannot hold a \`${type.kind === 'handle' ? 'handle' : type.kind}\``, decl.value.span, {
        label: 'not a constant value',
      });
      return;
    }
    if (value === undefined && isBuildTimeConstant(context, decl.value)) {
      binding.type = type;
      binding.value = [];
      binding.buildTime = true;
      return;
    }
    if (value === undefined) {
      cx.report(Code.NotConstant, `the value of constant \`${decl.name!.name}\` must be known at compile time`, decl.value.span, {
        label: 'not a constant',
        hint: 'constants are built from literals, other constants, operators and constant indexes into constant arrays; use `let` for computed values',
      });
      return;
    }
    binding.type = type;
    binding.value = value;
  };
  const previous = scope.own(decl.name.name);
  if (previous) duplicate(b, decl.name, previous.binding);
  else scope.declare(decl.name.name, { binding, used: false });
  if (lazy) cx.pendingConsts.set(decl, evaluate);
  else evaluate();
}

/** `measurement(X)`, or the name of a constant that is one: a value only the build knows. */
function isBuildTimeConstant(b: BodyContext, e: ast.Expr): boolean {
  if (e.kind === 'CallExpr') return b.cx.result.calls.get(e)?.kind === 'builtin' && (b.cx.result.calls.get(e) as { name: string }).name === 'measurement';
  if (e.kind === 'NameExpr') {
    const binding = b.cx.result.bindings.get(e);
    return binding?.kind === 'const' && binding.buildTime === true;
  }
  return false;
}

/** A section-level `var`/`let`: a global of the enclave or server image. */
export function declareGlobal(b: BodyContext, section: SectionInfo, decl: ast.LetStmt | ast.VarStmt, scope: Scope): void {
  const cx = b.cx;
  const declared = decl.type ? resolveType(b, decl.type) : undefined;
  let type: Type = declared ?? ERROR;
  if (decl.init) {
    if (declared) convertTo(b, decl.init, declared);
    else type = checkExpr(b, decl.init);
    if (type.kind !== 'error' && !cx.result.constants.has(decl.init)) {
      cx.report(Code.GlobalNotConstant, 'the initial value of a section global must be a constant', decl.init.span, {
        label: 'not known at compile time',
        hint: 'initialise it in a function instead (globals without a value start at zero)',
      });
    }
  } else if (!declared && decl.name) {
    cx.report(Code.MissingTypeAndValue, `\`${decl.name.name}\` needs a type or an initial value`, decl.name.span, {
      label: 'type unknown',
      hint: `write \`var ${decl.name.name}: u64;\``,
    });
  }
  if (type.kind === 'string' || type.kind === 'hex' || type.kind === 'void' || type.kind === 'handle') {
    cx.report(Code.NotAValueType, `a section global cannot hold a \`${type.kind === 'handle' ? 'handle' : type.kind}\``, decl.init?.span ?? decl.span, {
      label: 'not storable in a global',
      hint: type.kind === 'handle' ? 'acquire the server inside the function that uses it' : undefined,
    });
    type = ERROR;
  }
  if (!decl.name) return;
  const global: GlobalInfo = {
    name: decl.name.name,
    type,
    mutable: decl.kind === 'VarStmt',
    decl,
    initial: decl.init ? cx.result.constants.get(decl.init) : undefined,
  };
  section.globals.push(global);
  const binding: Binding = { kind: 'global', global, section };
  cx.result.bindings.set(decl.name, binding);
  const previous = scope.own(decl.name.name);
  if (previous) duplicate(b, decl.name, previous.binding);
  else scope.declare(decl.name.name, { binding, used: false });
}

/** Two declarations of one name in the same section (or at top level). */
export function duplicate(b: BodyContext, ident: ast.Ident, previous: Binding): void {
  const where = b.section ? `\`${b.section.name}\`` : 'this program';
  const code = previous.kind === 'function' ? Code.DuplicateFunction : Code.DuplicateGlobal;
  const span = previousSpan(previous);
  b.cx.report(code, `\`${ident.name}\` is already declared in ${where}`, ident.span, {
    label: 'declared again',
    related: span ? [{ message: `\`${ident.name}\` is first declared here`, span }] : undefined,
  });
}

function previousSpan(binding: Binding): ast.Ident['span'] | undefined {
  switch (binding.kind) {
    case 'global': return binding.global.decl.name?.span;
    case 'const': return binding.decl.name?.span;
    case 'function': return binding.fn.decl.name?.span;
    case 'section': return binding.section.decl.kind === 'HostDecl' ? binding.section.decl.span : binding.section.decl.name?.span;
    case 'struct': return binding.struct.decl.name?.span;
    default: return undefined;
  }
}
