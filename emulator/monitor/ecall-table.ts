// The one dispatch table of the monitor: every ecall an enclave or the host may make,
// keyed by its number, with the argument checks the dispatcher makes before the
// handler runs. A number not in the table destroys the enclave that made it (an enclave)
// or answers BAD_ARGUMENT (the host's driver). Handlers import only the core
// (monitor-core.ts, call-site.ts), never this table.
import { AbiError, EnclaveCall, HostCall, HostCallExtension, KeyType, MAX_KEY_SIZE, MAX_SHM_SIZE, Ocall } from '../../runtime/abi.js';
import type { TrapVerdict } from './machine-port.js';
import { failedCheck, type ArgCheck, type EnclaveCallSite, type HostCallSite } from './call-site.js';
import { smallNumber } from './monitor-core.js';
import * as own from './enclave-calls.js';
import { getKey, getReport } from './attestation-calls.js';
import { MAX_MMAP, ocallMmap, ocallSbrk, ocallUnmap } from './memory-calls.js';
import { asyncCall, ocallReturnRelayPage, splitCall } from './region-calls.js';
import { callServer, returnFromServer } from './server-calls.js';
import { handleExpectOutput, handleExpectStop } from './test-probes.js';
import { teeCall } from './tee-calls.js';
import * as driver from './host-driver.js';
import * as harts from './harts.js';
import { setServerPolicyCall } from './server-policy.js';
import { hexOf } from './trace-records.js';

/** Linux `ioctl`, which C enclaves built against Penglai's SDK may issue. */
const LINUX_IOCTL = 29;

/**
 * How a refused check answers: `penglai` -1 with the code in LAST_ERROR, `zero` 0 with
 * the code in LAST_ERROR, `code` the code itself in a0 (penglaic's own calls).
 */
export type Refusal = 'penglai' | 'zero' | 'code';

export interface EnclaveCallRow {
  readonly name: string;
  readonly checks: readonly ArgCheck[];
  readonly refusal: Refusal;
  readonly handle: (call: EnclaveCallSite) => TrapVerdict;
}

export interface HostCallRow {
  readonly name: string;
  readonly checks: readonly ArgCheck[];
  readonly handle: (call: HostCallSite) => TrapVerdict;
}

const row = (name: string, handle: EnclaveCallRow['handle'], checks: readonly ArgCheck[] = [], refusal: Refusal = 'penglai'): EnclaveCallRow => ({
  name,
  checks,
  refusal,
  handle,
});
const size = (reg: number, min: bigint, max: bigint): ArgCheck => ({ reg, kind: 'range', min, max });

/** Ocalls: EnclaveCall.OCALL with the id in a0. */
export const ocalls: ReadonlyMap<number, EnclaveCallRow> = new Map([
  [Ocall.MMAP, row('MMAP', ocallMmap, [{ reg: 1, kind: 'zero' }, size(2, 1n, BigInt(MAX_MMAP))])],
  [Ocall.UNMAP, row('UNMAP', ocallUnmap)],
  [Ocall.SYS_WRITE, row('SYS_WRITE', own.ocallWrite)],
  [Ocall.SBRK, row('SBRK', ocallSbrk)],
  [Ocall.READ_SECT, row('READ_SECT', own.ocallSector)],
  [Ocall.WRITE_SECT, row('WRITE_SECT', own.ocallSector)],
  [Ocall.RETURN_RELAY_PAGE, row('RETURN_RELAY_PAGE', ocallReturnRelayPage)],
  [Ocall.GETRANDOM, row('GETRANDOM', own.ocallGetRandom)],
  [Ocall.SHM_GET, row('SHM_GET', own.ocallShmGet)],
  [Ocall.SHM_DETACH, row('SHM_DETACH', own.ocallShmDetach)],
  [Ocall.SHM_DESTROY, row('SHM_DESTROY', own.ocallShmDestroy)],
  [Ocall.SHM_EXTEND_MEMORY, row('SHM_EXTEND_MEMORY', own.ocallShmExtend)],
]);

