// What a piece of code does that crosses a boundary or calls a function, read from the checked
// program: calls (ordinary, and on a server handle, which is an IPC call), `acquire`,
// `create`, and `run` (the host starting an enclave's `main`). The call hierarchy, the type
// hierarchy and the IPC graph are three views of these operations.
import type * as ast from '../../grammar/ast.js';
import type { SourceSpan } from '../../grammar/diagnostic.js';
import type { CheckedProgram, FunctionInfo, SectionInfo } from '../../compiler/check/index.js';
import { walk } from './ast-walk.js';

export type Operation =
  /** `f(x)` or, through a handle, `h.f(x)` (`ipc`); `span` is the callee's name. */
  | { kind: 'call'; fn: FunctionInfo; ipc: boolean; span: SourceSpan }
  | { kind: 'acquire' | 'create'; section: SectionInfo; span: SourceSpan }
  /** `run e`: the host runs enclave `e`'s `main` (undefined when the enclave has none). */
  | { kind: 'run'; section: SectionInfo; fn: FunctionInfo | undefined; span: SourceSpan };

/** The operations inside `node`, in source order. */
export function operationsIn(checked: CheckedProgram, node: ast.Node): Operation[] {
  const found: Operation[] = [];
  walk(node, (current) => {
    switch (current.kind) {
      case 'CallExpr':
      case 'MethodCallExpr': {
        const target = checked.calls.get(current);
        if (target?.kind === 'function' || target?.kind === 'server-call') {
          const name = current.kind === 'MethodCallExpr' ? current.method : current.callee;
          found.push({ kind: 'call', fn: target.fn, ipc: target.kind === 'server-call', span: (name ?? current).span });
        }
        break;
      }
      case 'AcquireExpr':
      case 'CreateExpr': {
        const binding = current.target ? checked.bindings.get(current.target) : undefined;
        if (binding?.kind === 'section') found.push({ kind: current.kind === 'AcquireExpr' ? 'acquire' : 'create', section: binding.section, span: current.span });
        break;
      }
      case 'RunExpr': {
        const target = checked.calls.get(current.target as ast.CallExpr);
        const type = target?.kind === 'run-arguments' ? undefined : checked.types.get(current.target);
        const section = target?.kind === 'run-arguments' ? target.fn.section : type?.kind === 'handle' ? type.section : undefined;
        if (section) found.push({ kind: 'run', section, fn: section.functions.find((f) => f.name === 'main'), span: current.span });
        break;
      }
    }
  });
  return found;
}

/** Code that calls: a function, or the statements of the host body (which are not a function). */
export type Caller = { kind: 'function'; fn: FunctionInfo } | { kind: 'host-body'; section: SectionInfo };

/** Every function of the program (sections' and top-level), and each host body. */
export function callersOf(checked: CheckedProgram): Caller[] {
  const callers: Caller[] = [];
  for (const section of checked.sections) {
    for (const fn of section.functions) callers.push({ kind: 'function', fn });
    if (section.kind === 'host') callers.push({ kind: 'host-body', section });
  }
  for (const fn of checked.sharedFunctions) callers.push({ kind: 'function', fn });
  return callers;
}

/** The operations of one caller: a function's body, or the host's statements (not its functions). */
export function callerOperations(checked: CheckedProgram, caller: Caller): Operation[] {
  if (caller.kind === 'function') return caller.fn.decl.body ? operationsIn(checked, caller.fn.decl.body) : [];
  const decl = caller.section.decl as ast.HostDecl;
  return decl.members.filter((m) => m.kind !== 'FnDecl').flatMap((statement) => operationsIn(checked, statement));
}

/** The span of the name that identifies a caller (a function's name; `host` for the host body). */
export function callerNameSpan(caller: Caller): SourceSpan {
  if (caller.kind === 'function') return caller.fn.decl.name?.span ?? caller.fn.decl.span;
  const span = caller.section.decl.span;
  return { ...span, end: span.start + 4, endLine: span.startLine, endCol: span.startCol + 4 };
}

/** The host section when `offset` is on its `host` keyword (the host has no name to bind). */
export function hostKeywordAt(checked: CheckedProgram, offset: number, file: string): SectionInfo | undefined {
  const host = checked.host;
  const span = host?.decl.span;
  return span && span.file === file && span.start <= offset && offset <= span.start + 4 ? host : undefined;
}

/** A key that names a declaration across analyses: where its name starts, and its file. It travels in hierarchy items' `data`: no NUL or other control characters (Emacs's JSON parser refuses a NUL). */
export const declarationKey = (span: SourceSpan) => `${span.start}@${span.file}`;
