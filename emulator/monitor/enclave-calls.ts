// Enclave-side calls about the enclave itself and its peers (reference §2): ending,
// finding servers, identity, yielding, printing, randomness, the precise last error.
// Penglai-numbered calls keep Penglai's results (-1, -2) so C enclaves run unchanged;
// the precise reason is kept in `lastError` for EnclaveCall.LAST_ERROR. The ecall table
// (`ecall-table.ts`) states which argument checks run before each handler here.
import { AbiError, EnclaveVA, MAX_NAME_CHARS, DIGEST_SIZE, Ocall, PAGE_SIZE } from '../../runtime/abi.js';
import { yieldRun } from './run-control.js';
import type { TrapVerdict } from './machine-port.js';
import type { EnclaveCallSite } from './call-site.js';
import { transferSector } from './block-device.js';
import { teeCall } from './tee-calls.js';
import { hexOf } from './trace-records.js';

export function eappReturn(call: EnclaveCallSite): TrapVerdict {
  const { monitor, enclave } = call;
  if (enclave.isServer) return call.fail(AbiError.NOT_PERMITTED);
  enclave.retval = call.arg(0);
  monitor.destroyEnclave(enclave);
  monitor.returnToHost(BigInt(AbiError.OK), enclave.retval);
  return 'resume';
}

export function acquireEnclave(call: EnclaveCallSite): TrapVerdict {
  const name = call.monitor.tracer && acquiredName(call);
  const verdict = acquire(call);
  if (name !== undefined) traceAcquire(call, name);
  return verdict;
}

/** The acquire as the caller saw it: the handle, or Penglai's -1 with the precise code in LAST_ERROR. */
function traceAcquire(call: EnclaveCallSite, name: string): void {
  const tracer = call.monitor.tracer!;
  let result = Number(BigInt.asIntN(64, call.monitor.machine.getReg(10)));
  if (result === AbiError.ERROR) result = call.enclave.lastError;
  tracer.event({ ...call.monitor.traceBase(), kind: 'acquire', pc: hexOf(call.epc), ra: hexOf(call.monitor.machine.getReg(1)), name, result });
}

/** The name asked for, read before the answer overwrites a0. */
const acquiredName = (call: EnclaveCallSite) => call.enclave.space.readCString(call.arg(0), MAX_NAME_CHARS) ?? '';

/** Why no server answers to `name`: never there, or destroyed for its own fault. */
const missingServer = (call: EnclaveCallSite, name: string) => (call.monitor.faultedServers.has(name) ? AbiError.SERVER_FAULTED : AbiError.NOT_FOUND);

function acquire(call: EnclaveCallSite): TrapVerdict {
  const name = call.enclave.space.readCString(call.arg(0), MAX_NAME_CHARS);
  if (name === undefined) return call.fail(AbiError.BAD_ARGUMENT);
  const server = call.monitor.servers.get(name);
  if (!server) return call.fail(missingServer(call, name));
  return call.answer(server.eid);
}

/**
 * penglaic's typed acquire: the digest of the interface the caller was compiled against
 * must equal the one the server's image exports. Precise codes, no -1.
 */
export function acquireTyped(call: EnclaveCallSite): TrapVerdict {
  const name = call.monitor.tracer && acquiredName(call);
  const verdict = acquireTypedChecked(call);
  if (name !== undefined) traceAcquire(call, name);
  return verdict;
}

function acquireTypedChecked(call: EnclaveCallSite): TrapVerdict {
  const name = call.enclave.space.readCString(call.arg(0), MAX_NAME_CHARS);
  const expected = call.enclave.space.read(call.arg(1), DIGEST_SIZE);
  if (name === undefined || !expected) return call.answer(AbiError.BAD_ARGUMENT);
  const server = call.monitor.servers.get(name);
  if (!server) return call.answer(missingServer(call, name));
  const actual = server.interfaceDigestVa === undefined ? undefined : server.space.read(server.interfaceDigestVa, DIGEST_SIZE);
  if (!actual || Buffer.compare(actual, expected) !== 0) return call.answer(AbiError.INTERFACE_MISMATCH);
  return call.answer(server.eid);
}

export function getEnclaveId(call: EnclaveCallSite): TrapVerdict {
  return call.answer(call.enclave.eid);
}

/** Penglai always answers 0 here (a memcmp bug, reference §7); we answer the caller. */
export function getCallerId(call: EnclaveCallSite): TrapVerdict {
  const frame = call.enclave.frame;
  return frame ? call.answer(frame.callerEid) : call.fail(AbiError.BAD_STATE);
}

