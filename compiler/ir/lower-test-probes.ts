// The test-only builtins as calls to the monitor's test probes (runtime/abi.ts EXPECT_STOP,
// EXPECT_OUTPUT). `expect_fault` is judged by the monitor, which saw how the enclave ended;
// a failure stops the test as a failed assert does. `expect_output` builds its text in the
// print buffer, exactly as `print` would, and hands it to the monitor instead of printing it.
import type * as ast from '../../grammar/ast.js';
import { ExpectAddress, FaultKind, OutputExpectation } from '../../runtime/abi.js';
import { HOST_MEMORY, type BuiltinName } from '../builtins.js';
import type { FunctionLowering } from './lower.js';
import { bufferPrint } from './lower-builtins.js';

export function lowerTestProbe(l: FunctionLowering, name: BuiltinName, e: ast.CallExpr): void {
  const b = l.b;
  if (name !== 'expect_fault') {
    const location = l.ctx.module.string(`${l.where(e)}\0`);
    bufferPrint(l, e.args);
    const mode = name === 'expect_no_output' ? OutputExpectation.NEVER : OutputExpectation.CONTAINS;
    b.call('__pgl_expect_output', [b.const(mode), b.symbolAddress(location.symbol)], 0);
    return;
  }
  const [enclave, kindArg, addressArg] = e.args;
  const ran = enclave.kind === 'RunExpr';
  const value = ran ? l.value(enclave) : b.const(0);
  const eid = l.value(ran ? enclave.target! : enclave);
  const kind = kindArg.kind === 'NameExpr' && Object.hasOwn(FaultKind, kindArg.name) ? FaultKind[kindArg.name as keyof typeof FaultKind] : FaultKind.any_fault;
  let mode: number = ExpectAddress.ANY;
  let address = b.const(0);
  if (addressArg?.kind === 'NameExpr' && addressArg.name === HOST_MEMORY && !l.checked.bindings.get(addressArg)) mode = ExpectAddress.HOST_MEMORY;
  else if (addressArg) {
    mode = ExpectAddress.EXACT;
    address = l.value(addressArg);
  }
  const flags = b.const(mode | (ran ? ExpectAddress.EXPECT_RAN : 0));
  // The enclave's section name follows the location, for the message about it.
  const handle = l.typeOf(ran ? enclave.target! : enclave);
  const section = handle?.kind === 'handle' ? handle.section.name : 'the enclave';
  const described = l.ctx.module.string(`${l.where(e)}\0${section}\0`);
  const status = b.call('__pgl_expect_stop', [eid, b.const(kind), address, flags, b.symbolAddress(described.symbol), value]).a0;
  // The monitor has printed why; the test stops as a failed assertion does.
  const pass = b.label('ok');
  const fail = b.label('expectfail');
  b.terminate({ op: 'branch', cond: b.bin('eq', status, b.const(0)), ifTrue: pass, ifFalse: fail });
  b.startBlock(fail);
  b.call('__pgl_abort', [b.const(1)], 0);
  b.terminate({ op: 'unreachable' });
  b.place(pass);
}
