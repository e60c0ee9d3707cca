// penglaic's trusted-execution calls beyond Penglai's (runtime/README.md, "Attestation
// and sealing inside an enclave"): a server learns its caller's measurement, an enclave
// has the monitor check a report it obtained, and data is sealed to the enclave's
// measurement. Each answers a precise code directly (no Penglai -1 to stay compatible
// with), and a failure writes nothing to the enclave's memory.
import { AbiError, AttestReport, EnclaveCall, MAX_SEAL_SIZE, SEAL_OVERHEAD } from '../../runtime/abi.js';
import { verifyReport } from './attestation.js';
import type { Enclave } from './enclave.js';
import type { MonitorCore as Monitor } from './monitor-core.js';
import { IV_SIZE, sealBlob, unsealBlob } from './sealing.js';

const MEASUREMENT_SIZE = 32;

/** The answer (a code, 0 for success) of TEE call `number` with arguments `a0..a2`. */
export function teeCall(monitor: Monitor, enclave: Enclave, number: number, arg: (i: number) => bigint): number {
  switch (number) {
    case EnclaveCall.CALLER_MEASUREMENT: {
      // The direct caller: the enclave whose CALL_ENCLAVE this server is serving.
      const caller = enclave.frame && monitor.enclaves.get(enclave.frame.callerEid);
      if (!caller) return AbiError.BAD_STATE;
      return enclave.space.write(arg(0), caller.measurement) ? AbiError.OK : AbiError.BAD_ARGUMENT;
    }
    case EnclaveCall.VERIFY_REPORT: {
      const report = enclave.space.read(arg(0), AttestReport.SIZE);
      const expected = enclave.space.read(arg(1), MEASUREMENT_SIZE);
      if (!report || !expected) return AbiError.BAD_ARGUMENT;
      const verdict = verifyReport(report, expected, monitor.attestation, arg(2));
      return verdict.ok ? AbiError.OK : AbiError.BAD_REPORT;
    }
    case EnclaveCall.SEAL: {
      const length = arg(1);
      if (length === 0n || length > BigInt(MAX_SEAL_SIZE)) return AbiError.BAD_ARGUMENT;
      const plaintext = enclave.space.read(arg(0), Number(length));
      if (!plaintext || !enclave.space.canAccess(arg(2), Number(length) + SEAL_OVERHEAD, true)) return AbiError.BAD_ARGUMENT;
      const entropy = monitor.random.bytes(IV_SIZE);
      return enclave.space.write(arg(2), sealBlob(monitor.attestation, enclave.measurement, entropy, plaintext)) ? AbiError.OK : AbiError.BAD_ARGUMENT;
    }
    case EnclaveCall.UNSEAL: {
      const length = arg(1);
      if (length <= BigInt(SEAL_OVERHEAD) || length > BigInt(MAX_SEAL_SIZE + SEAL_OVERHEAD)) return AbiError.BAD_ARGUMENT;
      const blob = enclave.space.read(arg(0), Number(length));
      if (!blob || !enclave.space.canAccess(arg(2), Number(length) - SEAL_OVERHEAD, true)) return AbiError.BAD_ARGUMENT;
      const plaintext = unsealBlob(monitor.attestation, enclave.measurement, blob);
      if (!plaintext) return AbiError.UNSEAL_FAILED;
      return enclave.space.write(arg(2), plaintext) ? AbiError.OK : AbiError.BAD_ARGUMENT;
    }
    default:
      return AbiError.BAD_ARGUMENT;
  }
}
