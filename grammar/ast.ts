// AST of Penglai (grammar/README.md). Every node has `kind` (equal to its type name) and `span`.
// Broken input still yields a tree: a name the parser could not find is `undefined`; a missing
// or unparsable expression, type, statement or declaration is an `Error*` node covering the
// text that was skipped. A node cut short by an error keeps what was parsed before it.
import type { SourceSpan } from './diagnostic.js';

export interface Ident {
  kind: 'Ident';
  name: string;
  span: SourceSpan;
}

// ---- declarations -------------------------------------------------------------------------

export interface Program {
  kind: 'Program';
  file: string;
  items: TopItem[];
  span: SourceSpan;
}

export type TopItem = ImportDecl | ConstDecl | StructDecl | FnDecl | ServerDecl | EnclaveDecl | HostDecl | TestDecl | ErrorItem;

export interface ImportDecl {
  kind: 'ImportDecl';
  path: StringLiteral | undefined;
  span: SourceSpan;
}

export interface ConstDecl {
  kind: 'ConstDecl';
  doc?: string;
  name: Ident | undefined;
  type: TypeNode | undefined; // optional in the grammar: `const N = 4;`
  value: Expr;
  span: SourceSpan;
}

export interface StructDecl {
  kind: 'StructDecl';
  doc?: string;
  name: Ident | undefined;
  fields: FieldDecl[];
  span: SourceSpan;
}

export interface FieldDecl {
  kind: 'FieldDecl';
  doc?: string;
  name: Ident | undefined;
  type: TypeNode;
  span: SourceSpan;
}

/** `server Name "registered-name" { members }` */
export interface ServerDecl {
  kind: 'ServerDecl';
  doc?: string;
  name: Ident | undefined;
  registeredName: StringLiteral | undefined;
  /** `queue` or `sequential` after the registered name (the checker judges the word). */
  policy?: Ident;
  members: SectionMember[];
  span: SourceSpan;
}

export interface EnclaveDecl {
  kind: 'EnclaveDecl';
  doc?: string;
  name: Ident | undefined;
  members: SectionMember[];
  span: SourceSpan;
}

/** Section globals (`var`/`let`/`const`) and functions, in source order: the order of the
 *  public functions is the server's interface order. */
export type SectionMember = FnDecl | LetStmt | VarStmt | ConstDecl | ErrorItem;

/** `host { ... }`: functions and statements mixed; the statements, in order, are the host body. */
export interface HostDecl {
  kind: 'HostDecl';
  doc?: string;
  members: (FnDecl | Stmt)[];
  span: SourceSpan;
}

export interface TestDecl {
  kind: 'TestDecl';
  doc?: string;
  name: StringLiteral | undefined;
  /** `(points: 5, part: "Attack", visibility: hidden, ...)` after the name; empty when absent. */
  options: TestOption[];
  body: Block | undefined;
  span: SourceSpan;
}

/** One `name: value` of a test's option list; the checker decides which names and values are valid. */
export interface TestOption {
  kind: 'TestOption';
  name: Ident | undefined;
  value: IntLiteral | StringLiteral | Ident | ErrorExpr;
  span: SourceSpan;
}

export interface FnDecl {
  kind: 'FnDecl';
  doc?: string;
  isPrivate: boolean;
  name: Ident | undefined;
  params: Param[];
  returnType: TypeNode | undefined; // undefined when there is no `-> T`
  body: Block | undefined;
  span: SourceSpan;
}

/** `value` when no direction is written. */
export type ParamDirection = 'value' | 'in' | 'out' | 'inout';

export interface Param {
  kind: 'Param';
  name: Ident | undefined;
  direction: ParamDirection;
  type: TypeNode;
  span: SourceSpan;
}

/** Text the parser skipped where a declaration or section member should have been. */
export interface ErrorItem {
  kind: 'ErrorItem';
  span: SourceSpan;
}

// ---- types ----------------------------------------------------------------------------------

export type PrimitiveName = 'u8' | 'u16' | 'u32' | 'u64' | 'i8' | 'i16' | 'i32' | 'i64' | 'bool';

