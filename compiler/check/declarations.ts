// The declaration pass (README, "Programs"): every top-level name, section, struct, constant,
// global and function signature is known before any body is checked, so bodies may use what is
// declared after them, across all imported files.
import type * as ast from '../../grammar/ast.js';
import { isBuiltinName } from './builtins.js';
import { Code } from './codes.js';
import type { BodyContext, CheckContext, Place } from './context.js';
import { declareConst, declareGlobal, duplicate } from './globals.js';
import { declareTest } from './test-options.js';
import { GRADER_NAME_PREFIX } from '../../runtime/abi.js';
import type { FunctionInfo, ParamInfo, SectionInfo, StructInfo, Type } from './model.js';
import { typeToString } from './model.js';
import { ensureStructLayout, resolveType } from './resolve-types.js';
import { Scope } from './scope.js';
import { ERROR, isAggregate, isScalar, VOID, withArticle } from './types.js';

export interface Declarations {
  /** Each section's member scope (globals, constants, functions); its parent is the top scope. */
  scopes: Map<SectionInfo, Scope>;
  /** Every `host` in the program; the first is the program's host, others are E0412. */
  hosts: SectionInfo[];
}

export function topContext(cx: CheckContext, scope: Scope = cx.topScope, section?: SectionInfo, place: Place = 'top'): BodyContext {
  return { cx, section, place, fn: undefined, returnType: VOID, scope, loops: [] };
}

export function collectDeclarations(cx: CheckContext, programs: readonly ast.Program[]): Declarations {
  const scopes = new Map<SectionInfo, Scope>();
  const hosts: SectionInfo[] = [];
  const top = topContext(cx);
  const constDecls: ast.ConstDecl[] = [];
  const sharedDecls: ast.FnDecl[] = [];
  for (const program of programs) {
    const grader = cx.isGraderFile(program.file);
    const namespace = grader ? cx.graderScope : cx.topScope;
    for (const item of program.items) {
      switch (item.kind) {
        case 'ConstDecl':
          declareConst(grader ? topContext(cx, namespace) : top, item, namespace, true);
          constDecls.push(item);
          break;
        case 'StructDecl':
          declareStruct(cx, item, grader);
          break;
        case 'FnDecl':
          sharedDecls.push(item);
          break;
        case 'ServerDecl':
        case 'EnclaveDecl':
          scopes.set(declareSection(cx, item, grader), new Scope(namespace));
          break;
        case 'HostDecl': {
          const host: SectionInfo = { kind: 'host', name: 'host', decl: item, functions: [], globals: [], body: [] };
          for (const member of item.members) if (member.kind !== 'FnDecl') host.body!.push(member);
          if (hosts.length === 0) {
            cx.result.host = host;
            cx.result.sections.push(host);
          } else {
            cx.report(Code.DuplicateHost, 'a program has only one `host`', hostKeywordSpan(item), {
              label: 'second `host`',
              hint: 'move these statements into the first `host`',
              related: [{ message: 'the first `host` is here', span: hostKeywordSpan(hosts[0].decl as ast.HostDecl) }],
            });
          }
          hosts.push(host);
          scopes.set(host, new Scope(cx.topScope));
          break;
        }
        case 'TestDecl':
          declareTest(cx, item, program.file);
          break;
        default:
          break;
      }
    }
  }
  for (const struct of cx.result.structs) ensureStructLayout(top, struct);
  declareSharedFunctions(cx, sharedDecls, programs[0]);
  for (const [section, scope] of scopes) declareMembers(cx, section, scope);
  for (const decl of constDecls) cx.pendingConsts.get(decl)?.();
  return { scopes, hosts };
}

function hostKeywordSpan(decl: ast.HostDecl): ast.HostDecl['span'] {
  return { ...decl.span, end: decl.span.start + 4, endLine: decl.span.startLine, endCol: decl.span.startCol + 4 };
}

function declareStruct(cx: CheckContext, decl: ast.StructDecl, grader: boolean): void {
  if (!decl.name) return;
  const struct: StructInfo = { name: decl.name.name, decl, fields: [], size: 0, align: 1 };
  cx.result.bindings.set(decl.name, { kind: 'struct', struct });
  const namespace = grader ? cx.graderScope : cx.topScope;
  if (claimTopName(cx, decl.name, Code.DuplicateStruct, namespace)) {
    (grader ? cx.graderStructsByName : cx.structsByName).set(struct.name, struct);
    namespace.declare(struct.name, { binding: { kind: 'struct', struct }, used: true });
  }
  cx.result.structs.push(struct);
}

