// Statements and blocks (README, "Statements"). Checking a statement also answers whether
// control can reach its end, which gives the missing-return error (E0501) and the
// unreachable-code warning (W0102); each block, when it closes, warns about unused locals.
import type * as ast from '../../grammar/ast.js';
import { Code } from './codes.js';
import { isHostSide, type BodyContext, type LoopState } from './context.js';
import { checkExpr, convertTo, isUntyped, placeName, reportMismatch } from './expressions.js';
import { declareConst } from './globals.js';
import type { Binding, Type } from './model.js';
import { typeToString } from './model.js';
import { placeOf } from './places.js';
import { resolveType } from './resolve-types.js';
import { Scope } from './scope.js';
import { BOOL, ERROR, I64, commonIntType, isInt, withArticle } from './types.js';

/** Checks a block in a new scope; returns whether control can fall out of its end. */
export function checkBlock(b: BodyContext, block: ast.Block, scope = new Scope(b.scope)): boolean {
  const inner = withScope(b, scope);
  const completes = checkStatements(inner, block.statements);
  warnUnused(inner);
  return completes;
}

/** The same body context with another scope (an explicit literal: cheaper than a spread, same shape). */
function withScope(b: BodyContext, scope: Scope): BodyContext {
  return { cx: b.cx, section: b.section, place: b.place, fn: b.fn, returnType: b.returnType, scope, loops: b.loops };
}

/** Checks statements in the current scope (the host body uses this directly). */
export function checkStatements(b: BodyContext, statements: readonly ast.Stmt[]): boolean {
  let completes = true;
  let warned = false;
  for (const statement of statements) {
    if (!completes && !warned && statement.kind !== 'ErrorStmt') {
      warned = true;
      const last = statements[statements.length - 1];
      const span = { ...statement.span, end: last.span.end, endLine: last.span.endLine, endCol: last.span.endCol };
      b.cx.warn(Code.UnreachableCode, 'unreachable code', span, {
        label: 'this is never executed',
        hint: 'the statement before it always leaves the block',
      });
    }
    if (!checkStatement(b, statement)) completes = false;
  }
  return completes;
}

export function warnUnused(b: BodyContext): void {
  for (const entry of b.scope.ownEntries()) {
    if (entry.used || !entry.ident || entry.ident.name.startsWith('_')) continue;
    // A variable whose type was already wrong has its diagnostic; do not add a second one.
    if (entry.binding.kind === 'local' && entry.binding.type.kind === 'error') continue;
    const name = entry.ident.name;
    // A server made by `create` and never named again still serves: removing it would change the program.
    const type = entry.binding.kind === 'local' ? entry.binding.type : undefined;
    const createdServer = isHostSide(b.place) && type?.kind === 'handle' && type.handleKind === 'server';
    b.cx.warn(Code.UnusedVariable, `unused variable \`${name}\``, entry.ident.span, {
      label: 'never read',
      hint: createdServer
        ? `the server it holds still serves its callers: name it \`_${name}\` to say so, or \`destroy ${name};\` when it is no longer needed`
        : `remove it, or name it \`_${name}\` to keep it`,
    });
  }
}

/** `if … else if … else …` as the chain it is, without recursing per `else if` (a
 *  machine-written chain can be thousands long). It completes unless every branch leaves. */
function ifChain(b: BodyContext, first: ast.IfStmt): boolean {
  let someBranchCompletes = false;
  for (let s = first; ; ) {
    condition(b, s.condition, 'if');
    if (s.then ? checkBlock(b, s.then) : true) someBranchCompletes = true;
    if (!s.else) return true;
    if (s.else.kind === 'IfStmt') {
      s = s.else;
      continue;
    }
    const elseCompletes = s.else.kind === 'Block' ? checkBlock(b, s.else) : checkStatement(b, s.else);
    return someBranchCompletes || elseCompletes;
  }
}