export type TypeNode = PrimitiveType | ArrayType | NamedType | HandleType | ErrorType;

export interface PrimitiveType {
  kind: 'PrimitiveType';
  name: PrimitiveName;
  span: SourceSpan;
}

/** `element[length]`; for `u32[4][8]` the outer node has length 4 and element `u32[8]` (as in C). */
export interface ArrayType {
  kind: 'ArrayType';
  element: TypeNode;
  length: Expr;
  span: SourceSpan;
}

/** A struct name (the checker resolves it). */
export interface NamedType {
  kind: 'NamedType';
  name: Ident;
  span: SourceSpan;
}

/** `server<Name>` or `enclave<Name>` */
export interface HandleType {
  kind: 'HandleType';
  handleKind: 'server' | 'enclave';
  target: Ident | undefined;
  span: SourceSpan;
}

export interface ErrorType {
  kind: 'ErrorType';
  span: SourceSpan;
}

// ---- statements -----------------------------------------------------------------------------

export type Stmt =
  | LetStmt | VarStmt | ConstDecl | AssignStmt | IfStmt | WhileStmt | ForStmt | BreakStmt | ContinueStmt
  | ReturnStmt | ExprStmt | Block | DestroyStmt | StopStmt | ErrorStmt;

export interface Block {
  kind: 'Block';
  statements: Stmt[];
  span: SourceSpan;
}

/** `let x = e;` / `let x: T = e;` (immutable) */
export interface LetStmt {
  kind: 'LetStmt';
  doc?: string;
  name: Ident | undefined;
  type: TypeNode | undefined;
  init: Expr;
  span: SourceSpan;
}

/** `var x: T;` / `var x: T = e;` / `var x = e;` */
export interface VarStmt {
  kind: 'VarStmt';
  doc?: string;
  name: Ident | undefined;
  type: TypeNode | undefined;
  init: Expr | undefined;
  span: SourceSpan;
}

export type AssignOp = '=' | '+=' | '-=' | '*=' | '/=' | '%=' | '&=' | '|=' | '^=' | '<<=' | '>>=';

/** `target op value;` where target is a name, index or field expression (E0008 otherwise). */
export interface AssignStmt {
  kind: 'AssignStmt';
  op: AssignOp;
  target: Expr;
  value: Expr;
  span: SourceSpan;
}

export interface IfStmt {
  kind: 'IfStmt';
  condition: Expr;
  then: Block | undefined;
  /** `else { }` gives a Block, `else if` an IfStmt. */
  else: Block | IfStmt | undefined;
  span: SourceSpan;
}

export interface WhileStmt {
  kind: 'WhileStmt';
  condition: Expr;
  body: Block | undefined;
  span: SourceSpan;
}

/** `for i in start..end { }`: end exclusive. */
export interface ForStmt {
  kind: 'ForStmt';
  variable: Ident | undefined;
  start: Expr;
  end: Expr;
  body: Block | undefined;
  span: SourceSpan;
}

export interface BreakStmt {
  kind: 'BreakStmt';
  span: SourceSpan;
}

export interface ContinueStmt {
  kind: 'ContinueStmt';
  span: SourceSpan;
}

export interface ReturnStmt {
  kind: 'ReturnStmt';
  value: Expr | undefined;
  span: SourceSpan;
}

export interface ExprStmt {
  kind: 'ExprStmt';
  expr: Expr;
  span: SourceSpan;
}

export interface DestroyStmt {
  kind: 'DestroyStmt';
  target: Expr;
  span: SourceSpan;
}

export interface StopStmt {
  kind: 'StopStmt';
  target: Expr;
  span: SourceSpan;
}

export interface ErrorStmt {
  kind: 'ErrorStmt';
  span: SourceSpan;
}

// ---- expressions ----------------------------------------------------------------------------

export type Expr =
  | IntLiteral | BoolLiteral | StringLiteral | NameExpr | ArrayLiteral | ArrayRepeat
  | UnaryExpr | BinaryExpr | CastExpr | CallExpr | MethodCallExpr | IndexExpr | FieldExpr
  | CreateExpr | AcquireExpr | RunExpr | ResumeExpr | AttestExpr | HartExpr | ErrorExpr;