function ocall(call: EnclaveCallSite): TrapVerdict {
  call.ocall = smallNumber(call.arg(0));
  const entry = ocalls.get(call.ocall);
  if (!entry) return call.kill(`unknown ocall ${BigInt.asUintN(64, call.arg(0))}`);
  // A print is traced with its text by its handler; the others as they are made.
  const monitor = call.monitor;
  if (monitor.tracer && call.ocall !== Ocall.SYS_WRITE) {
    monitor.tracer.event({ ...monitor.traceBase(), kind: 'ocall', pc: hexOf(call.epc), ra: hexOf(monitor.machine.getReg(1)), ocall: entry.name });
  }
  return run(entry, call);
}

/** Enclave calls: a6 = SBI_EXT_PENGLAI_ENCLAVE, a7 = the number, a0.. the arguments. */
export const enclaveCalls: ReadonlyMap<number, EnclaveCallRow> = new Map([
  [EnclaveCall.EAPP_RETURN, row('EAPP_RETURN', own.eappReturn)],
  [EnclaveCall.OCALL, row('OCALL', ocall)],
  [EnclaveCall.ACQUIRE_ENCLAVE, row('ACQUIRE_ENCLAVE', own.acquireEnclave)],
  [EnclaveCall.ACQUIRE_TYPED, row('ACQUIRE_TYPED', own.acquireTyped, [], 'code')],
  [EnclaveCall.CALL_ENCLAVE, row('CALL_ENCLAVE', callServer)],
  [EnclaveCall.SERVER_RETURN, row('SERVER_RETURN', returnFromServer)],
  [EnclaveCall.GET_ENCLAVE_ID, row('GET_ENCLAVE_ID', own.getEnclaveId)],
  [EnclaveCall.ASYN_ENCLAVE_CALL, row('ASYN_ENCLAVE_CALL', asyncCall)],
  [EnclaveCall.SPLIT_MEM_REGION, row('SPLIT_MEM_REGION', splitCall)],
  [EnclaveCall.GET_CALLER_ID, row('GET_CALLER_ID', own.getCallerId)],
  [EnclaveCall.YIELD, row('YIELD', own.yieldCall)],
  [EnclaveCall.GET_REPORT, row('GET_REPORT', getReport)],
  [
    EnclaveCall.GET_KEY,
    row('GET_KEY', getKey, [size(0, 0n, BigInt(KeyType.ATTEST_KEY)), size(2, 1n, BigInt(MAX_KEY_SIZE))]),
  ],
  [EnclaveCall.LAST_ERROR, row('LAST_ERROR', own.lastError)],
  [EnclaveCall.CALLER_MEASUREMENT, row('CALLER_MEASUREMENT', teeRow, [], 'code')],
  [EnclaveCall.VERIFY_REPORT, row('VERIFY_REPORT', teeRow, [], 'code')],
  [EnclaveCall.SEAL, row('SEAL', teeRow, [], 'code')],
  [EnclaveCall.UNSEAL, row('UNSEAL', teeRow, [], 'code')],
  [EnclaveCall.SHM_ATTACH, row('SHM_ATTACH', own.shmAttach, [], 'zero')],
  [EnclaveCall.SHM_STAT, row('SHM_STAT', own.shmStat)],
  [LINUX_IOCTL, row('ioctl', own.linuxIoctl)],
]);

/** penglaic's trusted-execution calls (tee-calls.ts): a precise code in a0, kept for LAST_ERROR too. */
function teeRow(call: EnclaveCallSite): TrapVerdict {
  const number = smallNumber(call.monitor.machine.getReg(17));
  const code = teeCall(call.monitor, call.enclave, number, (i) => call.arg(i));
  if (code !== AbiError.OK) call.enclave.lastError = code;
  return call.answer(code);
}

function run(entry: EnclaveCallRow, call: EnclaveCallSite): TrapVerdict {
  if (entry.checks.length > 0) {
    const space = call.enclave.space;
    const refused = failedCheck(entry.checks, (i) => call.arg(i), (va, length, write) => space.canAccess(va, length, write));
    if (refused !== undefined) {
      if (entry.refusal === 'code') return call.answer(refused);
      return call.fail(refused, entry.refusal === 'zero' ? 0 : AbiError.ERROR);
    }
  }
  return entry.handle(call);
}

