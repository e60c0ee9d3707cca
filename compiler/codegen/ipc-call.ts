// A typed call on a server handle, `s.fill(tag, nums)`, compiled to one call_enclave
// (DESIGN §3): fill the transfer region's header and arguments, move the region to the
// server, then copy `out`/`inout` data back and take the result from resp_val.
import type * as ast from '../../grammar/ast.js';
import { AbiError, CallArg, DIGEST_SIZE, DispatchStatus, TRANSFER_MAGIC, TransferHeader } from '../../runtime/abi.js';
import { layoutOf } from '../check/model.js';
import type { FunctionCodegen } from './function-codegen.js';
import { isAggregate } from './scalar.js';
import { transferLayout } from './transfer-layout.js';

export function digestSymbol(serverName: string): string {
  return `__pgl_interface_${serverName}`;
}

export function emitServerCall(g: FunctionCodegen, e: ast.MethodCallExpr): void {
  const w = g.w;
  const target = g.checked.calls.get(e);
  if (target?.kind !== 'server-call') return;
  const fn = target.fn;
  const server = fn.section;
  const layout = transferLayout(fn);
  const what = `call ${server.name}.${fn.name} at ${g.where(e)}`;

  // 1. The handle and the arguments, left to right (aggregates by address).
  g.expr(e.receiver);
  g.push('a0');
  e.args.forEach((arg, i) => {
    if (isAggregate(fn.params[i]?.type)) g.address(arg);
    else g.expr(arg);
    g.push('a0');
  });
  const argCount = e.args.length;
  const argOffset = (i: number) => 8 * (argCount - 1 - i); // from sp

  // 2. The transfer region, allocated once per size and reused: it always comes back.
  const slot = g.ctx.regionSlot(layout.size);
  const have = w.newLabel('region');
  w.emit(`la t0, ${slot}`);
  w.emit('ld s1, 0(t0)');
  w.emit(`bnez s1, ${have}`);
  w.emit(`li a0, ${layout.size}`);
  g.call('__pgl_mmap');
  w.emit('mv s1, a0');
  w.emit('li t0, -1');
  const mapped = w.newLabel('mapped');
  w.emit(`bne s1, t0, ${mapped}`);
  w.emit(`li a2, ${AbiError.NO_MEM}`);
  const text = w.stringLiteral(what);
  w.emit(`la a0, ${text.label}`);
  w.emit(`li a1, ${text.length}`);
  g.call('__pgl_fail');
  w.label(mapped);
  w.emit(`la t0, ${slot}`);
  w.emit('sd s1, 0(t0)');
  w.label(have);

  // 3. Header: magic, the digest of the interface we were checked against, function index.
  w.emit(`li t0, ${BigInt.asIntN(64, TRANSFER_MAGIC)}`);
  w.emit(`sd t0, ${TransferHeader.MAGIC}(s1)`);
  w.emit(`la t1, ${digestSymbol(server.name)}`);
  for (let i = 0; i < DIGEST_SIZE; i += 8) {
    w.emit(`ld t0, ${i}(t1)`);
    w.emit(`sd t0, ${TransferHeader.DIGEST + i}(s1)`);
  }
  w.emit(`li t0, ${fn.interfaceIndex}`);
  w.emit(`sd t0, ${TransferHeader.FUNCTION}(s1)`);
  w.emit(`li t0, ${DispatchStatus.BAD_MAGIC}`);
  w.emit(`sd t0, ${TransferHeader.STATUS}(s1)`);

  // 4. Arguments into the region.
  fn.params.forEach((p, i) => {
    if (i >= argCount) return;
    if (!isAggregate(p.type)) {
      w.emit(`ld t0, ${argOffset(i)}(sp)`);
      w.emit(`sd t0, ${layout.offsets[i]}(s1)`);
      return;
    }
    w.emit('mv a0, s1');
    g.addImmediate('a0', layout.offsets[i]);
    if (p.direction === 'out') {
      w.emit(`li a1, ${layoutOf(p.type).size}`);
      g.call('__pgl_memzero');
    } else {
      w.emit(`ld a1, ${argOffset(i)}(sp)`);
      w.emit(`li a2, ${layoutOf(p.type).size}`);
      g.call('__pgl_memcpy');
    }
  });

  // 5. call_enclave_arg_t on the stack; call.
  g.adjustSp(-CallArg.SIZE);
  w.emit(`li t0, ${fn.interfaceIndex}`);
  w.emit(`sd t0, ${CallArg.REQ_ARG}(sp)`);
  w.emit(`sd zero, ${CallArg.RESP_VAL}(sp)`);
  w.emit(`sd s1, ${CallArg.REQ_VADDR}(sp)`);
  w.emit(`li t0, ${layout.size}`);
  w.emit(`sd t0, ${CallArg.REQ_SIZE}(sp)`);
  w.emit(`sd zero, ${CallArg.RESP_VADDR}(sp)`);
  w.emit(`sd zero, ${CallArg.RESP_SIZE}(sp)`);
  w.emit(`ld a0, ${CallArg.SIZE + 8 * argCount}(sp)`);
  w.emit('mv a1, sp');
  g.call('__pgl_call_enclave');
  const called = w.newLabel('called');
  w.emit(`beqz a0, ${called}`);
  g.call('__pgl_last_error');
  w.emit('mv a2, a0');
  w.emit(`la a0, ${text.label}`);
  w.emit(`li a1, ${text.length}`);
  g.call('__pgl_fail');
  w.label(called);

  // 6. The server's dispatcher must have accepted the request.
  const accepted = w.newLabel('accepted');
  w.emit(`ld t0, ${TransferHeader.STATUS}(s1)`);
  w.emit(`beqz t0, ${accepted}`);
  w.emit(`li a2, ${AbiError.INTERFACE_MISMATCH}`);
  w.emit(`la a0, ${text.label}`);
  w.emit(`li a1, ${text.length}`);
  g.call('__pgl_fail');
  w.label(accepted);

  // 7. out/inout data back to the caller's variables; the result.
  fn.params.forEach((p, i) => {
    if (i >= argCount || !isAggregate(p.type) || p.direction === 'in') return;
    w.emit(`ld a0, ${CallArg.SIZE + argOffset(i)}(sp)`);
    w.emit('mv a1, s1');
    g.addImmediate('a1', layout.offsets[i]);
    w.emit(`li a2, ${layoutOf(p.type).size}`);
    g.call('__pgl_memcpy');
  });
  w.emit(`ld a0, ${CallArg.RESP_VAL}(sp)`);
  g.adjustSp(CallArg.SIZE + 8 * (argCount + 1));
}