/** `server S "s" queue { ... }`: the word after the registered name (grammar/README.md "Enclaves on other harts"). */
function serverPolicy(cx: CheckContext, decl: ast.ServerDecl): 'sequential' | 'queue' {
  const word = decl.policy;
  if (!word || word.name === 'sequential' || word.name === 'queue') return (word?.name as 'sequential' | 'queue' | undefined) ?? 'sequential';
  cx.report(Code.UnknownServerPolicy, `unknown concurrency policy \`${word.name}\``, word.span, {
    label: 'not a policy',
    hint: 'a server is `sequential` (the default: a call that finds it in a call gets -2) or `queue` (callers wait their turn)',
  });
  return 'sequential';
}

function declareSection(cx: CheckContext, decl: ast.ServerDecl | ast.EnclaveDecl, grader: boolean): SectionInfo {
  const section: SectionInfo = {
    kind: decl.kind === 'ServerDecl' ? 'server' : 'enclave',
    name: decl.name?.name ?? '',
    decl,
    functions: [],
    globals: [],
  };
  if (decl.kind === 'ServerDecl' && decl.registeredName) section.registeredName = (grader ? GRADER_NAME_PREFIX : '') + decl.registeredName.value;
  if (decl.kind === 'ServerDecl') section.policy = serverPolicy(cx, decl);
  if (grader) section.grader = true;
  cx.result.sections.push(section);
  if (decl.name) {
    cx.result.bindings.set(decl.name, { kind: 'section', section });
    const namespace = grader ? cx.graderScope : cx.topScope;
    if (claimTopName(cx, decl.name, Code.DuplicateSection, namespace)) {
      (grader ? cx.graderSectionsByName : cx.sectionsByName).set(section.name, section);
      namespace.declare(section.name, { binding: { kind: 'section', section }, used: true });
    }
  }
  return section;
}

/** Sections, structs and top-level constants share one namespace. */
function claimTopName(cx: CheckContext, ident: ast.Ident, code: string, namespace: Scope = cx.topScope): boolean {
  const previous = namespace.own(ident.name);
  if (!previous) return true;
  const span = previous.binding.kind === 'section'
    ? (previous.binding.section.decl as ast.ServerDecl).name?.span
    : previous.binding.kind === 'struct' ? previous.binding.struct.decl.name?.span
      : previous.binding.kind === 'const' ? previous.binding.decl.name?.span : undefined;
  cx.report(code, `the name \`${ident.name}\` is already used`, ident.span, {
    label: 'declared again',
    related: span ? [{ message: `\`${ident.name}\` is first declared here`, span }] : undefined,
  });
  return false;
}

/**
 * Top-level functions: one namespace with sections, structs and constants, callable from
 * every section. They belong to no section; `section` is a stand-in that no section equals.
 */
function declareSharedFunctions(cx: CheckContext, decls: ast.FnDecl[], root: ast.Program): void {
  const stand: SectionInfo = { kind: 'host', name: '', decl: { kind: 'HostDecl', members: decls, span: root.span }, functions: [], globals: [] };
  const top = topContext(cx);
  for (const decl of decls) {
    const fn = declareFunction(top, stand, decl);
    if (!fn) continue;
    fn.shared = true;
    if (!claimTopName(cx, decl.name!, Code.DuplicateFunction)) continue;
    cx.topScope.declare(fn.name, { binding: { kind: 'function', fn }, used: true });
    stand.functions.push(fn);
    cx.result.sharedFunctions.push(fn);
  }
}

