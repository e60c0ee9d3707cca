// A typed call on a server handle, `s.fill(tag, nums)`, lowered to one call_enclave
// (DESIGN §3): fill the transfer region's header and arguments, move the region to the
// server, then copy `out`/`inout` data back and take the result from resp_val. Arguments
// that already live in the region (region-placement.ts) are neither copied in nor back.
import type * as ast from '../../grammar/ast.js';
import { AbiError, CallArg, DIGEST_SIZE, DispatchStatus, TRANSFER_MAGIC, TransferHeader } from '../../runtime/abi.js';
import { isAggregate, layoutOf } from '../check/model.js';
import { transferLayout } from './transfer-layout.js';
import type { VReg } from './ir.js';
import type { FunctionLowering } from './lower.js';
import { INCOMING_REGION } from './region-placement.js';

export function digestSymbol(serverName: string): string {
  return `__pgl_interface_${serverName}`;
}

export function lowerServerCall(l: FunctionLowering, e: ast.MethodCallExpr): VReg {
  const b = l.b;
  const target = l.checked.calls.get(e);
  if (target?.kind !== 'server-call') return b.const(0);
  const fn = target.fn;
  const server = fn.section;
  const layout = transferLayout(fn);
  const what = `call ${server.name}.${fn.name} at ${l.where(e)}`;

  // 1. The handle and the arguments, left to right (aggregates by address).
  const handle = l.value(e.receiver);
  const args = e.args.map((arg, i) => (isAggregate(fn.params[i]?.type) ? l.address(arg) : l.value(arg)));

  // 2. The transfer region: the region the caller's placed arguments live in, the region
  //    this server was called with (forwarded on), or one mapped once per size and reused.
  //    Whichever it is, it always comes back.
  const placed = l.ctx.placement.calls.get(e);
  let region: VReg;
  let regionSize: VReg;
  if (placed?.kind === 'forward') {
    const incoming = b.symbolAddress(INCOMING_REGION);
    region = b.load(incoming, 0, 8, false);
    regionSize = b.load(incoming, 8, 8, false);
  } else {
    const [slot, size] = placed ? [placed.slot, placed.regionSize] : [l.ctx.regionSlot(layout.size), layout.size];
    region = cachedRegion(l, slot, size, what);
    regionSize = b.const(size);
  }
  const inPlace = (i: number) => placed?.kind === 'forward' || (placed !== undefined && l.isPlaced(e.args[i]));

  // 3. Header: magic, the digest of the interface we were checked against, function index.
  b.store(region, TransferHeader.MAGIC, b.const(TRANSFER_MAGIC), 8);
  const digest = b.symbolAddress(digestSymbol(server.name));
  for (let i = 0; i < DIGEST_SIZE; i += 8) b.store(region, TransferHeader.DIGEST + i, b.load(digest, i, 8, false), 8);
  b.store(region, TransferHeader.FUNCTION, b.const(fn.interfaceIndex), 8);
  b.store(region, TransferHeader.STATUS, b.const(DispatchStatus.BAD_MAGIC), 8);

  // 4. Arguments into the region.
  fn.params.forEach((p, i) => {
    if (i >= args.length) return;
    if (!isAggregate(p.type)) {
      b.store(region, layout.offsets[i], args[i], 8);
      return;
    }
    // An `out` argument reaches the server as zeros, even when it lives in the region.
    const place = b.addImmediate(region, layout.offsets[i]);
    const size = b.const(layoutOf(p.type).size);
    if (p.direction === 'out') b.call('__pgl_memzero', [place, size], 0);
    else if (!inPlace(i)) b.call('__pgl_memcpy', [place, args[i], size], 0);
  });

  // 5. call_enclave_arg_t in the frame; call.
  const block = b.slotAddress(b.slot(CallArg.SIZE, 8));
  b.store(block, CallArg.REQ_ARG, b.const(fn.interfaceIndex), 8);
  b.store(block, CallArg.RESP_VAL, b.const(0), 8);
  b.store(block, CallArg.REQ_VADDR, region, 8);
  b.store(block, CallArg.REQ_SIZE, regionSize, 8);
  b.store(block, CallArg.RESP_VADDR, b.const(0), 8);
  b.store(block, CallArg.RESP_SIZE, b.const(0), 8);
  const status = b.call('__pgl_call_enclave', [handle, block]).a0;
  l.failUnless(b.bin('eq', status, b.const(0)), what, () => b.call('__pgl_last_error', []).a0);

  // 6. The server's dispatcher must have accepted the request.
  const accepted = b.load(region, TransferHeader.STATUS, 8, false);
  l.failUnless(b.bin('eq', accepted, b.const(0)), what, () => b.const(AbiError.INTERFACE_MISMATCH));

  // 7. out/inout data back to the caller's variables; the result.
  fn.params.forEach((p, i) => {
    if (i >= args.length || !isAggregate(p.type) || p.direction === 'in' || inPlace(i)) return;
    b.call('__pgl_memcpy', [args[i], b.addImmediate(region, layout.offsets[i]), b.const(layoutOf(p.type).size)], 0);
  });

  // 8. Scrub: the region is reused, possibly for another server, so nothing this call
  //    put in it (scalars, copied arrays, the result) may stay there. Variables that live
  //    in the region stay: every call that sends it hands them over.
  const kept = fn.params.flatMap((p, i) => (isAggregate(p.type) && i < args.length && inPlace(i) ? [i] : []));
  let from: number = TransferHeader.RESULT;
  for (const i of [...kept.sort((x, y) => layout.offsets[x] - layout.offsets[y]), -1]) {
    const to = i < 0 ? layout.used : layout.offsets[i];
    zeroRange(l, region, from, to);
    if (i >= 0) from = layout.offsets[i] + layoutOf(fn.params[i].type).size;
  }
  return b.load(block, CallArg.RESP_VAL, 8, false);
}

/** Zeroes bytes [from, to) of the region (8-byte aligned: the transfer layout's units). */
function zeroRange(l: FunctionLowering, region: VReg, from: number, to: number): void {
  const b = l.b;
  const start = Math.ceil(from / 8) * 8;
  if (to - start <= 64) {
    for (let at = start; at < to; at += 8) b.store(region, at, b.const(0), 8);
  } else {
    b.call('__pgl_memzero', [b.addImmediate(region, start), b.const(to - start)], 0);
  }
}

/** The region whose address `slot` caches, mapped (`size` bytes) on first use. */
export function cachedRegion(l: FunctionLowering, slot: string, size: number, what: string): VReg {
  const b = l.b;
  const cache = b.symbolAddress(slot);
  const region = b.vreg();
  b.emit({ op: 'load', dst: region, addr: cache, offset: 0, size: 8, signed: false });
  const have = b.label('region');
  const map = b.label('mapregion');
  b.terminate({ op: 'branch', cond: b.bin('ne', region, b.const(0)), ifTrue: have, ifFalse: map });
  b.startBlock(map);
  const mapped = b.call('__pgl_mmap', [b.const(size)]).a0;
  l.failUnless(b.bin('ne', mapped, b.const(-1)), what, () => b.const(AbiError.NO_MEM));
  b.store(cache, 0, mapped, 8);
  b.emit({ op: 'copy', dst: region, src: mapped });
  b.place(have);
  return region;
}
