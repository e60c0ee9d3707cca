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
import { transferLayout } from '../ir/transfer-layout.js';
import { ARGUMENT_REGISTERS, argumentHome } from '../ir/ir.js';
import { alignUp } from './isel.js';

export function emitServerDispatcher(w: AsmWriter, server: SectionInfo, functionSymbol: (fn: FunctionInfo) => string): void {
  const reply = w.newLabel('reply');
  const refuse = w.newLabel('refuse');
  const interfaceFns = server.functions.filter((f) => f.interfaceIndex >= 0).sort((a, b) => a.interfaceIndex - b.interfaceIndex);
  w.raw('    .section .text._start');
  w.raw('    .globl _start');
  w.label('_start');
  w.op('mv', 's1', 'a1');
  w.op('mv', 's2', 'a2');
  // Where the region is, for a function that forwards it (ir/region-placement.ts).
  w.op('la', 't0', INCOMING_REGION);
  w.memory('sd', 's1', 0, 't0');
  w.memory('sd', 's2', 8, 't0');
  w.op('li', 's3', -1);
  w.op('beqz', 's1', reply);
  w.op('li', 't0', TransferHeader.ARGS);
  w.op('bltu', 's2', 't0', reply);
  w.memory('ld', 't0', TransferHeader.MAGIC, 's1');
  w.op('li', 't1', BigInt.asIntN(64, TRANSFER_MAGIC));
  w.op('li', 't2', DispatchStatus.BAD_MAGIC);
  w.op('bne', 't0', 't1', refuse);
  w.op('la', 't3', digestSymbol(server.name));
  w.op('li', 't2', DispatchStatus.INTERFACE_MISMATCH);
  for (let i = 0; i < DIGEST_SIZE; i += 8) {
    w.memory('ld', 't0', i, 't3');
    w.memory('ld', 't1', TransferHeader.DIGEST + i, 's1');
    w.op('bne', 't0', 't1', refuse);
  }
  w.memory('ld', 't0', TransferHeader.FUNCTION, 's1');
  const labels = interfaceFns.map((fn) => w.newLabel(`dispatch_${fn.name}`));
  interfaceFns.forEach((fn, i) => {
    w.op('li', 't1', fn.interfaceIndex);
    w.op('beq', 't0', 't1', labels[i]);
  });
  w.op('li', 't2', DispatchStatus.NO_SUCH_FUNCTION);
  w.op('j', refuse);
  interfaceFns.forEach((fn, i) => {
    const layout = transferLayout(fn);
    w.label(labels[i]);
    w.op('li', 't1', layout.used);
    w.op('li', 't2', DispatchStatus.REGION_TOO_SMALL);
    w.op('bltu', 's2', 't1', refuse);
    // Past 8 parameters the rest go in a block on the stack, a7 pointing at it (argumentHome).
    const count = fn.params.length;
    const blockSize = count > ARGUMENT_REGISTERS ? alignUp(8 * (count - ARGUMENT_REGISTERS + 1), 16) : 0;
    if (blockSize) {
      w.op('li', 't0', blockSize);
      w.op('sub', 'sp', 'sp', 't0');
    }
    fn.params.forEach((p, k) => {
      const home = argumentHome(k, count);
      const reg = 'register' in home ? `a${home.register}` : 't3';
      if (isAggregate(p.type)) {
        w.op('li', 't0', layout.offsets[k]);
        w.op('add', reg, 's1', 't0');
      } else {
        w.memory('ld', reg, layout.offsets[k], 's1');
        normalize(w, p.type, reg);
      }
      if ('blockOffset' in home) w.memory('sd', reg, home.blockOffset, 'sp');
    });
    if (blockSize) w.op('mv', 'a7', 'sp');
    w.op('call', functionSymbol(fn));
    if (blockSize) {
      w.op('li', 't0', blockSize);
      w.op('add', 'sp', 'sp', 't0');
    }
    w.op('mv', 's3', 'a0');
    w.memory('sd', 'a0', TransferHeader.RESULT, 's1');
    w.memory('sd', 'zero', TransferHeader.STATUS, 's1');
    w.op('j', reply);
  });
  w.label(refuse);
  w.memory('sd', 't2', TransferHeader.STATUS, 's1');
  w.label(reply);
  w.op('addi', 'sp', 'sp', -CallArg.SIZE);
  w.memory('sd', 'zero', CallArg.REQ_ARG, 'sp');
  w.memory('sd', 's3', CallArg.RESP_VAL, 'sp');
  w.memory('sd', 's1', CallArg.REQ_VADDR, 'sp');
  w.memory('sd', 's2', CallArg.REQ_SIZE, 'sp');
  w.memory('sd', 'zero', CallArg.RESP_VADDR, 'sp');
  w.memory('sd', 'zero', CallArg.RESP_SIZE, 'sp');
  w.op('mv', 'a0', 'sp');
  w.op('call', '__pgl_server_return');
  w.raw('    .bss');
  w.raw('    .p2align 3');
  w.label(INCOMING_REGION);
  w.raw('    .zero 16');
  w.raw('    .text');
}

/** Brings a scalar argument in `reg` to its type: the caller's bits are never trusted. */
function normalize(w: AsmWriter, type: Type, reg: string): void {
  if (type.kind === 'bool') return w.op('andi', reg, reg, 1);
  if (type.kind !== 'int' || type.bits === 64) return;
  if (type.bits === 32 && type.signed) return w.op('sext.w', reg, reg);
  const shift = 64 - type.bits;
  w.op('slli', reg, reg, shift);
  w.op(type.signed ? 'srai' : 'srli', reg, reg, shift);
}
