// Attesting an enclave image outside a program run: a fresh machine and monitor create
// the enclave from its ELF exactly as the CREATE host call does (same loader, same
// measurement, same identity), then sign a report for the nonce, as ATTEST_ENCLAVE would
// for a FRESH enclave. `penglaic attest` writes it; `penglaic verify` checks it.
import { DEFAULT_STACK_SIZE } from '../../runtime/abi.js';
import type { EnclaveIdentity } from '../../runtime/measurement.js';
import { Machine } from '../machine.js';
import { buildReport } from './attestation.js';
import { createEnclave } from './enclave-loader.js';
import { Monitor } from './monitor.js';
import { elfImage } from './platform.js';

export function attestImage(elf: Uint8Array, nonce: bigint, identity: EnclaveIdentity, deviceSeed: Uint8Array): { report: Uint8Array } | { error: string } {
  const machine = new Machine({ ramSize: 64 * 1024 * 1024 });
  const monitor = new Monitor(machine, {
    ramSize: 64 * 1024 * 1024,
    hostSize: 8 * 1024 * 1024,
    stdout: () => {},
    files: new Map(),
    enclaveMaxSteps: 1,
    totalMaxSteps: 1,
    parseElf: elfImage,
    deviceSeed,
  });
  const created = createEnclave(monitor, { name: identity.name, type: identity.type, elf, stackSize: DEFAULT_STACK_SIZE });
  if ('code' in created) return { error: created.message };
  return { report: buildReport(monitor.attestation, created.enclave.measurement, nonce) };
}
