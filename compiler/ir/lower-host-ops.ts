// Enclave lifecycle operations in the host (`create`, `run`, `resume`, `stop`, `attest`,
// `destroy`) and `acquire` in enclaves: calls to runtime stubs, each with a readable
// failure path.
import type * as ast from '../../grammar/ast.js';
import { AbiError, EnclaveType, HostCall, HostCallExtension, MAX_NAME_CHARS, ServerPolicy } from '../../runtime/abi.js';
import type { SectionInfo } from '../check/model.js';
import type { VReg } from './ir.js';
import type { FunctionLowering } from './lower.js';
import { digestSymbol } from './lower-ipc.js';
import { printLine } from './lower-builtins.js';

/** The file a section's image is written to inside build/; a grading file's sections get
 *  their own (`grader-Probe.elf`: `-` cannot be in a name, so no program section has it). */
export const imageFileName = (section: Pick<SectionInfo, 'name' | 'grader'>) => `${section.grader ? 'grader-' : ''}${section.name}.elf`;

export function lowerHostOperation(
  l: FunctionLowering,
  node: ast.CreateExpr | ast.RunExpr | ast.ResumeExpr | ast.AttestExpr | ast.HartExpr | ast.DestroyStmt | ast.StopStmt,
): VReg {
  const b = l.b;
  const zero = () => b.const(0);
  switch (node.kind) {
    case 'CreateExpr': {
      const binding = node.target && l.checked.bindings.get(node.target);
      if (binding?.kind !== 'section') return zero();
      const section = binding.section;
      const monitorName = l.ctx.module.string((section.registeredName ?? section.name).slice(0, MAX_NAME_CHARS) + '\0');
      const path = l.ctx.module.string(imageFileName(section) + '\0');
      const type = b.const(section.kind === 'server' ? EnclaveType.SERVER : EnclaveType.NORMAL);
      const result = b.call('__pgl_create', [b.symbolAddress(monitorName.symbol), type, b.symbolAddress(path.symbol)], 2);
      l.failUnless(b.bin('eq', result.a0, b.const(0)), `create ${section.name}`, () => result.a0);
      if (section.policy === 'queue') {
        // Declared `queue`: callers that find it in a call wait their turn (runtime/README.md).
        const set = b.call('__pgl_set_policy', [result.a1, b.const(ServerPolicy.QUEUE)]).a0;
        l.failUnless(b.bin('eq', set, b.const(0)), `create ${section.name}`, () => set);
      }
      return result.a1;
    }
    case 'RunExpr':
    case 'ResumeExpr': {
      const word = node.kind === 'RunExpr' ? 'run' : 'resume';
      const args = node.kind === 'RunExpr' ? runArguments(l, node) : undefined;
      const target = args ? args.handle : l.value(node.target);
      if (node.slice) {
        if (args) {
          const bound = b.call('__pgl_bind_arguments', [target, args.block, args.count]).a0;
          l.failUnless(b.bin('eq', bound, b.const(0)), `${word} at ${l.where(node)}`, () => bound);
        }
        // One time slice: `true` when the run has ended (returned, or stopped by the
        // monitor); `resume e` then gives its result.
        const call = node.kind === 'RunExpr' ? HostCallExtension.RUN_SLICED : HostCall.RESUME_ENCLAVE;
        const status = b.call('__pgl_run_slice', [target, l.value(node.slice), b.const(call)], 2).a0;
        l.failUnless(b.bin('eq', b.bin('slt', status, b.const(0)), b.const(0)), `${word} at ${l.where(node)}`, () => status);
        return b.bin('eq', status, b.const(0));
      }
      // To the end: the enclave's return value, or the (negative) error code when the run
      // failed; the monitor's report says why.
      // With arguments, a refused binding (an enclave that already ran, say) is the run's code too.
      const result = args
        ? b.call('__pgl_run_with', [target, args.block, args.count], 2)
        : b.call(node.kind === 'RunExpr' ? '__pgl_run' : '__pgl_resume', [target], 2);
      return valueOrCode(l, result, (end) => {
        if (node.kind !== 'RunExpr') return;
        // -10 from a run means the enclave is gone: explain it rather than hand back a bare code.
        const handle = l.typeOf(node.target);
        const name = handle?.kind === 'handle' ? handle.section.name : 'the enclave';
        const gone = b.label('rungone');
        b.terminate({ op: 'branch', cond: b.bin('eq', result.a0, b.const(AbiError.NOT_FOUND)), ifTrue: gone, ifFalse: end });
        b.startBlock(gone);
        printLine(l, `note: run at ${l.where(node)} gives -10: ${name} is gone; it already ran to its end (an enclave runs once) or was destroyed. \`create\` it again to run it again`);
      });
    }
    case 'StartExpr': {
      // The enclave's handle again, once it runs on another hart; no free hart (-30) or
      // an enclave that already ran fails the host with the code.
      const target = l.value(node.target);
      const status = b.call('__pgl_start', [target]).a0;
      l.failUnless(b.bin('eq', status, b.const(0)), `start at ${l.where(node)}`, () => status);
      return target;
    }
    case 'JoinExpr': {
      // As `run e`: the enclave's return value, or the (negative) error code of its run.
      return valueOrCode(l, b.call('__pgl_join', [l.value(node.target)], 2));
    }
    case 'AttestExpr': {
      // `attest e with n` gives the first 64 bits of the signed report's enclave hash.
      const nonce = node.nonce ? l.value(node.nonce) : b.const(0);
      const result = b.call('__pgl_attest', [l.value(node.target), nonce], 2);
      l.failUnless(b.bin('eq', result.a0, b.const(0)), `attest at ${l.where(node)}`, () => result.a0);
      return result.a1;
    }
    case 'DestroyStmt': {
      const status = b.call('__pgl_destroy', [l.value(node.target)]).a0;
      // A normal enclave is freed by the monitor when it returns (Penglai's rule), so
      // destroying one that already ran is not an error.
      const handle = l.typeOf(node.target);
      const ok =
        handle?.kind === 'handle' && handle.handleKind === 'enclave'
          ? b.bin('or', b.bin('eq', status, b.const(0)), b.bin('eq', status, b.const(AbiError.NOT_FOUND)))
          : b.bin('eq', status, b.const(0));
      l.failUnless(ok, `destroy at ${l.where(node)}`, () => status);
      return zero();
    }
    case 'StopStmt': {
      const status = b.call('__pgl_stop', [l.value(node.target)]).a0;
      l.failUnless(b.bin('eq', status, b.const(0)), `stop at ${l.where(node)}`, () => status);
      return zero();
    }
  }
}