function checkStatement(b: BodyContext, s: ast.Stmt): boolean {
  const cx = b.cx;
  switch (s.kind) {
    case 'LetStmt':
    case 'VarStmt':
      declareLocal(b, s);
      return true;
    case 'ConstDecl':
      declareConst(b, s, b.scope);
      return true;
    case 'AssignStmt':
      assign(b, s);
      return true;
    case 'IfStmt':
      return ifChain(b, s);
    case 'WhileStmt': {
      condition(b, s.condition, 'while');
      const state = loopBody(b, s.body);
      return !(cx.result.constants.get(s.condition) === true && !state.broken);
    }
    case 'ForStmt':
      forLoop(b, s);
      return true;
    case 'BreakStmt':
    case 'ContinueStmt': {
      const stack = b.loops;
      const word = s.kind === 'BreakStmt' ? 'break' : 'continue';
      if (stack.length === 0) {
        cx.report(Code.LoopControlOutsideLoop, `\`${word}\` outside of a loop`, s.span, {
          label: 'not inside `while` or `for`',
        });
        return true;
      }
      if (s.kind === 'BreakStmt') stack[stack.length - 1].broken = true;
      return false;
    }
    case 'ReturnStmt':
      returnStatement(b, s);
      return false;
    case 'ExprStmt':
      checkExpr(b, s.expr);
      return true;
    case 'Block':
      return checkBlock(b, s);
    case 'DestroyStmt':
    case 'StopStmt': {
      const word = s.kind === 'DestroyStmt' ? 'destroy' : 'stop';
      const type = checkExpr(b, s.target);
      if (!isHostSide(b.place)) {
        cx.report(Code.HostOnlyOperation, `\`${word}\` is only allowed in the host`, s.span, { label: `not allowed in ${placeName(b)}` });
      } else if (type.kind !== 'error' && type.kind !== 'handle') {
        cx.report(Code.NotAHandle, `\`${word}\` needs an enclave or server handle, found \`${typeToString(type)}\``, s.target.span, {
          label: 'not a handle',
        });
      }
      return true;
    }
    case 'ErrorStmt':
      return true;
  }
}

function declareLocal(b: BodyContext, s: ast.LetStmt | ast.VarStmt): void {
  const cx = b.cx;
  const declared = s.type ? resolveType(b, s.type) : undefined;
  let type: Type;
  if (s.init) {
    if (declared) {
      convertTo(b, s.init, declared);
      type = declared;
    } else {
      type = checkExpr(b, s.init);
      if (type.kind === 'hex') type = ERROR; // `hex(...)` outside `print` is already reported
      else if (type.kind === 'string' || type.kind === 'void') {
        cx.report(Code.NotAValueType, type.kind === 'void' ? 'this gives no value to store' : 'a string can only be printed', s.init.span, {
          label: type.kind === 'void' ? 'returns nothing' : 'only for `print`',
        });
        type = ERROR;
      }
    }
  } else if (declared) {
    type = declared;
  } else {
    if (s.name) {
      cx.report(Code.MissingTypeAndValue, `\`${s.name.name}\` needs a type or an initial value`, s.name.span, {
        label: 'type unknown',
        hint: `write \`var ${s.name.name}: u64;\` or \`var ${s.name.name} = 0;\``,
      });
    }
    type = ERROR;
  }
  if (!s.name) return;
  const binding: Binding & { kind: 'local' } = { kind: 'local', name: s.name.name, type, mutable: s.kind === 'VarStmt', decl: s };
  cx.result.locals.set(s, binding);
  cx.result.bindings.set(s.name, binding);
  declareInScope(b, s.name, binding);
}

export function declareInScope(b: BodyContext, ident: ast.Ident, binding: Binding, warnsUnused = true): void {
  const previous = b.scope.declare(ident.name, { binding, ident: warnsUnused ? ident : undefined, used: false });
  if (previous && previous.binding.kind === 'local') {
    // The earlier one stays reported as unused only if it really was never read.
    b.cx.report(Code.DuplicateLocal, `\`${ident.name}\` is already declared in this block`, ident.span, {
      label: 'declared again',
      hint: 'use another name, or assign to the existing `var`',
      related: previous.ident ? [{ message: `\`${ident.name}\` is first declared here`, span: previous.ident.span }] : undefined,
    });
  }
}

function assign(b: BodyContext, s: ast.AssignStmt): void {
  const cx = b.cx;
  // A plain `x = e` writes `x` without reading it, so it does not count as a use.
  const root = s.target.kind === 'NameExpr' && s.op === '=' ? b.scope.lookup(s.target.name) : undefined;
  const wasUsed = root?.used;
  const target = checkExpr(b, s.target);
  if (root && wasUsed === false) root.used = false;
  const isPlaceSyntax = s.target.kind === 'NameExpr' || s.target.kind === 'IndexExpr' || s.target.kind === 'FieldExpr';
  if (target.kind === 'error') {
    checkExpr(b, s.value);
    return;
  }
  if (isPlaceSyntax) {
    const place = placeOf(b, s.target);
    if (!place.mutable) {
      cx.report(Code.AssignImmutable, place.name ? `cannot assign to \`${place.name}\`` : 'cannot assign to this expression', s.target.span, {
        label: place.why,
        hint: place.fix,
      });
      checkExpr(b, s.value, target);
      return;
    }
  } else {
    checkExpr(b, s.value, target);
    return; // the parser reported the invalid target
  }
  if (s.op === '=') {
    convertTo(b, s.value, target);
    return;
  }
  const op = s.op.slice(0, -1);
  if (!isInt(target)) {
    checkExpr(b, s.value);
    cx.report(Code.BadOperand, `\`${s.op}\` needs an integer variable, found \`${typeToString(target)}\``, s.target.span, {
      label: `this is ${withArticle(typeToString(target))}`,
    });
    return;
  }
  if (op === '<<' || op === '>>') {
    const amount = checkExpr(b, s.value, isUntyped(b, s.value) ? target : undefined);
    if (amount.kind !== 'error' && !isInt(amount)) reportMismatch(b, s.value, target, amount);
    return;
  }
  convertTo(b, s.value, target);
}

