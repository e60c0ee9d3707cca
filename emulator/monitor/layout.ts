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
