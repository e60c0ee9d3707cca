// Enclave-side calls (reference §2): ecall with a6 = SBI_EXT_PENGLAI_ENCLAVE, a7 = the
// number, a0..a3 the arguments; the result goes straight to a0. Penglai-numbered calls
// keep Penglai's results (-1, -2) so C enclaves run unchanged; the precise reason is
// kept in `lastError` for EnclaveCall.LAST_ERROR.
import { AbiError, AttestReport, EnclaveCall, RunStatus, EnclaveVA, KeyType, MAX_KEY_SIZE, MAX_NAME_CHARS, Ocall, PAGE_SIZE, DIGEST_SIZE } from '../../runtime/abi.js';
import { buildReport, deriveEnclaveKey } from './attestation.js';
import { preemptRun, yieldRun } from './run-control.js';
import { relayToHost, sendAsync, splitRegion } from './relay-pages.js';
import type { Enclave } from './enclave.js';
import type { TrapVerdict } from './machine-port.js';
import { smallNumber, type Monitor } from './monitor.js';
import { callServer, returnFromServer } from './server-calls.js';
import { USER_RW } from './address-space.js';
import { transferSector } from './block-device.js';
import { teeCall } from './tee-calls.js';

/** Linux `ioctl`: Penglai answers it with 0 instead of destroying the enclave (reference §3). */
const LINUX_IOCTL = 29;
const page = BigInt(PAGE_SIZE);
const MAX_MMAP = 256 * 1024 * 1024;

