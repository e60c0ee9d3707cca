// Calls between enclaves (reference §3, call_enclave and enclave_return), with the
// strict behaviour DESIGN §4 asks for: the request region always goes back to the
// caller, and a server that faults or misbehaves is destroyed while its caller's call
// fails cleanly.
import { AbiError, CallArg, EnclaveState, EnclaveVA, PAGE_SIZE, TRANSFER_MAGIC, TransferHeader } from '../../runtime/abi.js';
import type { Enclave } from './enclave.js';
import type { TrapVerdict } from './machine-port.js';
import { regionCeiling } from './relay-pages.js';
import type { EnclaveCallSite } from './call-site.js';
import type { MonitorCore } from './monitor-core.js';
import { hexOf, regionMove } from './trace-records.js';
import { waitInQueue, wouldDeadlock } from './server-policy.js';
import type { TraceEvent } from '../../runtime/trace-format.js';
import { bigHi, bigLo } from '../int64.js';

const page = BigInt(PAGE_SIZE);

// call_enclave_arg_t copies, reused by every call and return (the IPC hot path allocates
// nothing for them). A call reads the caller's struct into `callBytes`; a return reads the
// server's into `retBytes` and writes the caller's answer fields from `callBytes` (in
// place when the struct lies in one page, else the whole struct, read again first).
const callBytes = new Uint8Array(CallArg.SIZE);
const callView = new DataView(callBytes.buffer);
const callWords = new Int32Array(callBytes.buffer);
/** The fields a return writes into the caller's struct: resp_val and req_vaddr, resp_vaddr and resp_size. */
const respValAndReqVaddr = callWords.subarray(CallArg.RESP_VAL / 4, CallArg.REQ_SIZE / 4);
const respVaddrAndSize = callWords.subarray(CallArg.RESP_VADDR / 4, CallArg.SIZE / 4);
const retBytes = new Uint8Array(CallArg.SIZE);
const retView = new DataView(retBytes.buffer);
const retWords = new Int32Array(retBytes.buffer);

/** Whether the u64 field at `offset` is 0 (read as halves: no bigint on the null call's path). */
const isZero = (view: DataView, offset: number) => view.getInt32(offset, true) === 0 && view.getInt32(offset + 4, true) === 0;

/** A u64 field of the caller's struct; 0 (the null call's every field) as two halves, without a bigint. */
function setU64(offset: number, value: bigint): void {
  if (value === 0n) {
    callView.setInt32(offset, 0, true);
    callView.setInt32(offset + 4, 0, true);
  } else callView.setBigUint64(offset, value, true);
}

/** A call struct from the user's memory, at a VA held as a number (below 2^53) or a bigint. */
function readUser(enclave: Enclave, va: number | bigint, bytes: Uint8Array, words: Int32Array, write: boolean): boolean {
  return typeof va === 'number' ? enclave.space.readWordsAt(va, words, write) : enclave.space.readInto(va, bytes, write);
}

const STACK_TOP_LO = bigLo(EnclaveVA.STACK_TOP);
const STACK_TOP_HI = bigHi(EnclaveVA.STACK_TOP);

/** The scalar slots a typed call's transfer header can hold that a trace shows. */
const TRACED_ARGS = 8;

/** CALL_ENCLAVE: a0 = the server's handle, a1 = VA of the caller's call_enclave_arg_t. */
export function callServer(call: EnclaveCallSite): TrapVerdict {
  const verdict = enterServer(call);
  const { monitor, enclave: caller } = call;
  // Refused: the caller goes on with -1 or -2 and the precise code in LAST_ERROR.
  if (monitor.tracer && monitor.current === caller) {
    const to = Number(BigInt.asIntN(32, call.arg(0)));
    monitor.tracer.event({ ...monitor.traceBase(), kind: 'call', pc: hexOf(call.epc), ra: hexOf(monitor.machine.getReg(1)), to, function: '0x0', args: [], code: caller.lastError });
  }
  return verdict;
}

/** The call as it starts: req_arg, the scalar slots of a typed call's header, the request region's move. */
function traceCall(monitor: MonitorCore, call: EnclaveCallSite, caller: Enclave, callee: Enclave, request: NonNullable<Enclave['frame']>['request']): void {
  const args: string[] = [];
  if (request) {
    const header = callee.space.read(request.region.va, TransferHeader.ARGS + TRACED_ARGS * 8);
    const view = header && new DataView(header.buffer, header.byteOffset, header.byteLength);
    if (view && view.getBigUint64(TransferHeader.MAGIC, true) === TRANSFER_MAGIC) {
      for (let i = 0; i < TRACED_ARGS; i++) args.push(hexOf(view.getBigUint64(TransferHeader.ARGS + i * 8, true)));
    }
  }
  const record: Extract<TraceEvent, { kind: 'call' }> = {
    t: monitor.machine.instret,
    at: caller.eid,
    kind: 'call',
    pc: hexOf(call.epc),
    ra: hexOf(caller.context.get(1)),
    to: callee.eid,
    function: hexOf(callView.getBigUint64(CallArg.REQ_ARG, true)),
    args,
    code: 0,
  };
  if (request) record.request = regionMove(request.region.pages, request.callerVa, request.region.va, caller.eid, callee.eid);
  monitor.tracer!.event(record);
}

