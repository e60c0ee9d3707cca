// Physical memory plan of the emulated platform as the monitor lays it out. Only the
// monitor needs these numbers: compiled programs see virtual addresses (runtime/abi.ts).
//
//   0x8000_0000 +-----------------------------+
//               | monitor (PMP: no U/S access) |  MONITOR_SIZE
//               +-----------------------------+
//               | host memory: host process    |  hostSize
//               | pages and its page tables    |
//               +-----------------------------+
//               | secure pool: enclave pages,  |  the rest of RAM
//               | enclave page tables          |
//               +-----------------------------+

export const RAM_BASE = 0x8000_0000;
export const MONITOR_SIZE = 2 * 1024 * 1024; // PMP0 protects the SM itself (reference §3)
export const DEFAULT_RAM_SIZE = 256 * 1024 * 1024;
export const DEFAULT_HOST_SIZE = 64 * 1024 * 1024;

export interface PhysicalPlan {
  ramBase: number;
  ramSize: number;
  monitorBase: number;
  monitorSize: number;
  hostBase: number;
  hostSize: number;
  secureBase: number;
  secureSize: number;
}

/** Why `ramSize` cannot hold the monitor, the host area and a secure pool, or undefined when it can. */
export function ramSizeProblem(ramSize = DEFAULT_RAM_SIZE, hostSize = DEFAULT_HOST_SIZE): string | undefined {
  const least = MONITOR_SIZE + hostSize + 4 * 1024 * 1024;
  if (!Number.isSafeInteger(ramSize) || ramSize < least || ramSize % 4096 !== 0) {
    return `the machine needs at least ${least / (1024 * 1024)} MiB of RAM in whole pages (the monitor's ${MONITOR_SIZE / (1024 * 1024)} MiB, the host's ${hostSize / (1024 * 1024)} MiB and a 4 MiB secure pool), not ${ramSize} bytes`;
  }
  return undefined;
}

export function physicalPlan(ramSize = DEFAULT_RAM_SIZE, hostSize = DEFAULT_HOST_SIZE): PhysicalPlan {
  const monitorBase = RAM_BASE;
  const hostBase = monitorBase + MONITOR_SIZE;
  const secureBase = hostBase + hostSize;
  return {
    ramBase: RAM_BASE,
    ramSize,
    monitorBase,
    monitorSize: MONITOR_SIZE,
    hostBase,
    hostSize,
    secureBase,
    secureSize: RAM_BASE + ramSize - secureBase,
  };
}