export interface IntLiteral {
  kind: 'IntLiteral';
  /** Exact value; 0 when the literal is malformed (E0004/E0007 was reported). */
  value: bigint;
  raw: string;
  span: SourceSpan;
}

export interface BoolLiteral {
  kind: 'BoolLiteral';
  value: boolean;
  span: SourceSpan;
}

export interface StringLiteral {
  kind: 'StringLiteral';
  /** Escapes decoded. */
  value: string;
  /** As written, quotes included. */
  raw: string;
  span: SourceSpan;
}

export interface NameExpr {
  kind: 'NameExpr';
  name: string;
  span: SourceSpan;
}

/** `[a, b, c]` */
export interface ArrayLiteral {
  kind: 'ArrayLiteral';
  elements: Expr[];
  span: SourceSpan;
}

/** `[value; count]` */
export interface ArrayRepeat {
  kind: 'ArrayRepeat';
  value: Expr;
  count: Expr;
  span: SourceSpan;
}

export type UnaryOp = '-' | '!' | '~';

export interface UnaryExpr {
  kind: 'UnaryExpr';
  op: UnaryOp;
  operand: Expr;
  span: SourceSpan;
}

export type BinaryOp =
  | '||' | '&&' | '|' | '^' | '&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '<<' | '>>' | '+' | '-' | '*' | '/' | '%';

export interface BinaryExpr {
  kind: 'BinaryExpr';
  op: BinaryOp;
  left: Expr;
  right: Expr;
  span: SourceSpan;
}

/** `expr as T` */
export interface CastExpr {
  kind: 'CastExpr';
  expr: Expr;
  type: TypeNode;
  span: SourceSpan;
}

/** `callee(args)`; builtins such as `print` are ordinary calls here. */
export interface CallExpr {
  kind: 'CallExpr';
  callee: Expr;
  args: Expr[];
  span: SourceSpan;
}

/** `receiver.method(args)`, e.g. a call on a server handle `s.fill(a, b)`. */
export interface MethodCallExpr {
  kind: 'MethodCallExpr';
  receiver: Expr;
  method: Ident | undefined;
  args: Expr[];
  span: SourceSpan;
}

export interface IndexExpr {
  kind: 'IndexExpr';
  target: Expr;
  index: Expr;
  span: SourceSpan;
}

export interface FieldExpr {
  kind: 'FieldExpr';
  target: Expr;
  field: Ident | undefined;
  span: SourceSpan;
}

/** `create Name` */
export interface CreateExpr {
  kind: 'CreateExpr';
  target: Ident | undefined;
  span: SourceSpan;
}

/** `acquire Name` */
export interface AcquireExpr {
  kind: 'AcquireExpr';
  target: Ident | undefined;
  span: SourceSpan;
}

/** `run e` (to the end), or `run e for n` (one time slice of n instructions) */
export interface RunExpr {
  kind: 'RunExpr';
  target: Expr;
  slice: Expr | undefined;
  span: SourceSpan;
}

/** `resume e` (to the end), or `resume e for n` (one more time slice) */
export interface ResumeExpr {
  kind: 'ResumeExpr';
  target: Expr;
  slice: Expr | undefined;
  span: SourceSpan;
}

/** `start e` (run enclave e on another hart, giving back its handle) or `join e` (wait for that run's result) */
export interface HartExpr {
  kind: 'StartExpr' | 'JoinExpr';
  target: Expr;
  span: SourceSpan;
}

/** `attest e` or `attest e with nonce` */
export interface AttestExpr {
  kind: 'AttestExpr';
  target: Expr;
  nonce: Expr | undefined;
  span: SourceSpan;
}

/** Where an expression was required but none could be parsed. */
export interface ErrorExpr {
  kind: 'ErrorExpr';
  span: SourceSpan;
}

export type Node =
  | Program | TopItem | SectionMember | FieldDecl | Param | Ident | TypeNode | Stmt | Expr;