function condition(b: BodyContext, e: ast.Expr, word: string): void {
  const type = checkExpr(b, e, BOOL);
  if (type.kind === 'error' || type.kind === 'bool') return;
  b.cx.report(Code.ConditionNotBool, `the condition of \`${word}\` must be a \`bool\`, found \`${typeToString(type)}\``, e.span, {
    label: `this is ${withArticle(typeToString(type))}`,
    hint: isInt(type) ? 'compare explicitly, e.g. `x != 0`' : undefined,
  });
}

function loopBody(b: BodyContext, body: ast.Block | undefined, scope?: Scope): LoopState {
  const state: LoopState = { broken: false };
  if (!body) return state;
  const loops = b.loops.slice();
  loops.push(state);
  const inner: BodyContext = { cx: b.cx, section: b.section, place: b.place, fn: b.fn, returnType: b.returnType, scope: b.scope, loops };
  checkBlock(inner, body, scope ?? new Scope(b.scope));
  return state;
}

function forLoop(b: BodyContext, s: ast.ForStmt): void {
  const cx = b.cx;
  const leftUntyped = isUntyped(b, s.start);
  const rightUntyped = isUntyped(b, s.end);
  let start: Type;
  let end: Type;
  if (leftUntyped && !rightUntyped) {
    end = checkExpr(b, s.end);
    start = checkExpr(b, s.start, isInt(end) ? end : I64);
  } else {
    start = checkExpr(b, s.start, leftUntyped ? I64 : undefined);
    end = checkExpr(b, s.end, isInt(start) && rightUntyped ? start : rightUntyped ? I64 : undefined);
  }
  let type: Type = ERROR;
  if (start.kind !== 'error' && end.kind !== 'error') {
    const bad = !isInt(start) ? s.start : !isInt(end) ? s.end : undefined;
    if (bad) {
      const t = bad === s.start ? start : end;
      cx.report(Code.BadOperand, `the bounds of \`for\` must be integers, found \`${typeToString(t)}\``, bad.span, {
        label: `this is ${withArticle(typeToString(t))}`,
      });
    } else {
      const common = commonIntType(start as Type & { kind: 'int' }, end as Type & { kind: 'int' });
      if (!common) {
        cx.report(Code.MismatchedOperands, `mismatched types: the bounds of \`for\` are \`${typeToString(start)}\` and \`${typeToString(end)}\``, { ...s.start.span, end: s.end.span.end, endLine: s.end.span.endLine, endCol: s.end.span.endCol }, {
          label: 'no common type',
          hint: 'convert one bound with `as`',
        });
      } else {
        type = common;
        if (common !== start) cx.result.coercions.set(s.start, common);
        if (common !== end) cx.result.coercions.set(s.end, common);
      }
    }
  }
  const scope = new Scope(b.scope);
  if (s.variable) {
    const binding: Binding & { kind: 'local' } = { kind: 'local', name: s.variable.name, type, mutable: false, decl: s };
    cx.result.locals.set(s, binding);
    cx.result.bindings.set(s.variable, binding);
    scope.declare(s.variable.name, { binding, ident: s.variable, used: false });
  }
  const inner = withScope(b, scope);
  loopBody(inner, s.body, new Scope(scope));
  warnUnused(inner);
}

/** Who a `return` belongs to, in messages (built only when one is reported). */
function returnSubject(b: BodyContext): string {
  return b.fn ? `\`${b.fn.name}\`` : b.place === 'test' ? 'a test' : 'the host body';
}

function returnStatement(b: BodyContext, s: ast.ReturnStmt): void {
  const cx = b.cx;
  const expected = b.returnType;
  if (s.value) {
    if (expected.kind === 'void') {
      checkExpr(b, s.value);
      cx.report(Code.ReturnValueMismatch, `${returnSubject(b)} returns nothing, so \`return\` takes no value`, s.value.span, {
        label: 'unexpected value',
        hint: b.fn ? `declare a result type: \`fn ${b.fn.name}(...) -> i64\`` : undefined,
      });
      return;
    }
    convertTo(b, s.value, expected, (actual) =>
      reportMismatch(b, s.value!, expected, actual, `${returnSubject(b)} returns \`${typeToString(expected)}\``),
    );
    return;
  }
  if (expected.kind !== 'void' && expected.kind !== 'error') {
    cx.report(Code.ReturnValueMismatch, `${returnSubject(b)} must return ${withArticle(typeToString(expected))}`, s.span, {
      label: 'missing value',
      hint: 'write `return <value>;`',
    });
  }
}

