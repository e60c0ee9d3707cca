// The emulator's public entry: what the CLI (and any other embedder) may use of the machine
// and the monitor. Everything else under emulator/ is internal to this layer.
export { elfImage, runPlatform, startPlatform } from './monitor/platform.js';
export type { PlatformOptions, PlatformOutcome, PlatformSession, PlatformStep } from './monitor/platform.js';
export { debugPlatform } from './monitor/debug-target.js';
export { GDB_HOST } from './gdb-server.js';
export { debugBare, debugLinuxElf } from './program-debug-target.js';
export { planMeasurement, predictMeasurement } from './monitor/measurement-plan.js';
export { INSECURE_FIXED_DEVICE_SEED, deriveAttestationKeys, verifyReport } from './monitor/attestation.js';
export { attestImage } from './monitor/attest-image.js';
export type { MonitorEvent } from './monitor/monitor.js';
export { BlockDevice } from './monitor/block-device.js';
export { runLinuxElf } from './linux-user.js';
export { runBare } from './bare.js';
export { MAX_HARTS } from './hart-group.js';
export type { SchedulePolicy } from './scheduler.js';
export { causeName } from './trap-cause.js';
export type { TierStats } from './jit/jit.js';