export function handleEnclaveCall(monitor: Monitor, enclave: Enclave, number: number, epc: bigint): TrapVerdict {
  const m = monitor.machine;
  const arg = (i: number) => m.getReg(10 + i);
  /** `value`, or with `onFail` a Penglai -1 when `value` is an error code (negative). */
  const result = (value: number | bigint, onFail?: (code: number) => TrapVerdict) =>
    onFail && typeof value === 'number' && value < 0 ? onFail(value) : monitor.ecallReturn(epc, BigInt.asUintN(64, BigInt(value)));
  /** A Penglai-style failure: -1 to the enclave, the precise code kept for LAST_ERROR. */
  const fail = (code: number, penglaiValue: number = AbiError.ERROR) => {
    enclave.lastError = code;
    return result(penglaiValue);
  };
  switch (number) {
    case EnclaveCall.EAPP_RETURN: {
      if (enclave.isServer) return fail(AbiError.NOT_PERMITTED);
      enclave.retval = arg(0);
      monitor.destroyEnclave(enclave);
      monitor.returnToHost(BigInt(AbiError.OK), enclave.retval);
      return 'resume';
    }
    case EnclaveCall.OCALL:
      return handleOcall(monitor, enclave, smallNumber(arg(0)), epc, result, fail);
    case EnclaveCall.ACQUIRE_ENCLAVE: {
      const name = enclave.space.readCString(arg(0), MAX_NAME_CHARS);
      if (name === undefined) return fail(AbiError.BAD_ARGUMENT);
      const server = monitor.servers.get(name);
      if (!server) return fail(AbiError.NOT_FOUND);
      return result(server.eid);
    }
    case EnclaveCall.ACQUIRE_TYPED: {
      // penglaic's typed acquire: the digest of the interface the caller was compiled
      // against must equal the one the server's image exports. Precise codes, no -1.
      const name = enclave.space.readCString(arg(0), MAX_NAME_CHARS);
      const expected = enclave.space.read(arg(1), DIGEST_SIZE);
      if (name === undefined || !expected) return result(AbiError.BAD_ARGUMENT);
      const server = monitor.servers.get(name);
      if (!server) return result(AbiError.NOT_FOUND);
      const actual = server.interfaceDigestVa === undefined ? undefined : server.space.read(server.interfaceDigestVa, DIGEST_SIZE);
      if (!actual || Buffer.compare(actual, expected) !== 0) return result(AbiError.INTERFACE_MISMATCH);
      return result(server.eid);
    }
    case EnclaveCall.CALL_ENCLAVE:
      return callServer(monitor, enclave, arg(0), arg(1), epc, fail);
    case EnclaveCall.SERVER_RETURN:
      if (!enclave.isServer || !enclave.frame) return fail(AbiError.NOT_PERMITTED);
      return returnFromServer(monitor, enclave, arg(0), epc);
    case EnclaveCall.GET_ENCLAVE_ID:
      return result(enclave.eid);
    case EnclaveCall.ASYN_ENCLAVE_CALL:
      return result(sendAsync(monitor, enclave, arg(0), arg(1)) ?? 0, fail);
    case EnclaveCall.SPLIT_MEM_REGION:
      return result(splitRegion(monitor, enclave, arg(0), arg(1), arg(2)) ?? 0, fail);
    case EnclaveCall.GET_CALLER_ID:
      // Penglai always answers 0 here (a memcmp bug, reference §7); we answer the caller.
      return enclave.frame ? result(enclave.frame.callerEid) : fail(AbiError.BAD_STATE);
    case EnclaveCall.YIELD:
      // In a sliced run YIELD gives the host its turn; in a plain RUN there is nobody to yield to.
      return monitor.runTop?.slice ? yieldRun(monitor, epc) : result(0);
    case EnclaveCall.GET_REPORT: {
      // a0 = name of a server or 0 for itself, a1 = report buffer, a2 = nonce. The hash is
      // the measurement taken at creation (Penglai re-measures itself live, which no
      // verifier can predict once the stack and data have changed).
      let target = enclave;
      if (arg(0) !== 0n) {
        const name = enclave.space.readCString(arg(0), MAX_NAME_CHARS);
        if (name === undefined) return fail(AbiError.BAD_ARGUMENT);
        const server = monitor.servers.get(name);
        if (!server) return fail(AbiError.NOT_FOUND);
        target = server;
      }
      if (!enclave.space.canAccess(arg(1), AttestReport.SIZE, true)) return fail(AbiError.BAD_ARGUMENT);
      enclave.space.write(arg(1), buildReport(monitor.attestation, target.measurement, arg(2)));
      return result(0);
    }
    case EnclaveCall.GET_KEY: {
      // a0 = key type, a1 = buffer, a2 = bytes (1..MAX_KEY_SIZE).
      const type = arg(0);
      const size = arg(2);
      if (type > BigInt(KeyType.ATTEST_KEY) || size === 0n || size > BigInt(MAX_KEY_SIZE)) return fail(AbiError.BAD_ARGUMENT);
      const key = deriveEnclaveKey(monitor.attestation, enclave.measurement, Number(type), Number(size));
      if (!enclave.space.write(arg(1), key)) return fail(AbiError.BAD_ARGUMENT);
      return result(0);
    }
    case EnclaveCall.LAST_ERROR:
      return result(enclave.lastError);
    case EnclaveCall.CALLER_MEASUREMENT:
    case EnclaveCall.VERIFY_REPORT:
    case EnclaveCall.SEAL:
    case EnclaveCall.UNSEAL: {
      const code = teeCall(monitor, enclave, number, arg);
      if (code !== AbiError.OK) enclave.lastError = code;
      return result(code);
    }
    case EnclaveCall.SHM_ATTACH:
      // Penglai answers 0 for any failure; the precise code goes to LAST_ERROR.
      return result(monitor.secureShm.attach(enclave, arg(0)), (code) => fail(code, 0));
    case EnclaveCall.SHM_STAT:
      return result(monitor.secureShm.stat(enclave, arg(0), arg(1)), fail);
    case LINUX_IOCTL:
      return result(0);
    default:
      return monitor.killForBadCall(enclave, epc, `unknown enclave call ${BigInt.asUintN(64, m.getReg(17))}`);
  }
}

