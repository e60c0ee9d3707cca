// The checked program: what the checker hands to code generation (and later to the
// language server). The AST stays as parsed; meaning is attached through these tables,
// keyed by AST node identity. Nothing here imports an LSP or emulator type.
import type { BuiltinName } from '../builtins.js';
import type * as ast from '../../grammar/ast.js';
import type { Diagnostic } from '../../grammar/diagnostic.js';

export type IntName = 'u8' | 'u16' | 'u32' | 'u64' | 'i8' | 'i16' | 'i32' | 'i64';

export type Type =
  | { kind: 'int'; name: IntName; signed: boolean; bits: 8 | 16 | 32 | 64 }
  | { kind: 'bool' }
  | { kind: 'array'; element: Type; length: number }
  | { kind: 'struct'; struct: StructInfo }
  | { kind: 'handle'; handleKind: 'server' | 'enclave'; section: SectionInfo }
  /** A string literal: only printable. */
  | { kind: 'string' }
  /** `hex(e)`: only printable. */
  | { kind: 'hex' }
  | { kind: 'void' }
  /** The type of something already reported as wrong: it matches everything, so one mistake gives one diagnostic. */
  | { kind: 'error' };

export interface StructField {
  name: string;
  type: Type;
  /** Byte offset inside the struct (natural alignment, C layout). */
  offset: number;
  decl: ast.FieldDecl;
}

export interface StructInfo {
  name: string;
  decl: ast.StructDecl;
  fields: StructField[];
  size: number;
  align: number;
}

export type SectionKind = 'server' | 'enclave' | 'host';

export interface ParamInfo {
  name: string;
  direction: ast.ParamDirection;
  type: Type;
  decl: ast.Param;
}

export interface FunctionInfo {
  name: string;
  section: SectionInfo;
  decl: ast.FnDecl;
  params: ParamInfo[];
  returnType: Type;
  isPrivate: boolean;
  /** Position in the server's interface (public functions in source order), else -1. */
  interfaceIndex: number;
  /** A top-level function: shared by every section, compiled into each image that calls it. */
  shared?: boolean;
}

export interface GlobalInfo {
  name: string;
  type: Type;
  mutable: boolean;
  decl: ast.LetStmt | ast.VarStmt | ast.ConstDecl;
  /** The initial value when it is a compile-time constant (globals must be). */
  initial: ConstValue | undefined;
}

export type ConstValue = bigint | boolean | ConstValue[];

export interface SectionInfo {
  kind: SectionKind;
  /** The section's name (`Adder`); `host` for the host. */
  name: string;
  /** Servers only: the name registered with the monitor (`test-server`; `~probe` for a grader's `"probe"`). */
  registeredName?: string;
  /** Servers only: what a call that finds it in a call gets: busy (-2), or a wait for its turn. */
  policy?: 'sequential' | 'queue';
  /** Declared in a grading file: in the grader's namespace, never clashing with the program's names. */
  grader?: boolean;
  decl: ast.ServerDecl | ast.EnclaveDecl | ast.HostDecl;
  functions: FunctionInfo[];
  globals: GlobalInfo[];
  /** Servers only: SHA-256 of the canonical interface text (runtime/README.md, typed calls). */
  interfaceDigest?: Uint8Array;
  /** Servers only: the canonical interface text the digest is taken over. */
  interfaceText?: string;
  /** Host only: the statements of the host body, in order. */
  body?: ast.Stmt[];
  /** The sections whose measurement (`measurement(X)`) this section's image embeds, directly or through shared code. */
  measures?: SectionInfo[];
}

/** What a name refers to. */
export type Binding =
  | { kind: 'local'; name: string; type: Type; mutable: boolean; decl: ast.LetStmt | ast.VarStmt | ast.ForStmt }
  | { kind: 'param'; param: ParamInfo; fn: FunctionInfo }
  | { kind: 'global'; global: GlobalInfo; section: SectionInfo }
  /** `buildTime`: a `measurement(X)` constant, whose bytes only the build knows (its `value` is empty). */
  | { kind: 'const'; name: string; type: Type; value: ConstValue; decl: ast.ConstDecl; buildTime?: boolean }
  | { kind: 'function'; fn: FunctionInfo }
  | { kind: 'section'; section: SectionInfo }
  | { kind: 'struct'; struct: StructInfo };

