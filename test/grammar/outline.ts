// Prints an AST as compact S-expressions, so a test can state a whole tree in one line:
// `let x = 1 + 2;` is `(let x _ (+ 1 2))`. Spans are left out; span tests check them directly.
import type { Expr, Ident, Node, Param, Stmt, TypeNode } from '../../grammar/index.js';

const name = (id: Ident | undefined) => id?.name ?? '_';
const list = (nodes: Node[]) => nodes.map(outline).join(' ');

export function outline(node: Node | undefined): string {
  if (node === undefined) return '_';
  switch (node.kind) {
    case 'Program': return node.items.map(outline).join('\n');
    case 'ImportDecl': return `(import ${outline(node.path)})`;
    case 'ConstDecl': return `(const ${name(node.name)} ${outline(node.type)} ${outline(node.value)})`;
    case 'StructDecl': return `(struct ${name(node.name)}${node.fields.map((f) => ' ' + outline(f)).join('')})`;
    case 'FieldDecl': return `(${name(node.name)} ${outline(node.type)})`;
    case 'ServerDecl': return `(server ${name(node.name)} ${outline(node.registeredName)}${node.members.map((m) => ' ' + outline(m)).join('')})`;
    case 'EnclaveDecl': return `(enclave ${name(node.name)}${node.members.map((m) => ' ' + outline(m)).join('')})`;
    case 'HostDecl': return `(host${node.members.map((m) => ' ' + outline(m)).join('')})`;
    case 'TestDecl': return `(test ${outline(node.name)} ${outline(node.body)})`;
    case 'FnDecl':
      return `(${node.isPrivate ? 'private ' : ''}fn ${name(node.name)} (${node.params.map(param).join(' ')})` +
        `${node.returnType ? ' -> ' + outline(node.returnType) : ''} ${outline(node.body)})`;
    case 'Param': return param(node);
    case 'ErrorItem': case 'ErrorStmt': case 'ErrorExpr': case 'ErrorType': return '<error>';
    case 'Ident': return node.name;
    default: return isType(node) ? type(node) : isStmt(node) ? stmt(node) : expr(node as Expr);
  }
}

function param(p: Param): string {
  return `(${name(p.name)}${p.direction === 'value' ? '' : ' ' + p.direction} ${outline(p.type)})`;
}

function isType(node: Node): node is TypeNode {
  return ['PrimitiveType', 'ArrayType', 'NamedType', 'HandleType'].includes(node.kind);
}

function isStmt(node: Node): node is Stmt {
  return node.kind === 'Block' || node.kind.endsWith('Stmt');
}

function type(t: TypeNode): string {
  switch (t.kind) {
    case 'PrimitiveType': return t.name;
    case 'ArrayType': return `(array ${type(t.element)} ${outline(t.length)})`;
    case 'NamedType': return t.name.name;
    case 'HandleType': return `${t.handleKind}<${name(t.target)}>`;
    case 'ErrorType': return '<error>';
  }
}

function stmt(s: Stmt): string {
  switch (s.kind) {
    case 'Block': return `{${s.statements.map(outline).join(' ')}}`;
    case 'LetStmt': return `(let ${name(s.name)} ${outline(s.type)} ${outline(s.init)})`;
    case 'VarStmt': return `(var ${name(s.name)} ${outline(s.type)} ${outline(s.init)})`;
    case 'ConstDecl': return outline(s);
    case 'AssignStmt': return `(${s.op} ${outline(s.target)} ${outline(s.value)})`;
    case 'IfStmt': return `(if ${outline(s.condition)} ${outline(s.then)}${s.else ? ' else ' + outline(s.else) : ''})`;
    case 'WhileStmt': return `(while ${outline(s.condition)} ${outline(s.body)})`;
    case 'ForStmt': return `(for ${name(s.variable)} ${outline(s.start)} ${outline(s.end)} ${outline(s.body)})`;
    case 'BreakStmt': return 'break';
    case 'ContinueStmt': return 'continue';
    case 'ReturnStmt': return s.value ? `(return ${outline(s.value)})` : '(return)';
    case 'ExprStmt': return `(expr ${outline(s.expr)})`;
    case 'DestroyStmt': return `(destroy ${outline(s.target)})`;
    case 'StopStmt': return `(stop ${outline(s.target)})`;
    case 'ErrorStmt': return '<error>';
  }
}

function expr(e: Expr): string {
  switch (e.kind) {
    case 'IntLiteral': return e.raw;
    case 'BoolLiteral': return String(e.value);
    case 'StringLiteral': return JSON.stringify(e.value);
    case 'NameExpr': return e.name;
    case 'ArrayLiteral': return `[${list(e.elements)}]`;
    case 'ArrayRepeat': return `[${outline(e.value)}; ${outline(e.count)}]`;
    case 'UnaryExpr': return `(${e.op} ${outline(e.operand)})`;
    case 'BinaryExpr': return `(${e.op} ${outline(e.left)} ${outline(e.right)})`;
    case 'CastExpr': return `(as ${outline(e.expr)} ${outline(e.type)})`;
    case 'CallExpr': return `(call ${outline(e.callee)}${e.args.map((a) => ' ' + outline(a)).join('')})`;
    case 'MethodCallExpr': return `(method ${outline(e.receiver)} ${name(e.method)}${e.args.map((a) => ' ' + outline(a)).join('')})`;
    case 'IndexExpr': return `(index ${outline(e.target)} ${outline(e.index)})`;
    case 'FieldExpr': return `(field ${outline(e.target)} ${name(e.field)})`;
    case 'CreateExpr': return `(create ${name(e.target)})`;
    case 'AcquireExpr': return `(acquire ${name(e.target)})`;
    case 'RunExpr': return `(run ${outline(e.target)}${e.slice ? ' ' + outline(e.slice) : ''})`;
    case 'ResumeExpr': return `(resume ${outline(e.target)}${e.slice ? ' ' + outline(e.slice) : ''})`;
    case 'StartExpr': return `(start ${outline(e.target)})`;
    case 'JoinExpr': return `(join ${outline(e.target)})`;
    case 'AttestExpr': return `(attest ${outline(e.target)}${e.nonce ? ' ' + outline(e.nonce) : ''})`;
    case 'ErrorExpr': return '<error>';
  }
}

/** `code line:col-line:col message` for each diagnostic: the way tests state expected errors. */
export function diagnosticLines(diagnostics: { code: string; message: string; span: { startLine: number; startCol: number; endLine: number; endCol: number } }[]): string[] {
  return diagnostics.map((d) => `${d.code} ${d.span.startLine}:${d.span.startCol}-${d.span.endLine}:${d.span.endCol} ${d.message}`);
}