/**
 * A run's outcome as a value: a1 (the enclave's return value) when a0 is 0, else the code
 * in a0. `onFailure` may add to the failure path, which then must reach `end`.
 */
function valueOrCode(l: FunctionLowering, result: { a0: VReg; a1: VReg }, onFailure?: (end: string) => void): VReg {
  const b = l.b;
  const value = b.vreg();
  const ok = b.label('runok');
  const failed = b.label('runfailed');
  const end = b.label('ran');
  b.terminate({ op: 'branch', cond: b.bin('eq', result.a0, b.const(0)), ifTrue: ok, ifFalse: failed });
  b.startBlock(ok);
  b.emit({ op: 'copy', dst: value, src: result.a1 });
  b.terminate({ op: 'jump', target: end });
  b.startBlock(failed);
  b.emit({ op: 'copy', dst: value, src: result.a0 });
  onFailure?.(end);
  b.place(end);
  return value;
}

/** `run e(args)`: the handle, and the argument values in a block of this frame, u64 each. */
function runArguments(l: FunctionLowering, node: ast.RunExpr): { handle: VReg; block: VReg; count: VReg } | undefined {
  const b = l.b;
  const call = node.target.kind === 'CallExpr' && l.checked.calls.get(node.target)?.kind === 'run-arguments' ? node.target : undefined;
  if (!call) return undefined;
  const handle = l.value(call.callee);
  const block = b.slotAddress(b.slot(8 * Math.max(call.args.length, 1), 8));
  call.args.forEach((arg, i) => b.store(block, 8 * i, l.value(arg), 8));
  return { handle, block, count: b.const(call.args.length) };
}

export function lowerAcquire(l: FunctionLowering, node: ast.AcquireExpr): VReg {
  const b = l.b;
  const binding = node.target && l.checked.bindings.get(node.target);
  if (binding?.kind !== 'section') return b.const(0);
  const registered = binding.section.registeredName ?? binding.section.name;
  const name = l.ctx.module.string(registered + '\0');
  // The typed acquire refuses a server built from another interface (runtime/README.md).
  const digest = b.symbolAddress(digestSymbol(binding.section.name));
  const handle = b.call('__pgl_acquire_typed', [b.symbolAddress(name.symbol), digest]).a0;
  const refused = b.bin('slt', handle, b.const(0));
  l.failUnless(b.bin('eq', refused, b.const(0)), `acquire ${binding.section.name} ("${registered}") at ${l.where(node)}`, () => handle);
  return handle;
}
