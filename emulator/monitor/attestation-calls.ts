// GET_REPORT and GET_KEY (reference §2): reports signed by the monitor, keys derived
// from the device secret and the enclave's measurement (attestation.ts).
import { AbiError, AttestReport, MAX_NAME_CHARS } from '../../runtime/abi.js';
import { buildReport, deriveEnclaveKey } from './attestation.js';
import type { TrapVerdict } from './machine-port.js';
import type { EnclaveCallSite } from './call-site.js';
import { hexOf, bytesHex } from './trace-records.js';

/**
 * a0 = name of a server or 0 for itself, a1 = report buffer, a2 = nonce. The hash is
 * the measurement taken at creation (Penglai re-measures itself live, which no verifier
 * can predict once the stack and data have changed).
 */
export function getReport(call: EnclaveCallSite): TrapVerdict {
  const { monitor, enclave } = call;
  let target = enclave;
  if (call.arg(0) !== 0n) {
    const name = enclave.space.readCString(call.arg(0), MAX_NAME_CHARS);
    if (name === undefined) return call.fail(AbiError.BAD_ARGUMENT);
    const server = monitor.servers.get(name);
    if (!server) return call.fail(AbiError.NOT_FOUND);
    target = server;
  }
  if (!enclave.space.canAccess(call.arg(1), AttestReport.SIZE, true)) return call.fail(AbiError.BAD_ARGUMENT);
  enclave.space.write(call.arg(1), buildReport(monitor.attestation, target.measurement, call.arg(2)));
  monitor.tracer?.event({ ...monitor.traceBase(), kind: 'attest', pc: hexOf(call.epc), eid: target.eid, nonce: hexOf(call.arg(2)), measurement: bytesHex(target.measurement), code: 0 });
  return call.answer(0);
}

/** a0 = key type, a1 = buffer, a2 = bytes (the table bounds a0 and a2). */
export function getKey(call: EnclaveCallSite): TrapVerdict {
  const key = deriveEnclaveKey(call.monitor.attestation, call.enclave.measurement, Number(call.arg(0)), Number(call.arg(2)));
  const written = call.enclave.space.write(call.arg(1), key);
  const { monitor } = call;
  monitor.tracer?.event({ ...monitor.traceBase(), kind: 'key', pc: hexOf(call.epc), keyType: Number(call.arg(0)), size: key.length, key: written ? bytesHex(key) : '', code: written ? 0 : AbiError.BAD_ARGUMENT });
  if (!written) return call.fail(AbiError.BAD_ARGUMENT);
  return call.answer(0);
}