function handleOcall(
  monitor: Monitor,
  enclave: Enclave,
  id: number,
  epc: bigint,
  result: (v: number | bigint, onFail?: (code: number) => TrapVerdict) => TrapVerdict,
  fail: (code: number) => TrapVerdict,
): TrapVerdict {
  const arg = (i: number) => monitor.machine.getReg(10 + i);
  switch (id) {
    case Ocall.SYS_WRITE: {
      // eapp_print formats into the kbuffer and the host prints it as a C string.
      const text = enclave.space.read(EnclaveVA.KBUFFER, EnclaveVA.KBUFFER_SIZE);
      if (!text) return fail(AbiError.BAD_STATE);
      const end = text.indexOf(0);
      monitor.print(text.subarray(0, end < 0 ? text.length : end));
      return result(0);
    }
    case Ocall.MMAP: {
      const size = arg(2);
      if (arg(1) !== 0n || size === 0n || size > BigInt(MAX_MMAP)) return fail(AbiError.BAD_ARGUMENT);
      const bytes = Number((size + page - 1n) & ~(page - 1n));
      const va = enclave.space.nextMmapVa(bytes, EnclaveVA.MMAP_TOP);
      if (va <= enclave.heapTop) return fail(AbiError.NO_MEM);
      const pages = enclave.space.mapFresh(va, bytes, USER_RW);
      if (!pages) return fail(AbiError.NO_MEM);
      enclave.space.regions.push({ va, size: bytes, pages });
      return result(va);
    }
    case Ocall.UNMAP: {
      const region = enclave.space.regions.find((r) => r.va === arg(1));
      if (!region || BigInt(region.size) !== ((arg(2) + page - 1n) & ~(page - 1n))) return fail(AbiError.BAD_REGION);
      if (enclave.frame?.request?.region.pages === region.pages) return fail(AbiError.NOT_PERMITTED); // borrowed from the caller
      if (!region.pages.every((p) => monitor.securePool.contains(p))) return fail(AbiError.NOT_PERMITTED); // relay pages: the host's
      // Unmapping flushed exactly these pages from the TLB (Monitor.onTablesChanged).
      enclave.space.detachRegion(region);
      for (const p of region.pages) monitor.securePool.free(p);
      return result(0);
    }
    case Ocall.SBRK: {
      const increment = BigInt.asIntN(64, arg(1));
      const old = enclave.heapTop;
      if (increment === 0n) return result(old);
      if (increment < 0n || (increment & (page - 1n)) !== 0n) return fail(AbiError.BAD_ARGUMENT);
      if (old + increment > enclave.space.nextMmapVa(0, EnclaveVA.MMAP_TOP)) return fail(AbiError.NO_MEM);
      if (!enclave.space.mapFresh(old, Number(increment), USER_RW)) return fail(AbiError.NO_MEM);
      enclave.heapTop = old + increment;
      return result(old);
    }
    case Ocall.RETURN_RELAY_PAGE: {
      // Only the run's top hands relay pages back; the host's RUN returns RELAY_PAGE and a
      // RESUME (Penglai's rerun) gives them back to the enclave, which then sees 0.
      if (enclave !== monitor.runTop?.enclave || !relayToHost(monitor, enclave)) return fail(AbiError.BAD_STATE);
      preemptRun(monitor, RunStatus.RELAY_PAGE, epc + 4n).set(10, 0n);
      return 'resume';
    }
    case Ocall.READ_SECT:
    case Ocall.WRITE_SECT:
      return result(transferSector(monitor.disk, enclave, id === Ocall.READ_SECT ? 'read' : 'write', arg(1), arg(2)), fail);
    case Ocall.SHM_GET:
      // a1 = key, a2 = bytes, a3 = flags (unused, as in Penglai).
      return result(monitor.secureShm.create(enclave, arg(1), arg(2)), fail);
    case Ocall.SHM_DETACH:
      return result(monitor.secureShm.detach(enclave, arg(1)), fail);
    case Ocall.SHM_DESTROY:
      return result(monitor.secureShm.destroy(enclave, arg(1)), fail);
    case Ocall.SHM_EXTEND_MEMORY:
      // In Penglai this is the monitor asking the host for metadata memory, never an
      // enclave's request; the monitor here needs none.
      return fail(AbiError.NOT_PERMITTED);
    case Ocall.GETRANDOM: {
      const length = Number(arg(2) & 0xffffn);
      if (!enclave.space.write(arg(1), monitor.random.bytes(length))) return fail(AbiError.BAD_ARGUMENT);
      return result(length);
    }
    default:
      return monitor.killForBadCall(enclave, epc, `unknown ocall ${BigInt.asUintN(64, arg(0))}`);
  }
}