/** enclaveCalls below 256 (all of them today) as an array by number: the dispatch on every ecall is one index. */
const enclaveCallByNumber: (EnclaveCallRow | undefined)[] = Array.from({ length: 256 }, (_, number) => enclaveCalls.get(number));

/** Dispatches one enclave ecall (a7 = `number`, -1 when it does not fit 32 bits); `call` says who made it. */
export function dispatchEnclaveCall(call: EnclaveCallSite, number: number): TrapVerdict {
  call.ocall = -1;
  const entry = number >= 0 && number < enclaveCallByNumber.length ? enclaveCallByNumber[number] : enclaveCalls.get(number);
  if (!entry) return call.kill(`unknown enclave call ${BigInt.asUintN(64, call.monitor.machine.getReg(17))}`);
  return run(entry, call);
}

const hostRow = (name: string, handle: HostCallRow['handle'], checks: readonly ArgCheck[] = []): HostCallRow => ({ name, checks, handle });
const shmSize = (reg: number) => size(reg, 1n, BigInt(MAX_SHM_SIZE));

/** Host driver calls: a7 = SBI_EXT_PENGLAI_HOST, a6 = the function, a0.. the arguments. */
export const hostCalls: ReadonlyMap<number, HostCallRow> = new Map([
  [HostCall.CREATE_ENCLAVE, hostRow('CREATE_ENCLAVE', driver.createCall)],
  [HostCall.CREATE_SERVER, hostRow('CREATE_SERVER', driver.createCall)],
  [HostCall.RUN_ENCLAVE, hostRow('RUN_ENCLAVE', driver.runCall)],
  [HostCallExtension.RUN_SLICED, hostRow('RUN_SLICED', driver.runCall)],
  [HostCall.RESUME_ENCLAVE, hostRow('RESUME_ENCLAVE', driver.runCall)],
  [HostCallExtension.SHM_GET, hostRow('SHM_GET', driver.shmGetCall, [shmSize(0)])],
  [HostCallExtension.SHM_BIND, hostRow('SHM_BIND', driver.shmBindCall)],
  [HostCallExtension.RELAY_GET, hostRow('RELAY_GET', driver.relayGetCall, [shmSize(0)])],
  [HostCallExtension.RELAY_BIND, hostRow('RELAY_BIND', driver.relayBindCall)],
  [HostCall.STOP_ENCLAVE, hostRow('STOP_ENCLAVE', (call) => harts.stopOnHartCall(call) ?? driver.stopCall(call))],
  [HostCallExtension.START_ON_HART, hostRow('START_ON_HART', harts.startOnHartCall)],
  [HostCallExtension.JOIN, hostRow('JOIN', harts.joinCall)],
  [HostCallExtension.SET_SERVER_POLICY, hostRow('SET_SERVER_POLICY', setServerPolicyCall)],
  [HostCall.ATTEST_ENCLAVE, hostRow('ATTEST_ENCLAVE', driver.attestCall)],
  [HostCall.DESTROY_ENCLAVE, hostRow('DESTROY_ENCLAVE', driver.destroyCall)],
  [HostCall.DESTROY_SERVER, hostRow('DESTROY_SERVER', driver.destroyCall)],
  [HostCallExtension.EXPECT_STOP, hostRow('EXPECT_STOP', (call) => handleExpectStop(call.monitor, call.epc))],
  [HostCallExtension.EXPECT_OUTPUT, hostRow('EXPECT_OUTPUT', (call) => handleExpectOutput(call.monitor, call.epc))],
]);

/** Dispatches one host driver call (a6 = `call.fn`). */
export function dispatchHostCall(call: HostCallSite): TrapVerdict {
  const entry = hostCalls.get(call.fn);
  if (!entry) return call.answer(AbiError.BAD_ARGUMENT);
  if (entry.checks.length > 0) {
    const space = call.monitor.host.space;
    const refused = failedCheck(entry.checks, (i) => call.arg(i), (va, length, write) => space.canAccess(va, length, write));
    if (refused !== undefined) return call.answer(refused);
  }
  return entry.handle(call);
}