/** SERVER_RETURN as it happens: resp_val, the request region going back, the response region coming. */
function traceReturn(
  monitor: MonitorCore,
  server: Enclave,
  caller: Enclave,
  epc: bigint,
  request: { pages: number[]; va: bigint; toVa: bigint } | undefined,
  response: { pages: number[]; va: bigint; toVa: bigint } | undefined,
): void {
  const record: Extract<TraceEvent, { kind: 'return' }> = {
    t: monitor.machine.instret,
    at: server.eid,
    kind: 'return',
    pc: hexOf(epc),
    to: caller.eid,
    result: hexOf(retView.getBigUint64(CallArg.RESP_VAL, true)),
    code: 0,
  };
  if (request) record.request = regionMove(request.pages, request.va, request.toVa, server.eid, caller.eid);
  if (response) record.response = regionMove(response.pages, response.va, response.toVa, server.eid, caller.eid);
  monitor.tracer!.event(record);
}

function enterServer(call: EnclaveCallSite): TrapVerdict {
  const { monitor, enclave: caller, epc } = call;
  // The struct's VA as a number when below 2^53 (every user VA): no bigint on the null call's path.
  const argAt = monitor.safeReg(11);
  const argVa = argAt >= 0 ? argAt : call.arg(1);
  const callee = monitor.findEnclaveInReg(10);
  if (!callee) return call.fail(AbiError.NOT_FOUND);
  if (!callee.isServer) return call.fail(AbiError.NOT_A_SERVER);
  // A sequential server in a call answers busy, which refuses cycles; a `queue` server
  // makes the caller wait its turn unless the wait would deadlock (server-policy.ts).
  if (callee.frame || callee.state !== EnclaveState.RUNNABLE || (callee.reservedFor >= 0 && callee.reservedFor !== caller.eid)) {
    if (callee.policy === 'queue' && !wouldDeadlock(monitor, caller, callee)) return waitInQueue(monitor, call, callee);
    caller.waitingFor = -1;
    return call.fail(AbiError.BUSY, AbiError.BUSY);
  }
  callee.reservedFor = -1;
  caller.waitingFor = -1;
  if (!readUser(caller, argVa, callBytes, callWords, true)) return call.fail(AbiError.BAD_ARGUMENT);

  let request: NonNullable<Enclave['frame']>['request'];
  let reqVaddr = 0n;
  let reqSize = 0n;
  if (!isZero(callView, CallArg.REQ_VADDR)) {
    reqVaddr = callView.getBigUint64(CallArg.REQ_VADDR, true);
    reqSize = callView.getBigUint64(CallArg.REQ_SIZE, true);
    if ((reqVaddr & (page - 1n)) !== 0n || reqSize < page || (reqSize & (page - 1n)) !== 0n) {
      return call.fail(AbiError.BAD_REGION);
    }
    // The unit that moves is the whole mmap region containing the range (Penglai moves the VMA).
    const region = caller.space.findRegion(reqVaddr, Number(reqSize));
    if (!region) return call.fail(AbiError.BAD_REGION);
    caller.space.detachRegion(region);
    // Relay pages keep their VA at the relay base in the callee, as in Penglai.
    const moved = callee.space.attachRegion(region.pages, region.va, regionCeiling(region.va));
    if (!moved) {
      caller.space.attachRegion(region.pages, region.va, regionCeiling(region.va));
      return call.fail(AbiError.NO_MEM);
    }
    request = { region: moved, callerVa: region.va, callerSize: region.size };
  }

  const frame = callee.callFrame;
  frame.callerEid = caller.eid;
  frame.callArgVa = argVa;
  frame.request = request;
  frame.callerContext = monitor.saveAfterEcall(caller.context, epc);
  callee.frame = frame;
  callee.topCallerEid = caller.topCallerEid >= 0 ? caller.topCallerEid : caller.eid;
  caller.calleeEid = callee.eid;
  caller.state = EnclaveState.RUNNABLE;
  callee.state = EnclaveState.RUNNING;

  // Every call restarts the server at its entry with a fresh stack; globals persist.
  const registers = monitor.freshRegisters(callee.context);
  registers.xl[2] = STACK_TOP_LO;
  registers.xh[2] = STACK_TOP_HI;
  // a0 = req_arg, copied as the register's two halves.
  registers.xl[10] = callWords[CallArg.REQ_ARG / 4];
  registers.xh[10] = callWords[CallArg.REQ_ARG / 4 + 1];
  if (request) {
    setRegister(registers, 11, request.region.va + (reqVaddr - request.callerVa));
    setRegister(registers, 12, reqSize);
  }
  if (callee.sharedMemory) {
    // a3/a4: the server's own host shared memory (reference §2 server entry).
    setRegister(registers, 13, EnclaveVA.HOST_SHM_BASE);
    setRegister(registers, 14, BigInt(callee.sharedMemory.length * PAGE_SIZE));
  }
  if (monitor.tracer) traceCall(monitor, call, caller, callee, request);
  monitor.enterFresh(callee, callee.context);
  return 'resume';
}

