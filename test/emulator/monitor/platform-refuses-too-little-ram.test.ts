// A machine too small for the monitor, the host area and a secure pool is refused with a
// sentence before anything is allocated (it used to throw a RangeError from the page pool).
import { describe, expect, it } from 'vitest';
import { runPlatform } from '../../../emulator/monitor/platform.js';
import { INSECURE_FIXED_DEVICE_SEED } from '../../../emulator/monitor/attestation.js';

const run = (ramSize: number) =>
  runPlatform({ ramSize, deviceSeed: INSECURE_FIXED_DEVICE_SEED, hostElf: new Uint8Array(0), files: new Map(), stdout: () => {} });

describe('the platform', () => {
  it('refuses RAM that cannot hold the monitor, the host and a secure pool, whatever the size', () => {
    const message = (n: number) => `the machine needs at least 70 MiB of RAM in whole pages (the monitor's 2 MiB, the host's 64 MiB and a 4 MiB secure pool), not ${n} bytes`;
    for (const size of [0, 1, 4096, 32 * 1024 * 1024, 66 * 1024 * 1024, 70 * 1024 * 1024 - 4096, 70 * 1024 * 1024 + 1, -4096, 2 ** 60]) {
      expect(run(size)).toEqual({ error: message(size) });
    }
  });

  it('accepts the smallest machine that fits and gets as far as loading the host', () => {
    expect(run(70 * 1024 * 1024)).toEqual({ error: expect.not.stringContaining('RAM') });
  });
});
