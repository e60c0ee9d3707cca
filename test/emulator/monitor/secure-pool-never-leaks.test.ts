// Issue 13, class 1: the secure pool never leaks. Every allocation is all or nothing,
// nothing is mapped over a live entry (PageTable.map throws MonitorInvariantError, which
// would fail these tests), and destroying an enclave returns every page it ever held.
import { describe, expect, it } from 'vitest';
import { AbiError, EnclaveCall, EnclaveVA, HostCall, Ocall } from '../../../runtime/abi.js';
import { EcallHarness, Rng, tinyEnclave } from './support/ecall-harness.js';
import { emptyCounts, fuzzImages, randomStep } from './support/ecall-fuzzer.js';

const MiB = 1024 * 1024;

describe('the secure pool never leaks', () => {
  it('MMAP 64 MiB, an SBRK too large for the pool, UNMAP, SBRK 64 MiB, exit: three times, and the pool is whole each time', () => {
    const h = new EcallHarness({ ramSize: 256 * MiB, hostSize: 8 * MiB });
    const start = h.monitor.securePool.freePages;
    for (let round = 0; round < 3; round++) {
      const { eid } = h.create(tinyEnclave(), 0, 'leaker');
      expect(h.host(HostCall.RUN_ENCLAVE, BigInt(eid!))).toBeUndefined();
      const region = h.enclaveCall(EnclaveCall.OCALL, BigInt(Ocall.MMAP), 0n, BigInt(64 * MiB));
      expect(region).toBeGreaterThan(0n);
      expect(h.enclaveCall(EnclaveCall.OCALL, BigInt(Ocall.SBRK), 0x10_0000_0000n)).toBe(-1n);
      expect(h.enclaveCall(EnclaveCall.LAST_ERROR)).toBe(BigInt(AbiError.NO_MEM));
      expect(h.enclaveCall(EnclaveCall.OCALL, BigInt(Ocall.UNMAP), region, BigInt(64 * MiB))).toBe(0n);
      expect(h.enclaveCall(EnclaveCall.OCALL, BigInt(Ocall.SBRK), BigInt(64 * MiB))).toBe(EnclaveVA.HEAP_BASE);
      h.enclaveCall(EnclaveCall.EAPP_RETURN, 0n);
      expect(h.monitor.current).toBeUndefined();
      expect(h.monitor.securePool.freePages).toBe(start);
    }
  });

  it('a failed SBRK or MMAP keeps no page: the free pool is what it was before the call', () => {
    const h = new EcallHarness({ ramSize: 16 * MiB });
    const { eid } = h.create(tinyEnclave(), 0, 'grower');
    h.host(HostCall.RUN_ENCLAVE, BigInt(eid!));
    const before = h.monitor.securePool.freePages;
    // One page more than the pool holds, and the whole pool (whose tables then cannot fit).
    for (const bytes of [BigInt((before + 1) * 4096), BigInt(before * 4096)]) {
      expect(h.enclaveCall(EnclaveCall.OCALL, BigInt(Ocall.SBRK), bytes)).toBe(-1n);
      expect(h.enclaveCall(EnclaveCall.OCALL, BigInt(Ocall.MMAP), 0n, bytes)).toBe(-1n);
    }
    const after = h.monitor.securePool.freePages;
    expect(after).toBe(before);
    h.enclaveCall(EnclaveCall.EAPP_RETURN, 0n);
  });

  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`seed ${seed}: 700 random ecalls by random enclaves, the pool run dry along the way, and destroying them all gives back exactly the starting pool`, () => {
      const h = new EcallHarness({ ramSize: 16 * MiB });
      const start = h.monitor.securePool.freePages;
      const rng = new Rng(seed);
      const counts = emptyCounts();
      const images = fuzzImages();
      let exhaustions = 0;
      for (let i = 0; i < 700; i++) {
        randomStep(h, rng, counts, images);
        // Exhaust the pool on purpose now and then: one enclave maps all it can.
        if (h.monitor.current && rng.chance(2)) {
          exhaustions++;
          while (h.enclaveCall(EnclaveCall.OCALL, BigInt(Ocall.MMAP), 0n, 256n * 1024n) > 0n);
          counts.outOfMemory++;
          // Grow the heap into the dry pool, then again: a partial growth must leave nothing to overwrite.
          h.enclaveCall(EnclaveCall.OCALL, BigInt(Ocall.UNMAP), h.monitor.current.space.regions.at(-1)?.va ?? 0n, 256n * 1024n);
          for (const pages of [200n, 8n]) h.enclaveCall(EnclaveCall.OCALL, BigInt(Ocall.SBRK), pages * 4096n);
        }
      }
      h.teardown();
      expect(h.monitor.enclaves.size).toBe(0);
      expect(h.monitor.securePool.freePages).toBe(start);
      expect(counts.created).toBeGreaterThan(5);
      expect(counts.outOfMemory).toBeGreaterThan(0);
      expect(exhaustions).toBeGreaterThan(0);
    });
  }
});
