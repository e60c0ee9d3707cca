// Enclaves on other harts (runtime/README.md "Several harts"). The host runs on hart 0;
// every other hart waits in WFI in M-mode until the monitor sends it an IPI. START_ON_HART
// gives a free hart an enclave and an IPI, and answers at once; the hart takes the IPI
// into the monitor, which starts (or resumes) the enclave there. The run's end parks the
// hart again and keeps its outcome for JOIN. A host that JOINs (or STOPs) a run that is
// still going parks too, with its context at the ecall; the hart whose run ends or stops
// wakes it with an IPI, and the host issues the call again, which then answers.
//
// Penglai's state rules hold across harts: a RUNNING enclave is neither destroyed nor
// attested (-12); STOP of a run on another hart preempts it there by IPI, and answers
// once it is STOPPED; a STOPPED run resumes on the host's hart (RESUME_ENCLAVE) or on a
// free one (START_ON_HART). More runs than harts: START_ON_HART answers NO_FREE_HART.
import { AbiError, EnclaveState, EnclaveType, RunStatus } from '../../runtime/abi.js';
import { Irq } from '../../runtime/riscv/trap-causes.js';
import type { MonitorTrap, TrapVerdict } from './machine-port.js';
import { HOST_HART, type MonitorCore } from './monitor-core.js';
import type { HostCallSite } from './call-site.js';
import { preemptRun, resumeRun, startRun } from './run-control.js';
import { leaveQueue } from './server-policy.js';

/** M-mode software interrupt (privileged spec §3.1.9): an IPI. */
export const IPI_CAUSE = Irq.MSI;

function freeHart(monitor: MonitorCore): number {
  for (let k = 0; k < monitor.hartSlots.length; k += 1) {
    if (k === HOST_HART) continue;
    const slot = monitor.hartSlots[k];
    const busy = k === monitor.hartIndex ? monitor.runTop !== undefined : slot.runTop !== undefined;
    if (!busy && !slot.pending) return k;
  }
  return -1;
}

/** START_ON_HART: a0 = eid of a FRESH normal enclave, or a STOPPED run this call began. */
export function startOnHartCall(call: HostCallSite): TrapVerdict {
  const { monitor } = call;
  const enclave = monitor.findEnclave(call.arg(0));
  if (!enclave) return call.answer(AbiError.NOT_FOUND);
  if (enclave.isServer || enclave.type === EnclaveType.SHADOW) return call.answer(AbiError.NOT_PERMITTED);
  const started = monitor.startedRuns.get(enclave.eid);
  const resuming = enclave.state === EnclaveState.STOPPED && enclave.suspended !== undefined && started !== undefined;
  if (!resuming && enclave.state !== EnclaveState.FRESH) return call.answer(AbiError.BAD_STATE);
  const hart = freeHart(monitor);
  if (hart < 0) return call.answer(AbiError.NO_FREE_HART);
  // RUNNING from now on: the host can neither run, resume, attest nor destroy it meanwhile.
  monitor.hartSlots[hart].pending = { enclave, suspended: enclave.suspended };
  enclave.suspended = undefined;
  enclave.state = EnclaveState.RUNNING;
  monitor.startedRuns.set(enclave.eid, { hart, outcome: undefined });
  monitor.sendIpi(hart);
  return call.answer(AbiError.OK, BigInt(enclave.eid));
}

/** JOIN: a0 = eid; the outcome of the run START_ON_HART began, waiting for it if need be. */
export function joinCall(call: HostCallSite): TrapVerdict {
  const { monitor } = call;
  const eid = call.arg(0);
  const started = eid < 1n << 31n ? monitor.startedRuns.get(Number(eid)) : undefined;
  if (!started) return call.answer(AbiError.NOT_FOUND);
  if (started.outcome) {
    monitor.startedRuns.delete(Number(eid));
    return monitor.ecallReturn(call.epc, BigInt.asUintN(64, started.outcome.status), started.outcome.value);
  }
  // Stopped: nothing will end it until the host starts or resumes it again.
  if (started.hart < 0) return call.answer(AbiError.BAD_STATE);
  return waitForHart(monitor, call.epc);
}

/** STOP_ENCLAVE: of a run on another hart, preempt it there by IPI; otherwise as on one hart. */
export function stopOnHartCall(call: HostCallSite): TrapVerdict | undefined {
  const { monitor } = call;
  const enclave = monitor.findEnclave(call.arg(0));
  const started = enclave && monitor.startedRuns.get(enclave.eid);
  if (!enclave || !started || started.hart < 0) return undefined;
  monitor.hartSlots[started.hart].stopRequested = true;
  monitor.sendIpi(started.hart);
  return waitForHart(monitor, call.epc);
}

/** The host parks with its context at the ecall at `epc`, to issue it again when woken. */
function waitForHart(monitor: MonitorCore, epc: bigint): TrapVerdict {
  monitor.hostWait = monitor.save(epc);
  monitor.parkHart();
  return 'resume';
}

/** An IPI reached hart `monitor.hartIndex`: wake the host, or start, resume or stop a run here. */
export function onIpi(monitor: MonitorCore, trap: MonitorTrap): TrapVerdict {
  const k = monitor.hartIndex;
  monitor.sendIpi(k, 0);
  const slot = monitor.hartSlots[k];
  const waiting = slot.resumeContext;
  if (waiting) {
    // This hart's enclave waited in a server's line: its turn came (or the host stops it).
    slot.resumeContext = undefined;
    const caller = monitor.current!;
    if (slot.stopRequested) leaveQueue(monitor, caller);
    monitor.enter(caller, waiting);
    if (!slot.stopRequested) return 'resume';
    slot.stopRequested = false;
    preemptRun(monitor, RunStatus.TIMER, waiting.pc);
    return 'stop';
  }
  if (k === HOST_HART) {
    const context = monitor.hostWait;
    if (context === undefined) return 'resume';
    monitor.hostWait = undefined;
    monitor.restore(context, monitor.host.space.pageTable, 0);
    return 'resume';
  }
  const pending = slot.pending;
  if (pending) {
    slot.pending = undefined;
    const { enclave, suspended } = pending;
    let verdict: TrapVerdict | number;
    if (suspended) {
      enclave.suspended = suspended;
      verdict = resumeRun(monitor, enclave, 0, trap.epc);
    } else {
      enclave.state = EnclaveState.FRESH;
      verdict = startRun(monitor, enclave, 0, trap.epc);
    }
    if (typeof verdict === 'number') {
      // Refused now (no memory for its shm mapping): the outcome is the error, as RUN's would be.
      enclave.state = EnclaveState.FRESH;
      const started = monitor.startedRuns.get(enclave.eid);
      if (started) Object.assign(started, { hart: -1, outcome: { status: BigInt(verdict), value: 0n } });
      monitor.parkHart();
      if (monitor.hostWait) monitor.sendIpi(HOST_HART);
      return 'resume';
    }
  }
  if (slot.stopRequested) {
    slot.stopRequested = false;
    // Preempted where it is: the hart parks and the host, waiting in STOP, is woken.
    if (monitor.runTop) preemptRun(monitor, RunStatus.TIMER, trap.epc);
  }
  return 'stop';
}
