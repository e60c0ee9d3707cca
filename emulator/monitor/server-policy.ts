// Per-server concurrency policy (runtime/README.md "Several harts"). `sequential` is
// Penglai's rule: a server in a call answers -2. `queue`: a caller that finds the server
// in a call (on another hart) waits its turn, first come first served. Its hart parks with
// the caller's context at its CALL ecall; when the server's call ends (returned, aborted,
// or the server destroyed), the monitor reserves the next call for the first waiter and
// wakes its hart with an IPI, and the waiter issues its call again. A wait that would
// deadlock is refused with -2, found on the wait-for graph: from the server, to the chain
// its call serves, to the server that chain's deepest enclave waits for, and so on; if the
// walk reaches the caller's own chain, waiting would wait on itself.
import { AbiError, EnclaveState, ServerPolicy } from '../../runtime/abi.js';
import type { Enclave } from './enclave.js';
import type { TrapVerdict } from './machine-port.js';
import type { EnclaveCallSite, HostCallSite } from './call-site.js';
import type { MonitorCore } from './monitor-core.js';

const chainTop = (e: Enclave) => (e.topCallerEid >= 0 ? e.topCallerEid : e.eid);

/** Whether `caller` waiting for `server` would close a cycle of waits through its own chain. */
export function wouldDeadlock(monitor: MonitorCore, caller: Enclave, server: Enclave): boolean {
  const mine = chainTop(caller);
  let held: Enclave | undefined = server;
  for (let step = 0; held && step <= monitor.enclaves.size; step += 1) {
    const holder = held.frame ? held.topCallerEid : held.reservedFor;
    if (holder < 0) return false;
    const top = monitor.enclaves.get(holder);
    if (!top) return false;
    if (chainTop(top) === mine) return true;
    // Where that chain is now: its deepest enclave, and what it waits for.
    let deepest = monitor.enclaves.get(chainTop(top));
    while (deepest && deepest.calleeEid >= 0) deepest = monitor.enclaves.get(deepest.calleeEid);
    if (!deepest || deepest.waitingFor < 0) return false;
    held = monitor.enclaves.get(deepest.waitingFor);
  }
  return false;
}

/** The caller joins the server's line; its hart parks until the server is its. */
export function waitInQueue(monitor: MonitorCore, call: EnclaveCallSite, server: Enclave): TrapVerdict {
  const caller = call.enclave;
  server.waiters.push({ eid: caller.eid, hart: monitor.hartIndex });
  caller.waitingFor = server.eid;
  monitor.hartSlots[monitor.hartIndex].resumeContext = monitor.save(call.epc);
  monitor.parkHart();
  return 'resume';
}

/** A waiter leaves the line (its run is being stopped): a turn reserved for it goes to the next. */
export function leaveQueue(monitor: MonitorCore, caller: Enclave): void {
  const server = monitor.enclaves.get(caller.waitingFor);
  caller.waitingFor = -1;
  if (!server) return;
  const at = server.waiters.findIndex((w) => w.eid === caller.eid);
  if (at >= 0) server.waiters.splice(at, 1);
  if (server.reservedFor === caller.eid) {
    server.reservedFor = -1;
    if (!server.frame) monitor.wakeWaiter(server);
  }
}

/** SET_SERVER_POLICY: a0 = eid of an idle server, a1 = ServerPolicy. */
export function setServerPolicyCall(call: HostCallSite): TrapVerdict {
  const server = call.monitor.findEnclave(call.arg(0));
  if (!server) return call.answer(AbiError.NOT_FOUND);
  if (!server.isServer) return call.answer(AbiError.NOT_A_SERVER);
  if (server.frame || server.state !== EnclaveState.RUNNABLE) return call.answer(AbiError.BAD_STATE);
  const policy = call.arg(1);
  if (policy !== BigInt(ServerPolicy.SEQUENTIAL) && policy !== BigInt(ServerPolicy.QUEUE)) return call.answer(AbiError.BAD_ARGUMENT);
  server.policy = policy === BigInt(ServerPolicy.QUEUE) ? 'queue' : 'sequential';
  return call.answer(AbiError.OK);
}
