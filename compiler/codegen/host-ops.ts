// The enclave lifecycle as the host sees it (`create`, `run`, `destroy`) and `acquire`
// in enclaves, each compiled to a runtime stub plus a readable failure path
// (runtime/README.md, "How failures surface in a program").
import type * as ast from '../../grammar/ast.js';
import { EnclaveType, MAX_NAME_CHARS } from '../../runtime/abi.js';
import type { FunctionCodegen } from './function-codegen.js';

/** The file a section's image is written to inside build/. */
export const imageFileName = (sectionName: string) => `${sectionName}.elf`;

export function emitHostOperation(
  g: FunctionCodegen,
  node: ast.CreateExpr | ast.RunExpr | ast.AttestExpr | ast.DestroyStmt | ast.StopStmt | ast.ResumeStmt,
): void {
  const w = g.w;
  switch (node.kind) {
    case 'CreateExpr': {
      const binding = node.target && g.checked.bindings.get(node.target);
      if (binding?.kind !== 'section') return;
      const section = binding.section;
      const monitorName = (section.registeredName ?? section.name).slice(0, MAX_NAME_CHARS);
      const name = w.stringLiteral(monitorName + '\0');
      const path = w.stringLiteral(imageFileName(section.name) + '\0');
      w.emit(`la a0, ${name.label}`);
      w.emit(`li a1, ${section.kind === 'server' ? EnclaveType.SERVER : EnclaveType.NORMAL}`);
      w.emit(`la a2, ${path.label}`);
      g.call('__pgl_create');
      w.emit('mv a2, a0');
      g.failUnless('beqz a2', `create ${section.name}`);
      w.emit('mv a0, a1');
      return;
    }
    case 'RunExpr': {
      // `run` gives the enclave's return value, or the (negative) error code when the run
      // failed; the monitor's report says why.
      g.expr(node.target);
      g.call('__pgl_run');
      const failed = w.newLabel('runfailed');
      w.emit(`bnez a0, ${failed}`);
      w.emit('mv a0, a1');
      w.label(failed);
      return;
    }
    case 'DestroyStmt': {
      g.expr(node.target);
      g.call('__pgl_destroy');
      w.emit('mv a2, a0');
      g.failUnless('beqz a2', `destroy at ${g.where(node)}`);
      return;
    }
    default:
      g.ctx.unsupported(node, `\`${node.kind.replace(/Stmt|Expr/, '').toLowerCase()}\` is not supported by the code generator yet`);
  }
}

export function emitAcquire(g: FunctionCodegen, node: ast.AcquireExpr): void {
  const w = g.w;
  const binding = node.target && g.checked.bindings.get(node.target);
  if (binding?.kind !== 'section') return;
  const registered = binding.section.registeredName ?? binding.section.name;
  const name = w.stringLiteral(registered + '\0');
  w.emit(`la a0, ${name.label}`);
  g.call('__pgl_acquire');
  const ok = w.newLabel('acquired');
  w.emit('li t0, -1');
  w.emit(`bne a0, t0, ${ok}`);
  g.call('__pgl_last_error');
  w.emit('mv a2, a0');
  const text = w.stringLiteral(`acquire "${registered}"`);
  w.emit(`la a0, ${text.label}`);
  w.emit(`li a1, ${text.length}`);
  g.call('__pgl_fail');
  w.label(ok);
}
