// Issue 13, class 3: no JavaScript exception and no unbounded loop inside the trap hook,
// for any input. A CI-sized sample of the long-run campaigns (npm run fuzz, targets monitor-elf and monitor-ecalls):
// mutated ELF images through the loader, and random ecalls with hostile arguments, each
// answered within OPS_BOUND machine operations, with the secure pool whole after teardown.
import { describe, expect, it } from 'vitest';
import { HostCall, LinuxSyscall } from '../../../../runtime/abi.js';
import { elfImage } from '../../../../emulator/monitor/platform.js';
import { planMeasurement } from '../../../../emulator/monitor/measurement-plan.js';
import { attestImage } from '../../../../emulator/monitor/attest-image.js';
import { INSECURE_FIXED_DEVICE_SEED } from '../../../../emulator/monitor/attestation.js';
import { NORMAL_IDENTITY } from '../../../../runtime/measurement.js';
import { EcallHarness, tinyElf } from '../support/ecall-harness.js';
import { OPS_BOUND, fuzzEcalls, fuzzElfLoader } from '../support/monitor-fuzz-run.js';
import { monitorEcalls, monitorElf } from '../../../../scripts/fuzz/monitor.js';

const hugeBss = tinyElf(0x1000n, [
  { vaddr: 0x1000n, flags: 5, data: new Uint8Array(16) },
  { vaddr: 0x2000n, flags: 6, data: new Uint8Array(8), memSize: 1n << 47n },
]);

describe('the ELF loader and every ecall handler answer any input', () => {
  it('an enclave ELF with p_memsz = 2^47 is refused with a sentence by the loader, the predictor and attest', () => {
    expect(elfImage(hugeBss)).toEqual({ error: 'segment 1 (vaddr 0x2000) is 140737488355328 bytes, more than 4294967296' });
    const wide = tinyElf(0x1000n, [
      { vaddr: 0x1000n, flags: 5, data: new Uint8Array(16) },
      { vaddr: 0x2000n, flags: 6, data: new Uint8Array(8), memSize: 1n << 31n },
    ]);
    const image = elfImage(wide);
    expect('error' in image).toBe(false);
    if (!('error' in image)) {
      expect(planMeasurement(image)).toEqual({ error: 'the image needs 524306 pages of secure memory, more than the 48640 there are' });
    }
    expect(attestImage(hugeBss, 1n, NORMAL_IDENTITY, INSECURE_FIXED_DEVICE_SEED)).toEqual({ error: 'the enclave ELF is not valid: segment 1 (vaddr 0x2000) is 140737488355328 bytes, more than 4294967296' });
    const h = new EcallHarness();
    expect(h.create(hugeBss, 0, 'huge').status).toBe(-16n);
    expect(h.output).toBe('monitor: create "huge" refused: the enclave ELF is not valid: segment 1 (vaddr 0x2000) is 140737488355328 bytes, more than 4294967296\n');
  });

  it('a host munmap(va, 2^62) answers EINVAL at once, and munmap of a real range visits only its mapped pages', () => {
    const h = new EcallHarness();
    expect(h.syscall(LinuxSyscall.MUNMAP, 0x20000n, 1n << 62n)).toBe(-22n);
    expect(h.lastOps).toBeLessThan(50);
    const va = h.syscall(LinuxSyscall.MMAP, 0n, 0x4000n, 3n, 0x22n, -1n, 0n);
    expect(va).toBeGreaterThan(0n);
    expect(h.syscall(LinuxSyscall.MUNMAP, 0x1000n, 0x3f_ffff_e000n)).toBe(0n);
    expect(h.lastOps).toBeLessThan(5000);
    expect(h.monitor.host.space.isMapped(va)).toBe(false);
  });

  it('3000 mutated ELF images: every one answered, none throws, each within the bound', () => {
    const result = fuzzElfLoader(21, 3000, 1000);
    expect(result.failures).toEqual([]);
    expect(result.accepted).toBeGreaterThan(100);
    expect(result.maxOps).toBeLessThanOrEqual(OPS_BOUND);
  });

  for (const seed of [31, 32]) {
    it(`seed ${seed}: 2500 random ecalls with hostile arguments: every one answered, none throws, each within the bound, the pool whole after`, () => {
      const result = fuzzEcalls(seed, 2500);
      expect(result.failures).toEqual([]);
      expect(result.counts.hostCalls).toBeGreaterThan(500);
      expect(result.counts.enclaveCalls).toBeGreaterThan(300);
      expect(result.maxOps).toBeLessThanOrEqual(OPS_BOUND);
    });
  }

  it('DESTROY of every eid the host can name answers a status, and the host driver refuses unknown functions', () => {
    const h = new EcallHarness();
    for (const eid of [0n, 1n, 0x7fff_ffffn, 1n << 32n, (1n << 64n) - 1n]) expect(h.host(HostCall.DESTROY_ENCLAVE, eid)).toEqual({ status: -10n, value: 0n });
    expect(h.host(12345, 1n)).toEqual({ status: -16n, value: 0n });
  });

  it('the fuzz registry targets: numbered inputs reproduce, and 300 images and 40 sequences all pass', () => {
    const elf = monitorElf.start('.', 3);
    expect(elf.input(17)).toEqual(monitorElf.start('.', 3).input(17));
    for (let i = 0; i < 300; i++) expect(elf.run(elf.input(i))).toBeUndefined();
    const ecalls = monitorEcalls.start('.', 3);
    for (let i = 0; i < 40; i++) expect(ecalls.run(ecalls.input(i))).toBeUndefined();
  });
});
