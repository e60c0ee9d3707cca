// Issue 13, class 5: the measurement binds what changes behaviour. One ELF created as
// NORMAL, as SERVER under two names and as SHADOW measures four ways and gets four sets
// of GET_KEY keys (a server is entered at _start with registers any caller picks, so data
// sealed by the NORMAL enclave must not open for it); the predictor gets each exactly.
import { describe, expect, it } from 'vitest';
import { CallArg, DEFAULT_STACK_SIZE, EnclaveCall, EnclaveType, EnclaveVA, HostCall, KeyType, type EnclaveTypeValue } from '../../../runtime/abi.js';
import { enclaveIdentity } from '../../../runtime/measurement.js';
import { elfImage } from '../../../emulator/monitor/platform.js';
import { predictMeasurement } from '../../../emulator/monitor/measurement-plan.js';
import type { ElfImage } from '../../../emulator/monitor/elf-image.js';
import { EcallHarness, Rng, tinyEnclave } from './support/ecall-harness.js';
import { fuzzImages } from './support/ecall-fuzzer.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** GET_KEY(ENCLAVE_KEY, 32 bytes) made by the executing enclave, read back from its stack. */
function enclaveKey(h: EcallHarness): string {
  const va = EnclaveVA.STACK_TOP - 0x400n;
  expect(h.enclaveCall(EnclaveCall.GET_KEY, BigInt(KeyType.ENCLAVE_KEY), va, 32n)).toBe(0n);
  return hex(h.monitor.current!.space.read(va, 32)!);
}

describe('the measurement binds the enclave type and the registered name', () => {
  it('one ELF as NORMAL, SERVER "alpha", SERVER "beta" and SHADOW: four measurements, each predicted exactly, and four sealing keys', () => {
    const elf = tinyEnclave(2);
    const h = new EcallHarness();
    const as: [EnclaveTypeValue, string][] = [
      [EnclaveType.NORMAL, 'n'],
      [EnclaveType.SERVER, 'alpha'],
      [EnclaveType.SERVER, 'beta'],
      [EnclaveType.SHADOW, 't'],
    ];
    const eids = as.map(([type, name]) => h.create(elf, type, name).eid!);
    expect(eids.every((eid) => eid !== undefined)).toBe(true);
    const measured = eids.map((eid) => hex(h.monitor.enclaves.get(eid)!.measurement));
    expect(new Set(measured).size).toBe(4);
    const predicted = as.map(([type, name]) => hex(predictMeasurement(elfImage(elf) as ElfImage, DEFAULT_STACK_SIZE, enclaveIdentity(type, name))));
    expect(predicted).toEqual(measured);
    // A NORMAL enclave's name is a label, not a registration: it does not change the measurement.
    expect(hex(h.monitor.enclaves.get(h.create(elf, EnclaveType.NORMAL, 'other').eid!)!.measurement)).toBe(measured[0]);

    const keys: string[] = [];
    // NORMAL: runs, asks, returns.
    h.host(HostCall.RUN_ENCLAVE, BigInt(eids[0]));
    keys.push(enclaveKey(h));
    h.enclaveCall(EnclaveCall.EAPP_RETURN, 0n);
    // The servers, inside a call from a client; then the SHADOW's instance.
    for (const server of [eids[1], eids[2]]) {
      const client = h.create(elf, EnclaveType.NORMAL, 'client').eid!;
      h.host(HostCall.RUN_ENCLAVE, BigInt(client));
      h.enclaveCall(EnclaveCall.CALL_ENCLAVE, BigInt(server), h.enclaveBytes(0x100, new Uint8Array(CallArg.SIZE)));
      expect(h.monitor.current!.eid).toBe(server);
      keys.push(enclaveKey(h));
      h.enclaveCall(EnclaveCall.SERVER_RETURN, h.enclaveBytes(0x200, new Uint8Array(CallArg.SIZE)));
      h.enclaveCall(EnclaveCall.EAPP_RETURN, 0n);
    }
    h.host(HostCall.RUN_ENCLAVE, BigInt(eids[3]));
    keys.push(enclaveKey(h));
    expect(new Set(keys).size).toBe(4);
  });

  it('for random images, types and names, the predicted measurement is the one the monitor takes (200 creations)', () => {
    const rng = new Rng(51);
    const images = [...fuzzImages().slice(0, 2), tinyEnclave(5, 0x11), tinyEnclave(1, 0x77)];
    let h = new EcallHarness();
    for (let i = 0; i < 200; i++) {
      const elf = rng.pick(images);
      const type = rng.pick([EnclaveType.NORMAL, EnclaveType.SERVER, EnclaveType.SHADOW]);
      const name = `n${rng.below(1000)}`.slice(0, 15);
      const stack = BigInt(rng.pick([4096, 65536, 12345, 1 << 20]));
      const created = h.create(elf, type, name, stack);
      expect(created.status).toBe(0n);
      const enclave = h.monitor.enclaves.get(created.eid!)!;
      expect(hex(predictMeasurement(elfImage(elf) as ElfImage, Number(stack), enclaveIdentity(type, name)))).toBe(hex(enclave.measurement));
      h.host(HostCall.DESTROY_ENCLAVE, BigInt(created.eid!));
      if (i % 50 === 49) h = new EcallHarness();
    }
  });
});
