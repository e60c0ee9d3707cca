// The checker's shared state: the tables of the CheckedProgram under construction, the
// diagnostics, the program-wide names (top-level constants, structs, sections), and the
// per-body context that expression and statement checking thread through.
import type * as ast from '../../grammar/ast.js';
import { makeDiagnostic, type Diagnostic, type DiagnosticData, type RelatedInfo, type SourceSpan } from '../../grammar/diagnostic.js';
import type { Binding, CheckedProgram, FunctionInfo, SectionInfo, StructInfo, Type } from './model.js';
import { MeasurementGraph } from './measurement-deps.js';
import { Scope } from './scope.js';
import { normalize } from 'node:path';

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
  /** Every `start e` of an enclave section in the host or a test, in source order. */
  readonly startedRuns: { section: SectionInfo; expr: ast.HartExpr }[] = [];
  /** Struct declarations whose layout is being computed: a struct that contains itself. */
  readonly structsInProgress = new Set<StructInfo>();
  /** Constants whose value is being computed: a constant defined in terms of itself. */
  readonly constsInProgress = new Set<ast.ConstDecl>();
  /** Lazily evaluated top-level and section constants, so declaration order does not matter. */
  readonly pendingConsts = new Map<ast.ConstDecl, () => void>();
  /** Who embeds which measurement, and who uses which shared code (measurement-deps.ts). */
  readonly measurementGraph = new MeasurementGraph();
  /** Operator expressions already found untyped or not (operator-chains.ts, `isUntyped`). */
  readonly untypedExprs = new Map<ast.Expr, boolean>();

  /**
   * Grading files (test files named to `penglaic test` that have no `host`): their
   * sections, structs and constants live in `graderScope`, seen by grading code before the
   * program's names and never by the program's own code, so neither side can clash with or
   * reach into the other's (grammar/README.md, "Tests and grading").
   */
  readonly graderFiles: ReadonlySet<string>;
  readonly graderScope = new Scope(this.topScope);
  readonly graderSectionsByName = new Map<string, SectionInfo>();
  readonly graderStructsByName = new Map<string, StructInfo>();

  constructor(
    readonly result: CheckedProgram,
    /** File name → text, to quote the user's code in hints. */
    readonly sources: ReadonlyMap<string, string> = new Map(),
    graderFiles: ReadonlySet<string> = new Set(),
  ) {
    this.graderFiles = graderFiles;
  }

  /** The source text a span covers, as the user wrote it. */
  textOf(span: SourceSpan): string {
    return this.sources.get(span.file)?.slice(span.start, span.end) ?? '...';
  }

  /** Whether code in `file` is grading code. */
  isGraderFile(file: string): boolean {
    return this.graderFiles.size > 0 && this.graderFiles.has(normalize(file));
  }

  /** The section a name means in `file`: the grader's first for grading code. */
  sectionNamed(name: string, file: string): SectionInfo | undefined {
    return (this.isGraderFile(file) ? this.graderSectionsByName.get(name) : undefined) ?? this.sectionsByName.get(name);
  }

  structNamed(name: string, file: string): StructInfo | undefined {
    return (this.isGraderFile(file) ? this.graderStructsByName.get(name) : undefined) ?? this.structsByName.get(name);
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

/** `top`: a top-level constant; `shared`: the body of a top-level function. */
export type Place = 'host' | 'enclave' | 'server' | 'test' | 'top' | 'shared';

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
  /** Set while a top-level constant's value is checked: what its `measurement(...)` uses belong to. */
  constOwner?: ast.ConstDecl;
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