function declareMembers(cx: CheckContext, section: SectionInfo, scope: Scope): void {
  const place: Place = section.kind;
  const b = topContext(cx, scope, section, place);
  const members = section.decl.kind === 'HostDecl' ? section.decl.members : section.decl.members;
  const lazyConsts: ast.ConstDecl[] = [];
  let interfaceIndex = 0;
  for (const member of members) {
    if (member.kind === 'FnDecl') {
      const fn = declareFunction(b, section, member);
      if (!fn) continue;
      if (section.kind === 'server' && !fn.isPrivate) fn.interfaceIndex = interfaceIndex++;
      const previous = scope.own(fn.name);
      const shared = cx.topScope.own(fn.name)?.binding;
      if (previous) duplicate(b, member.name!, previous.binding);
      else if (shared?.kind === 'function') {
        cx.report(Code.DuplicateFunction, `\`${fn.name}\` is already declared as a top-level function`, member.name!.span, {
          label: 'declared again',
          hint: 'a top-level function is shared by every section; rename one of the two',
          related: [{ message: `\`${fn.name}\` is declared here`, span: shared.fn.decl.name!.span }],
        });
      }
      else {
        scope.declare(fn.name, { binding: { kind: 'function', fn }, used: true });
        section.functions.push(fn);
      }
      continue;
    }
    if (section.kind === 'host') continue; // host statements are the body, checked later
    if (member.kind === 'ConstDecl') {
      declareConst(b, member, scope, true);
      lazyConsts.push(member);
    } else if (member.kind === 'LetStmt' || member.kind === 'VarStmt') {
      declareGlobal(b, section, member, scope);
    }
  }
  for (const decl of lazyConsts) cx.pendingConsts.get(decl)?.();
}

function declareFunction(b: BodyContext, section: SectionInfo, decl: ast.FnDecl): FunctionInfo | undefined {
  const cx = b.cx;
  if (!decl.name) return undefined;
  const fn: FunctionInfo = {
    name: decl.name.name,
    section,
    decl,
    params: [],
    returnType: VOID,
    isPrivate: decl.isPrivate,
    interfaceIndex: -1,
  };
  cx.result.bindings.set(decl.name, { kind: 'function', fn });
  if (isBuiltinName(fn.name)) {
    cx.report(Code.BuiltinRedefined, `\`${fn.name}\` is a builtin function and cannot be redeclared`, decl.name.span, {
      label: 'builtin name',
      hint: 'choose another name',
    });
  }
  const serverInterface = section.kind === 'server' && !decl.isPrivate;
  const seen = new Map<string, ast.Param>();
  for (const param of decl.params) {
    const type = resolveType(b, param.type);
    checkParam(b, fn, param, type, serverInterface);
    if (!param.name) continue;
    const earlier = seen.get(param.name.name);
    if (earlier) {
      cx.report(Code.DuplicateLocal, `parameter \`${param.name.name}\` is declared twice`, param.name.span, {
        label: 'declared again',
        related: [{ message: 'first declared here', span: earlier.name!.span }],
      });
    }
    seen.set(param.name.name, param);
    const info: ParamInfo = { name: param.name.name, direction: param.direction, type, decl: param };
    fn.params.push(info);
  }
  if (decl.returnType) {
    const type = resolveType(b, decl.returnType);
    if (type.kind !== 'error' && !isScalar(type)) {
      cx.report(Code.BadReturnType, `functions return integers or \`bool\`; \`${typeToString(type)}\` cannot be returned`, decl.returnType.span, {
        label: 'not a scalar',
        hint: isAggregate(type) ? `pass it as an \`out\` parameter instead: \`result: out ${typeToString(type)}\`` : undefined,
      });
      fn.returnType = ERROR;
    } else fn.returnType = type;
  }
  return fn;
}

/** Passing rules (README, "Functions"): scalars by value, arrays and structs by reference with
 *  a direction; handles never cross a server interface (the other side could not use them). */
function checkParam(b: BodyContext, fn: FunctionInfo, param: ast.Param, type: Type, serverInterface: boolean): void {
  const cx = b.cx;
  const name = param.name?.name ?? 'this parameter';
  if (type.kind === 'error') return;
  if (isAggregate(type) && param.direction === 'value') {
    cx.report(Code.MissingDirection, `\`${name}\` is ${withArticle(typeToString(type))} and needs a direction: \`in\`, \`out\` or \`inout\``, param.span, {
      label: 'missing direction',
      hint: `write \`${name}: in ${typeToString(type)}\` to read it, \`inout\` to also modify it, \`out\` to only write it`,
    });
  } else if (!isAggregate(type) && param.direction !== 'value') {
    cx.report(Code.DirectionOnScalar, `\`${param.direction}\` only applies to arrays and structs; \`${name}\` is ${withArticle(typeToString(type))}`, param.span, {
      label: 'scalars are passed by value',
      hint: type.kind === 'handle' ? undefined : `write \`${name}: ${typeToString(type)}\`; to give back a value, return it`,
    });
  } else if (type.kind === 'handle' && serverInterface) {
    cx.report(Code.HandleParameter, `server function \`${fn.section.name}.${fn.name}\` cannot take a handle`, param.span, {
      label: 'a handle',
      hint: 'handles are local to the enclave that holds them; pass the data instead',
    });
  }
}
