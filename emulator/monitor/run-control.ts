// Running, preempting, stopping and resuming a normal enclave (reference §1 PLenclave_run
// / stop / resume, §3 timer exits; runtime/README.md "Preemption").
//
// The host is one U-mode thread, so it cannot stop an enclave "from another thread" as
// Penglai's test-stop demo does. Instead a sliced run (RUN_SLICED, or RESUME with a
// slice) comes back to the host when its slice of instructions is used up, with status
// RunStatus.TIMER, exactly where Penglai's driver loop regains control on a timer
// interrupt. The host then decides: RESUME, STOP (then RESUME later) or DESTROY. Slices
// count retired instructions, not wall time, so every run is reproducible.
import { AbiError, EnclaveState, EnclaveType, EnclaveVA, PAGE_SIZE, RunStatus } from '../../runtime/abi.js';
import { forkShadow } from './shadow-enclaves.js';
import { USER_RW } from './address-space.js';
import { freshContext, type Enclave, type SavedContext } from './enclave.js';
import type { TrapVerdict } from './machine-port.js';
import type { MonitorCore } from './monitor-core.js';
import { relayToEnclave } from './relay-pages.js';

/** RUN and RUN_SLICED: start a FRESH normal enclave at its entry. */
export function startRun(monitor: MonitorCore, template: Enclave, slice: number, epc: bigint): TrapVerdict | number {
  if (template.isServer) return AbiError.NOT_PERMITTED;
  if (template.state !== EnclaveState.FRESH) return AbiError.BAD_STATE;
  let enclave = template;
  if (template.type === EnclaveType.SHADOW) {
    // A shadow runs as a fresh instance each time. A sliced run that is preempted tells
    // the host the instance's eid (preemptRun), which it resumes, stops or destroys.
    if (template.sharedMemory || template.relay) return AbiError.NOT_PERMITTED;
    const instance = forkShadow(monitor, template);
    if (!instance) return AbiError.NO_MEM;
    enclave = instance;
  }
  monitor.runTop = { enclave, hostContext: monitor.save(epc + 4n), startInstret: monitor.machine.instret, slice, sliced: slice > 0 };
  const context = freshContext(enclave.entry);
  // Entry registers of a host-launched enclave (reference §2): a0/a1 host shm, a2 the
  // run counter, a3/a4 relay pages.
  context.set(2, EnclaveVA.STACK_TOP);
  context.set(12, BigInt(monitor.runCounter++));
  if (enclave.sharedMemory) {
    // Host pages, not secure ones: the host shares what is already its own.
    const pages = enclave.sharedMemory;
    for (let i = 0; i < pages.length; i++) {
      if (!enclave.space.pageTable.map(EnclaveVA.HOST_SHM_BASE + BigInt(i * PAGE_SIZE), pages[i], USER_RW)) {
        monitor.runTop = undefined;
        enclave.state = EnclaveState.FRESH;
        return AbiError.NO_MEM;
      }
    }
    context.set(10, EnclaveVA.HOST_SHM_BASE);
    context.set(11, BigInt(pages.length * PAGE_SIZE));
  }
  if (enclave.pendingRelay) {
    // Pages another enclave sent by name (ASYN_ENCLAVE_CALL): they are this enclave's now.
    const placed = enclave.space.attachRegion(enclave.pendingRelay, EnclaveVA.RELAY_BASE, EnclaveVA.HOST_SHM_BASE);
    if (!placed) {
      monitor.runTop = undefined;
      return AbiError.NO_MEM;
    }
    context.set(13, placed.va);
    context.set(14, BigInt(placed.size));
    enclave.pendingRelay = undefined;
  }
  if (enclave.relay) {
    if (!relayToEnclave(monitor.host.space, enclave)) {
      monitor.runTop = undefined;
      return AbiError.NO_MEM;
    }
    context.set(13, EnclaveVA.RELAY_BASE);
    context.set(14, BigInt(enclave.relay.pages.length * PAGE_SIZE));
  }
  enclave.state = EnclaveState.RUNNING;
  enclave.topCallerEid = enclave.eid;
  monitor.enter(enclave, context);
  // Hand control back to the run loop so the instruction budget and the slice start now.
  return 'stop';
}

/** RESUME: continue a preempted or stopped run where it left off, maybe inside a server. */
export function resumeRun(monitor: MonitorCore, enclave: Enclave, slice: number, epc: bigint): TrapVerdict | number {
  if (enclave.isServer) return AbiError.NOT_PERMITTED;
  const suspended = enclave.suspended;
  if (!suspended) return AbiError.BAD_STATE;
  // After RETURN_RELAY_PAGE the relay pages come back with the rerun.
  if (enclave.relay?.withHost && !relayToEnclave(monitor.host.space, enclave)) return AbiError.NO_MEM;
  enclave.suspended = undefined;
  monitor.runTop = { enclave, hostContext: monitor.save(epc + 4n), startInstret: monitor.machine.instret, slice, sliced: true };
  // A top waiting on a server stays RUNNABLE (as call_enclave left it); otherwise it runs.
  enclave.state = suspended.enclave === enclave ? EnclaveState.RUNNING : EnclaveState.RUNNABLE;
  monitor.enter(suspended.enclave, suspended.context);
  return 'stop';
}

/** STOP: a preempted run may not be resumed by accident until the host resumes it explicitly. */
export function stopRun(enclave: Enclave): number {
  if (enclave.isServer) return AbiError.NOT_PERMITTED; // Penglai refuses servers too
  if (!enclave.suspended) return AbiError.BAD_STATE;
  enclave.state = EnclaveState.STOPPED;
  return AbiError.OK;
}

/**
 * Ends the current stretch of a run without ending the run: the executing enclave (the
 * top or a server deep in its chain) is saved and the host's RUN/RESUME returns `status`.
 */
export function preemptRun(monitor: MonitorCore, status: number, pc: bigint): SavedContext {
  const run = monitor.runTop!;
  const executing = monitor.current ?? run.enclave;
  const context = monitor.save(pc);
  run.enclave.suspended = { enclave: executing, context };
  run.enclave.usedSteps += monitor.machine.instret - run.startInstret;
  if (executing === run.enclave) run.enclave.state = EnclaveState.RUNNABLE;
  // a1: the eid to resume by, for a SHADOW instance (the host knows only its template's).
  monitor.returnToHost(BigInt(status), run.enclave.template ? BigInt(run.enclave.eid) : 0n);
  return context;
}

/** YIELD in a sliced run exits to the host as if the slice ended (reference §2 EAPP_YIELD). */
export function yieldRun(monitor: MonitorCore, epc: bigint): TrapVerdict {
  // The enclave sees 0 from YIELD when it is resumed.
  preemptRun(monitor, RunStatus.YIELD, epc + 4n).set(10, 0n);
  return 'resume';
}

/**
 * DESTROY of a preempted or stopped run: every server in its chain gives its request
 * region back and goes idle (the servers did nothing wrong), then the top is destroyed
 * with everything it owns.
 */
export function abandonRun(monitor: MonitorCore, top: Enclave): void {
  monitor.abandonChain(top);
  monitor.destroyEnclave(top);
}
