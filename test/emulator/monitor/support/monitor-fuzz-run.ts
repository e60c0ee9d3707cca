// The monitor's fuzz campaigns, shared by the CI-sized test and the long-run script
// (npm run fuzz, targets monitor-elf and monitor-ecalls): the ELF loader fed mutated images, and random ecalls by
// random enclaves and the host. Every trap must answer without a JavaScript exception and
// within OPS_BOUND machine operations, whatever the arguments; every teardown must give
// back the exact secure pool it started with.
import { HostCall } from '../../../../runtime/abi.js';
import { elfImage } from '../../../../emulator/monitor/platform.js';
import { planMeasurement } from '../../../../emulator/monitor/measurement-plan.js';
import { attestImage } from '../../../../emulator/monitor/attest-image.js';
import { INSECURE_FIXED_DEVICE_SEED } from '../../../../emulator/monitor/attestation.js';
import { enclaveIdentity } from '../../../../runtime/measurement.js';
import { EcallHarness, Rng } from './ecall-harness.js';
import { emptyCounts, fuzzImages, randomStep, type FuzzCounts } from './ecall-fuzzer.js';
import { mutateElf } from './elf-mutations.js';

const RAM = 16 * 1024 * 1024;

/**
 * The most machine operations (physical accesses, TLB flushes, register reads) one trap
 * may take on the fuzz machine: a few per page of all its memory, however large the
 * lengths in the registers. Creating or destroying an enclave touches each of its pages
 * a few times; nothing loops over a caller's length.
 */
export const OPS_BOUND = 8 * (RAM / 4096) + 20_000;

export interface CampaignResult {
  runs: number;
  failures: string[];
  maxOps: number;
  counts: FuzzCounts;
  /** Images the loader accepted (the rest were refused with an error value). */
  accepted: number;
}

function fresh(): EcallHarness {
  return new EcallHarness({ ramSize: RAM });
}

function check(h: EcallHarness, failures: string[], what: string): void {
  if (h.lastOps > OPS_BOUND) failures.push(`${what}: ${h.lastOps} machine operations in one trap (bound ${OPS_BOUND})`);
}

/**
 * One image through elfImage, planMeasurement and CREATE (then DESTROY) on `h`: what went
 * wrong, or undefined. Throws when the monitor does (the caller counts that as a failure).
 */
export function loadOneElf(h: EcallHarness, elf: Uint8Array, type: 0 | 1 | 2, name: string, stack: bigint): { failure?: string; created: boolean } {
  const image = elfImage(elf);
  if (!('error' in image)) planMeasurement(image);
  const created = h.create(elf, type, name, stack);
  const failure = h.lastOps > OPS_BOUND ? `${h.lastOps} machine operations in one trap (bound ${OPS_BOUND})` : undefined;
  if (created.eid !== undefined) h.host(HostCall.DESTROY_ENCLAVE, BigInt(created.eid));
  return { failure, created: created.eid !== undefined };
}

/**
 * Sequence `index` of `seed`: `steps` random steps on a fresh machine, then teardown. What
 * went wrong (a trap over the bound, a page the teardown did not give back), or undefined.
 */
export function runSequence(seed: number, index: number, steps: number, counts: FuzzCounts = emptyCounts()): string | undefined {
  const rng = new Rng((BigInt(seed) << 32n) | BigInt(index));
  const h = fresh();
  const start = h.monitor.securePool.freePages;
  const images = fuzzImages();
  for (let i = 0; i < steps; i++) {
    randomStep(h, rng, counts, images);
    if (h.lastOps > OPS_BOUND) return `step ${i}: ${h.lastOps} machine operations in one trap (bound ${OPS_BOUND})`;
  }
  h.teardown();
  if (h.maxOps > OPS_BOUND) return `teardown: ${h.maxOps} machine operations in one trap (bound ${OPS_BOUND})`;
  const left = start - h.monitor.securePool.freePages;
  return left === 0 ? undefined : `teardown left ${left} secure pages allocated`;
}

/** `count` mutated ELF images through elfImage, planMeasurement, CREATE and (one in `attestEvery`) attestImage. */
export function fuzzElfLoader(seed: number, count: number, attestEvery = 500): CampaignResult {
  const rng = new Rng(seed);
  const images = fuzzImages();
  const failures: string[] = [];
  let accepted = 0;
  let maxOps = 0;
  let h = fresh();
  for (let i = 0; i < count && failures.length < 10; i++) {
    const elf = mutateElf(rng.pick(images), rng);
    const what = `seed ${seed} image ${i}`;
    try {
      const type = rng.pick([0, 1, 2] as const);
      const loaded = loadOneElf(h, elf, type, `x${i % 7}`, rng.chance(80) ? 0n : rng.next());
      if (loaded.failure) failures.push(`${what}: ${loaded.failure}`);
      maxOps = Math.max(maxOps, h.maxOps);
      if (loaded.created) accepted++;
      if (attestEvery > 0 && i % attestEvery === 0) attestImage(elf, BigInt(i), enclaveIdentity(type, `x${i % 7}`), INSECURE_FIXED_DEVICE_SEED);
      if (i % 1000 === 999) h = fresh();
    } catch (error) {
      failures.push(`${what}: threw ${(error as Error).stack ?? error}`);
      h = fresh();
    }
  }
  return { runs: count, failures, maxOps, counts: emptyCounts(), accepted };
}

/** `count` random steps (host and enclave ecalls, faults, budget ends), torn down every `round` steps. */
export function fuzzEcalls(seed: number, count: number, round = 400): CampaignResult {
  const rng = new Rng(seed);
  const images = fuzzImages();
  const failures: string[] = [];
  const counts = emptyCounts();
  let maxOps = 0;
  let h = fresh();
  let start = h.monitor.securePool.freePages;
  for (let i = 0; i < count && failures.length < 10; i++) {
    const what = `seed ${seed} step ${i}`;
    try {
      randomStep(h, rng, counts, images);
      check(h, failures, what);
      maxOps = Math.max(maxOps, h.maxOps);
      if (i % round === round - 1 || i === count - 1) {
        h.teardown();
        maxOps = Math.max(maxOps, h.maxOps);
        if (h.monitor.securePool.freePages !== start) {
          failures.push(`${what}: teardown left ${start - h.monitor.securePool.freePages} secure pages allocated`);
        }
        h = fresh();
        start = h.monitor.securePool.freePages;
      }
    } catch (error) {
      failures.push(`${what}: threw ${(error as Error).stack ?? error}`);
      h = fresh();
      start = h.monitor.securePool.freePages;
    }
  }
  return { runs: count, failures, maxOps, counts, accepted: counts.created };
}
