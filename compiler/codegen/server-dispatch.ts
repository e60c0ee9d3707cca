// A server's `_start`: the dispatcher generated from its interface (DESIGN §3). The
// monitor enters it on every call with a fresh stack, a0 = req_arg, a1 = the transfer
// region, a2 = its size. It checks the header, calls the function with scalars in
// registers and arrays as pointers into the region (no copy on this side), writes the
// status and result, and returns the region with SERVER_RETURN.
import { CallArg, DIGEST_SIZE, DispatchStatus, TRANSFER_MAGIC, TransferHeader } from '../../runtime/abi.js';
import type { FunctionInfo, SectionInfo, Type } from '../check/model.js';
import { isAggregate } from '../check/model.js';
import type { AsmWriter } from './asm-writer.js';
import { digestSymbol } from '../ir/lower-ipc.js';
import { INCOMING_REGION } from '../ir/region-placement.js';
import { transferLayout } from './transfer-layout.js';

export function emitServerDispatcher(w: AsmWriter, server: SectionInfo, functionSymbol: (fn: FunctionInfo) => string): void {
  const reply = w.newLabel('reply');
  const refuse = w.newLabel('refuse');
  const interfaceFns = server.functions.filter((f) => f.interfaceIndex >= 0).sort((a, b) => a.interfaceIndex - b.interfaceIndex);
  w.raw('    .section .text._start');
  w.raw('    .globl _start');
  w.label('_start');
  w.emit('mv s1, a1');
  w.emit('mv s2, a2');
  // Where the region is, for a function that forwards it (ir/region-placement.ts).
  w.emit(`la t0, ${INCOMING_REGION}`);
  w.emit('sd s1, 0(t0)');
  w.emit('sd s2, 8(t0)');
  w.emit('li s3, -1');
  w.emit(`beqz s1, ${reply}`);
  w.emit(`li t0, ${TransferHeader.ARGS}`);
  w.emit(`bltu s2, t0, ${reply}`);
  w.emit(`ld t0, ${TransferHeader.MAGIC}(s1)`);
  w.emit(`li t1, ${BigInt.asIntN(64, TRANSFER_MAGIC)}`);
  w.emit(`li t2, ${DispatchStatus.BAD_MAGIC}`);
  w.emit(`bne t0, t1, ${refuse}`);
  w.emit(`la t3, ${digestSymbol(server.name)}`);
  w.emit(`li t2, ${DispatchStatus.INTERFACE_MISMATCH}`);
  for (let i = 0; i < DIGEST_SIZE; i += 8) {
    w.emit(`ld t0, ${i}(t3)`);
    w.emit(`ld t1, ${TransferHeader.DIGEST + i}(s1)`);
    w.emit(`bne t0, t1, ${refuse}`);
  }
  w.emit(`ld t0, ${TransferHeader.FUNCTION}(s1)`);
  const labels = interfaceFns.map((fn) => w.newLabel(`dispatch_${fn.name}`));
  interfaceFns.forEach((fn, i) => {
    w.emit(`li t1, ${fn.interfaceIndex}`);
    w.emit(`beq t0, t1, ${labels[i]}`);
  });
  w.emit(`li t2, ${DispatchStatus.NO_SUCH_FUNCTION}`);
  w.emit(`j ${refuse}`);
  interfaceFns.forEach((fn, i) => {
    const layout = transferLayout(fn);
    w.label(labels[i]);
    w.emit(`li t1, ${layout.used}`);
    w.emit(`li t2, ${DispatchStatus.REGION_TOO_SMALL}`);
    w.emit(`bltu s2, t1, ${refuse}`);
    fn.params.forEach((p, k) => {
      if (k >= 8) return;
      if (isAggregate(p.type)) {
        w.emit(`li t0, ${layout.offsets[k]}`);
        w.emit(`add a${k}, s1, t0`);
      } else {
        w.emit(`ld a${k}, ${layout.offsets[k]}(s1)`);
        for (const line of normalize(p.type, `a${k}`)) w.emit(line);
      }
    });
    w.emit(`call ${functionSymbol(fn)}`);
    w.emit('mv s3, a0');
    w.emit(`sd a0, ${TransferHeader.RESULT}(s1)`);
    w.emit(`sd zero, ${TransferHeader.STATUS}(s1)`);
    w.emit(`j ${reply}`);
  });
  w.label(refuse);
  w.emit(`sd t2, ${TransferHeader.STATUS}(s1)`);
  w.label(reply);
  w.emit(`addi sp, sp, -${CallArg.SIZE}`);
  w.emit(`sd zero, ${CallArg.REQ_ARG}(sp)`);
  w.emit(`sd s3, ${CallArg.RESP_VAL}(sp)`);
  w.emit(`sd s1, ${CallArg.REQ_VADDR}(sp)`);
  w.emit(`sd s2, ${CallArg.REQ_SIZE}(sp)`);
  w.emit(`sd zero, ${CallArg.RESP_VADDR}(sp)`);
  w.emit(`sd zero, ${CallArg.RESP_SIZE}(sp)`);
  w.emit('mv a0, sp');
  w.emit('call __pgl_server_return');
  w.raw('    .bss');
  w.raw('    .p2align 3');
  w.label(INCOMING_REGION);
  w.raw('    .zero 16');
  w.raw('    .text');
}

/** Brings a scalar argument in `reg` to its type: the caller's bits are never trusted. */
function normalize(type: Type, reg: string): string[] {
  if (type.kind === 'bool') return [`andi ${reg}, ${reg}, 1`];
  if (type.kind !== 'int' || type.bits === 64) return [];
  if (type.bits === 32 && type.signed) return [`sext.w ${reg}, ${reg}`];
  const shift = 64 - type.bits;
  return [`slli ${reg}, ${reg}, ${shift}`, `${type.signed ? 'srai' : 'srli'} ${reg}, ${reg}, ${shift}`];
}