function setRegister(registers: { readonly xl: Int32Array; readonly xh: Int32Array }, index: number, value: bigint): void {
  registers.xl[index] = bigLo(value);
  registers.xh[index] = bigHi(value);
}

/** SERVER_RETURN: a0 = VA of the server's call_enclave_arg_t (the answer). */
export function returnFromServer(call: EnclaveCallSite): TrapVerdict {
  const { monitor, enclave: server, epc } = call;
  if (!server.isServer || !server.frame) return call.fail(AbiError.NOT_PERMITTED);
  const frame = server.frame;
  const retAt = monitor.safeReg(10);
  const retVa = retAt >= 0 ? retAt : call.arg(0);
  if (!readUser(server, retVa, retBytes, retWords, false)) return monitor.killForBadCall(server, epc, 'SERVER_RETURN with an unreadable return struct');
  let respVaddr = 0n;
  let respSize = 0n;
  let response: { pages: number[]; va: bigint; size: number } | undefined;
  if (!isZero(retView, CallArg.RESP_VADDR) || !isZero(retView, CallArg.RESP_SIZE)) {
    respVaddr = retView.getBigUint64(CallArg.RESP_VADDR, true);
    respSize = retView.getBigUint64(CallArg.RESP_SIZE, true);
    const region =
      (respVaddr & (page - 1n)) === 0n && respSize >= page && (respSize & (page - 1n)) === 0n
        ? server.space.findRegion(respVaddr, Number(respSize))
        : undefined;
    if (!region || region.pages === frame.request?.region.pages) {
      return monitor.killForBadCall(server, epc, 'SERVER_RETURN with a response region the server does not own');
    }
    server.space.detachRegion(region);
    response = { pages: region.pages, va: region.va, size: region.size };
  }
  const caller = monitor.enclaves.get(frame.callerEid)!;
  const request = monitor.tracer && frame.request && { pages: frame.request.region.pages, va: frame.request.region.va, toVa: frame.request.callerVa };
  const requestVa = monitor.giveRequestBack(server, caller);
  let respVa = 0n;
  let respLen = 0n;
  if (response) {
    const placed = caller.space.attachRegion(response.pages, response.va, EnclaveVA.MMAP_TOP);
    // No room in the caller: the region stays the server's, where it just was.
    if (!placed) server.space.attachRegion(response.pages, response.va, regionCeiling(response.va));
    if (placed) {
      respVa = placed.va + (respVaddr - response.va);
      respLen = respSize;
    }
  }
  // Update the caller's call_enclave_arg_t in place (reference §3 enclave_return step 3);
  // a struct the caller can no longer write stays as it is.
  // In one page at a number VA (the usual case) the struct is checked writable and the four
  // fields are written in place; otherwise it is read, updated and written whole.
  const at = frame.callArgVa;
  const pa = typeof at === 'number' ? caller.space.userPaAt(at, CallArg.SIZE, true) : -1;
  if (pa >= 0 || readUser(caller, at, callBytes, callWords, true)) {
    callView.setInt32(CallArg.RESP_VAL, retView.getInt32(CallArg.RESP_VAL, true), true);
    callView.setInt32(CallArg.RESP_VAL + 4, retView.getInt32(CallArg.RESP_VAL + 4, true), true);
    setU64(CallArg.REQ_VADDR, requestVa ?? 0n);
    setU64(CallArg.RESP_VADDR, respVa);
    setU64(CallArg.RESP_SIZE, respLen);
    if (pa >= 0) {
      monitor.machine.writePhysWords(pa + CallArg.RESP_VAL, respValAndReqVaddr);
      monitor.machine.writePhysWords(pa + CallArg.RESP_VADDR, respVaddrAndSize);
    } else if (typeof at === 'number') caller.space.writeWordsAt(at, callWords);
    else caller.space.write(at, callBytes);
  }
  if (monitor.tracer) traceReturn(monitor, server, caller, epc, request, response && { ...response, toVa: respVa - (respVaddr - response.va) });
  monitor.finishCall(server, caller, 0n);
  return 'resume';
}
