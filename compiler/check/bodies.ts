// The body pass: every function, the host body and every test, each in its own scope chain
// (block → parameters → section members → top level). A function with a result must return on
// every path (E0501).
import type * as ast from '../../grammar/ast.js';
import { Code } from './codes.js';
import type { BodyContext, CheckContext } from './context.js';
import { topContext, type Declarations } from './declarations.js';
import type { Binding, FunctionInfo, SectionInfo } from './model.js';
import { typeToString } from './model.js';
import { Scope } from './scope.js';
import { checkBlock, checkStatements, warnUnused } from './statements.js';
import { VOID, withArticle } from './types.js';

export function checkBodies(cx: CheckContext, declarations: Declarations): void {
  for (const [section, scope] of declarations.scopes) {
    for (const fn of section.functions) checkFunction(cx, fn, scope);
    if (section.kind === 'host') checkHostBody(cx, section, scope);
  }
  const hostScope = cx.result.host ? declarations.scopes.get(cx.result.host) : undefined;
  for (const test of cx.result.tests) {
    if (!test.decl.body) continue;
    const b = topContext(cx, new Scope(hostScope ?? cx.topScope), cx.result.host, 'test');
    checkBlock(b, test.decl.body);
  }
}

function checkFunction(cx: CheckContext, fn: FunctionInfo, sectionScope: Scope): void {
  const body = fn.decl.body;
  if (!body) return;
  const scope = new Scope(sectionScope);
  for (const param of fn.params) {
    const binding: Binding = { kind: 'param', param, fn };
    if (param.decl.name) cx.result.bindings.set(param.decl.name, binding);
    scope.declare(param.name, { binding, used: false });
  }
  const b: BodyContext = { cx, section: fn.section, place: fn.section.kind, fn, returnType: fn.returnType, scope, loops: [] };
  const completes = checkBlock(b, body);
  if (completes && fn.returnType.kind !== 'void' && fn.returnType.kind !== 'error' && fn.decl.returnType) {
    cx.report(Code.MissingReturn, `\`${fn.name}\` must return ${withArticle(typeToString(fn.returnType))} on every path`, fn.decl.returnType.span, {
      label: `\`${fn.name}\` returns \`${typeToString(fn.returnType)}\``,
      hint: 'add a `return` at the end of the function; control can reach it without one',
      related: [{ message: 'the body ends here without a `return`', span: closingBrace(body) }],
      data: { declaration: body.span },
    });
  }
}

function closingBrace(block: ast.Block): ast.Block['span'] {
  const s = block.span;
  return { ...s, start: Math.max(s.start, s.end - 1), startLine: s.endLine, startCol: Math.max(1, s.endCol - 1) };
}

function checkHostBody(cx: CheckContext, host: SectionInfo, sectionScope: Scope): void {
  const b: BodyContext = { cx, section: host, place: 'host', fn: undefined, returnType: VOID, scope: new Scope(sectionScope), loops: [] };
  checkStatements(b, host.body ?? []);
  warnUnused(b);
}
