// The checker's shared state: the tables of the CheckedProgram under construction, the
// diagnostics, the program-wide names (top-level constants, structs, sections), and the
// per-body context that expression and statement checking thread through.
import type * as ast from '../../grammar/ast.js';
import { makeDiagnostic, type Diagnostic, type DiagnosticData, type RelatedInfo, type SourceSpan } from '../../grammar/diagnostic.js';
import type { Binding, CheckedProgram, FunctionInfo, SectionInfo, StructInfo, Type } from './model.js';
import { Scope } from './scope.js';

export interface ReportExtra {
  label?: string;
  hint?: string;
  related?: RelatedInfo[];
  data?: DiagnosticData;
}

/** A server's `acquire` of another server: an edge of the static call graph. */
export interface AcquireEdge {
  from: SectionInfo;
  to: SectionInfo;
  expr: ast.AcquireExpr;
}

export class CheckContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly sectionsByName = new Map<string, SectionInfo>();
  readonly structsByName = new Map<string, StructInfo>();
  /** Top-level constants, visible in every section and test. */
  readonly topScope = new Scope(undefined);
  readonly acquireEdges: AcquireEdge[] = [];
  /** Struct declarations whose layout is being computed: a struct that contains itself. */
  readonly structsInProgress = new Set<StructInfo>();
  /** Constants whose value is being computed: a constant defined in terms of itself. */
  readonly constsInProgress = new Set<ast.ConstDecl>();
  /** Lazily evaluated top-level and section constants, so declaration order does not matter. */
  readonly pendingConsts = new Map<ast.ConstDecl, () => void>();

  constructor(
    readonly result: CheckedProgram,
    /** File name → text, to quote the user's code in hints. */
    readonly sources: ReadonlyMap<string, string> = new Map(),
  ) {}

  /** The source text a span covers, as the user wrote it. */
  textOf(span: SourceSpan): string {
    return this.sources.get(span.file)?.slice(span.start, span.end) ?? '...';
  }

  report(code: string, message: string, span: SourceSpan, extra: ReportExtra = {}): void {
    this.diagnostics.push(makeDiagnostic(code, message, span, extra));
  }

  warn(code: string, message: string, span: SourceSpan, extra: ReportExtra = {}): void {
    this.diagnostics.push(makeDiagnostic(code, message, span, { ...extra, severity: 'warning' }));
  }

  setType(expr: ast.Expr, type: Type): Type {
    this.result.types.set(expr, type);
    return type;
  }
}

export type Place = 'host' | 'enclave' | 'server' | 'test' | 'top';

/** What a body is checked inside of. */
export interface BodyContext {
  cx: CheckContext;
  section: SectionInfo | undefined;
  place: Place;
  fn: FunctionInfo | undefined;
  /** What `return` must give: VOID for the host body, tests and functions without `->`. */
  returnType: Type;
  scope: Scope;
  /** The loops around the current statement, innermost last. */
  loops: LoopState[];
}

/** Whether a `break` leaves the loop: a `while true` without one never ends. */
export interface LoopState {
  broken: boolean;
}

export function bindingSpan(binding: Binding): SourceSpan | undefined {
  switch (binding.kind) {
    case 'local':
      return binding.decl.kind === 'ForStmt' ? binding.decl.variable?.span : binding.decl.name?.span;
    case 'param':
      return binding.param.decl.name?.span ?? binding.param.decl.span;
    case 'global':
      return binding.global.decl.name?.span;
    case 'const':
      return binding.decl.name?.span;
    case 'function':
      return binding.fn.decl.name?.span;
    case 'section':
      return binding.section.decl.span;
    case 'struct':
      return binding.struct.decl.name?.span;
  }
}

/** Whether a place may perform host-side operations (create, run, destroy, attest, stop, resume). */
export const isHostSide = (place: Place) => place === 'host' || place === 'test';
/** Whether a place may acquire servers, call them, and touch raw memory. */
export const isEnclaveSide = (place: Place) => place === 'enclave' || place === 'server';