/** In a sliced run YIELD gives the host its turn; in a plain RUN there is nobody to yield to. */
export function yieldCall(call: EnclaveCallSite): TrapVerdict {
  return call.monitor.runTop?.slice ? yieldRun(call.monitor, call.epc) : call.answer(0);
}

export function lastError(call: EnclaveCallSite): TrapVerdict {
  return call.answer(call.enclave.lastError);
}

/** Linux `ioctl`: Penglai answers it with 0 instead of destroying the enclave (reference §3). */
export function linuxIoctl(call: EnclaveCallSite): TrapVerdict {
  return call.answer(0);
}

export function shmAttach(call: EnclaveCallSite): TrapVerdict {
  // Penglai answers 0 for any failure; the precise code goes to LAST_ERROR.
  const va = call.monitor.secureShm.attach(call.enclave, call.arg(0));
  traceShm(call, 'attach', call.arg(0), va);
  return call.answerOrFail(va, 0);
}

/** A secure shm operation: `outcome` is a VA, undefined (done) or an error code. */
function traceShm(call: EnclaveCallSite, op: 'create' | 'attach' | 'detach' | 'destroy', key: bigint, outcome: bigint | number | undefined, pages?: number): void {
  const { monitor } = call;
  if (!monitor.tracer) return;
  const code = typeof outcome === 'number' && outcome < 0 ? outcome : 0;
  const va = typeof outcome === 'bigint' ? { va: hexOf(outcome) } : {};
  monitor.tracer.event({ ...monitor.traceBase(), kind: 'shm', pc: hexOf(call.epc), op, eid: call.enclave.eid, key: hexOf(key), ...va, ...(pages === undefined ? {} : { pages }), code });
}

export function shmStat(call: EnclaveCallSite): TrapVerdict {
  return call.answerOrFail(call.monitor.secureShm.stat(call.enclave, call.arg(0), call.arg(1)));
}

/** Ocall SYS_WRITE: eapp_print formats into the kbuffer and the host prints it as a C string. */
export function ocallWrite(call: EnclaveCallSite): TrapVerdict {
  const text = call.enclave.space.read(EnclaveVA.KBUFFER, EnclaveVA.KBUFFER_SIZE);
  if (!text) return call.fail(AbiError.BAD_STATE);
  const end = text.indexOf(0);
  const printed = text.subarray(0, end < 0 ? text.length : end);
  const monitor = call.monitor;
  monitor.tracer?.event({ ...monitor.traceBase(), kind: 'ocall', pc: hexOf(call.epc), ra: hexOf(monitor.machine.getReg(1)), ocall: 'print', text: Buffer.from(printed).toString('utf8') });
  monitor.print(printed);
  return call.answer(0);
}

export function ocallSector(call: EnclaveCallSite): TrapVerdict {
  const direction = call.ocall === Ocall.READ_SECT ? 'read' : 'write';
  return call.answerOrFail(transferSector(call.monitor.disk, call.enclave, direction, call.arg(1), call.arg(2)));
}

/** Ocall SHM_GET: a1 = key, a2 = bytes, a3 = flags (unused, as in Penglai). */
export function ocallShmGet(call: EnclaveCallSite): TrapVerdict {
  const va = call.monitor.secureShm.create(call.enclave, call.arg(1), call.arg(2));
  traceShm(call, 'create', call.arg(1), va, Number(call.arg(2) / BigInt(PAGE_SIZE)));
  return call.answerOrFail(va);
}

export function ocallShmDetach(call: EnclaveCallSite): TrapVerdict {
  const outcome = call.monitor.secureShm.detach(call.enclave, call.arg(1));
  traceShm(call, 'detach', call.arg(1), outcome);
  return call.answerOrFail(outcome);
}

export function ocallShmDestroy(call: EnclaveCallSite): TrapVerdict {
  const outcome = call.monitor.secureShm.destroy(call.enclave, call.arg(1));
  traceShm(call, 'destroy', call.arg(1), outcome);
  return call.answerOrFail(outcome);
}

/**
 * In Penglai SHM_EXTEND_MEMORY is the monitor asking the host for metadata memory,
 * never an enclave's request; the monitor here needs none.
 */
export function ocallShmExtend(call: EnclaveCallSite): TrapVerdict {
  return call.fail(AbiError.NOT_PERMITTED);
}

export function ocallGetRandom(call: EnclaveCallSite): TrapVerdict {
  const length = Number(call.arg(2) & 0xffffn);
  if (!call.enclave.space.write(call.arg(1), call.monitor.random.bytes(length))) return call.fail(AbiError.BAD_ARGUMENT);
  return call.answer(length);
}