/** A builtin's name: a key of the one table of builtins. */
export type { BuiltinName };

/** What a call expression calls. */
export type CallTarget =
  | { kind: 'function'; fn: FunctionInfo }
  | { kind: 'builtin'; name: BuiltinName }
  /** `handle.fn(...)` on a server handle: an IPC call. */
  | { kind: 'server-call'; fn: FunctionInfo }
  /** `e(args)` as the target of `run`: the arguments of enclave `main`'s parameters. */
  | { kind: 'run-arguments'; fn: FunctionInfo };

export interface CheckedProgram {
  /** The root file's AST and every imported file's, root first. */
  programs: ast.Program[];
  /** Every loaded file's text, by the file name spans use (to quote source in run-time errors). */
  sources?: ReadonlyMap<string, string>;
  /** Every diagnostic of every file, in file then source order. */
  diagnostics: Diagnostic[];
  sections: SectionInfo[];
  structs: StructInfo[];
  host: SectionInfo | undefined;
  tests: TestInfo[];
  /** Top-level functions, shared by the sections (each image gets those it calls). */
  sharedFunctions: FunctionInfo[];
  /** The type of every expression that was checked (after implicit widening: the type the value is used at is in `coercions`). */
  types: Map<ast.Expr, Type>;
  /** Where an expression's value is implicitly widened to another integer type. */
  coercions: Map<ast.Expr, Type>;
  /** Every resolved name: NameExpr → binding; also the Ident of each declaration. */
  bindings: Map<ast.NameExpr | ast.Ident, Binding>;
  /** Every resolved call: CallExpr or MethodCallExpr → target. */
  calls: Map<ast.CallExpr | ast.MethodCallExpr, CallTarget>;
  /** Every local's binding, keyed by its declaring statement (LetStmt, VarStmt, ForStmt). */
  locals: Map<ast.LetStmt | ast.VarStmt | ast.ForStmt, Binding & { kind: 'local' }>;
  /** Values of constant expressions (array lengths, const initialisers, literals). */
  constants: Map<ast.Expr, ConstValue>;
}

export const hasErrors = (program: CheckedProgram) => program.diagnostics.some((d) => d.severity === 'error');

/** Arrays and structs live in memory and move by address; everything else is a scalar. */
export function isAggregate(type: Type | undefined): boolean {
  return type?.kind === 'array' || type?.kind === 'struct';
}

/** Size and alignment in bytes of a value of this type in memory. */
export function layoutOf(type: Type): { size: number; align: number } {
  switch (type.kind) {
    case 'int':
      return { size: type.bits / 8, align: type.bits / 8 };
    case 'bool':
      return { size: 1, align: 1 };
    case 'array': {
      const element = layoutOf(type.element);
      return { size: element.size * type.length, align: element.align };
    }
    case 'struct':
      return { size: type.struct.size, align: type.struct.align };
    case 'handle':
      return { size: 8, align: 8 };
    default:
      return { size: 8, align: 8 };
  }
}

export function typeToString(type: Type): string {
  switch (type.kind) {
    case 'int':
      return type.name;
    case 'bool':
      return 'bool';
    case 'array':
      return `${typeToString(type.element)}[${type.length}]`;
    case 'struct':
      return type.struct.name;
    case 'handle':
      return `${type.handleKind}<${type.section.name}>`;
    case 'string':
      return 'string';
    case 'hex':
      return 'hex';
    case 'void':
      return '()';
    case 'error':
      return '{error}';
  }
}

/** Who sees a test's result (grammar/README.md, "Tests and grading"). */
export type TestVisibility = 'visible' | 'hidden' | 'after_due_date';

/** A `test` block with its options; defaults: 1 point, visible, no part, the command's limits. */
export interface TestInfo {
  name: string;
  decl: ast.TestDecl;
  /** The file it is written in, as spans name it. */
  file: string;
  points: number;
  part: string | undefined;
  visibility: TestVisibility;
  /** `timeout_ms`: wall-clock limit of the whole test. */
  timeoutMs: number | undefined;
  /** `max_steps`: instruction budget of each enclave run in the test. */
  maxSteps: number | undefined;
}
