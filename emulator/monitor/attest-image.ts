// Attesting an enclave image outside a program run: a fresh machine and monitor create
// the enclave from its ELF exactly as the CREATE host call does (same loader, same
// measurement), then sign a report for the nonce, as ATTEST_ENCLAVE would for a FRESH
// enclave. `penglaic attest` writes it; `penglaic verify` checks it.
import { DEFAULT_STACK_SIZE, EnclaveType } from '../../runtime/abi.js';
import { Machine } from '../machine.js';
import { buildReport } from './attestation.js';
import { createEnclave } from './enclave-loader.js';
import { Monitor } from './monitor.js';
import { elfImage } from './platform.js';

export function attestImage(elf: Uint8Array, nonce: bigint, server: boolean): { report: Uint8Array } | { error: string } {
  const machine = new Machine({ ramSize: 64 * 1024 * 1024 });
  const monitor = new Monitor(machine, {
    ramSize: 64 * 1024 * 1024,
    hostSize: 8 * 1024 * 1024,
    stdout: () => {},
    files: new Map(),
    enclaveMaxSteps: 1,
    totalMaxSteps: 1,
    parseElf: elfImage,
  });
  const created = createEnclave(monitor, { name: 'attested', type: server ? EnclaveType.SERVER : EnclaveType.NORMAL, elf, stackSize: DEFAULT_STACK_SIZE });
  if ('code' in created) return { error: created.message };
  return { report: buildReport(monitor.attestation, created.enclave.measurement, nonce) };
}
