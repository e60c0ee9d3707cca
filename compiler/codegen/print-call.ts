// `print(a, b, ...)`: each argument is appended to the line buffer by the runtime's
// print helpers, then a newline, then the line is flushed (runtime/lib/print.ts).
import type * as ast from '../../grammar/ast.js';
import type { FunctionCodegen } from './function-codegen.js';
import { isSigned } from './scalar.js';

export function emitPrint(g: FunctionCodegen, args: readonly ast.Expr[]): void {
  const w = g.w;
  for (const arg of args) {
    if (arg.kind === 'StringLiteral') {
      printText(g, arg.value);
      continue;
    }
    if (arg.kind === 'CallExpr' && g.checked.calls.get(arg)?.kind === 'builtin' && arg.callee.kind === 'NameExpr' && arg.callee.name === 'hex') {
      g.expr(arg.args[0]);
      g.call('__pgl_print_hex');
      continue;
    }
    const type = g.usedType(arg);
    g.expr(arg);
    if (type?.kind === 'bool') g.call('__pgl_print_bool');
    else g.call(isSigned(type) ? '__pgl_print_i64' : '__pgl_print_u64');
  }
  printText(g, '\n');
  g.call('__pgl_print_flush');
  w.emit('li a0, 0');
}

function printText(g: FunctionCodegen, text: string): void {
  if (text.length === 0) return;
  const literal = g.w.stringLiteral(text);
  g.w.emit(`la a0, ${literal.label}`);
  g.w.emit(`li a1, ${literal.length}`);
  g.call('__pgl_print_bytes');
}
