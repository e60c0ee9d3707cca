// The monitor's side of the GDB stub (emulator/debug-target.ts): its domains as threads
// (the host is thread 1, the enclave with eid N is thread N + 2), their registers (on the
// hart for the one running, else where the monitor saved them) and their memory through
// their own page tables with user rights, so a debugger sees no byte its domain could not.
import type { DebugAdvance, DebugTarget, DebugThread } from '../debug-target.js';
import { startPlatform, type PlatformOptions, type PlatformOutcome, type PlatformSession } from './platform.js';
import { serveGdb } from '../gdb-server.js';
import type { Monitor } from './monitor.js';
import type { Enclave, SavedContext } from './enclave.js';
import type { AddressSpace } from './address-space.js';

export const HOST_THREAD = 1;
const threadOf = (enclave: Enclave) => enclave.eid + 2;

interface Domain {
  space: AddressSpace;
  /** Undefined while the domain runs: its registers are the hart's. */
  saved: SavedContext | undefined;
}

/** `describe(monitorName)` may give a domain a friendlier name (the section name of a build). */
export function monitorDebugTarget(session: PlatformSession, describe: (monitorName: string) => string | undefined = () => undefined): DebugTarget {
  const { monitor, machine } = session;
  let killed = false;

  const domain = (thread: number): Domain | undefined => {
    if (killed || monitor.exitCode !== undefined) return undefined;
    if (thread === HOST_THREAD) {
      const running = monitor.current === undefined;
      return { space: monitor.host.space, saved: running ? undefined : monitor.runTop?.hostContext };
    }
    const enclave = monitor.enclaves.get(thread - 2);
    if (!enclave) return undefined;
    return { space: enclave.space, saved: monitor.current === enclave ? undefined : savedContextOf(monitor, enclave) };
  };

  return {
    triggers: machine.hart.triggers,
    threads(): DebugThread[] {
      if (killed || monitor.exitCode !== undefined) return [];
      const host: DebugThread = { id: HOST_THREAD, name: 'host', names: ['host'], state: monitor.current === undefined ? 'running' : `waiting in RUN of ${monitor.runTop?.enclave.label ?? 'an enclave'}` };
      return [host, ...[...monitor.enclaves.values()].map((e) => enclaveThread(monitor, e, describe(e.name)))];
    },
    currentThread: () => (monitor.current ? threadOf(monitor.current) : HOST_THREAD),
    readRegisters(thread) {
      const d = domain(thread);
      if (!d) return undefined;
      if (d.saved) return [...Array.from({ length: 32 }, (_, i) => d.saved!.get(i)), d.saved.pc];
      return [...Array.from({ length: 32 }, (_, i) => machine.getReg(i)), machine.pc];
    },
    writeRegister(thread, index, value) {
      const d = domain(thread);
      if (!d || index <= 0 || index > 32) return false;
      if (d.saved) {
        if (index === 32) d.saved.pc = value;
        else d.saved.set(index, value);
      } else if (index === 32) machine.pc = value;
      else machine.setReg(index, value);
      return true;
    },
    readMemory(thread, va, length) {
      const d = domain(thread);
      return d && length >= 0 ? d.space.read(va, length) : undefined;
    },
    writeMemory(thread, va, bytes) {
      const d = domain(thread);
      return d !== undefined && d.space.write(va, bytes);
    },
    advance(maxSteps): DebugAdvance {
      if (killed) return { kind: 'ended', exitCode: undefined, reason: 'killed by the debugger' };
      const step = session.advance(maxSteps);
      if (step.kind !== 'ended') return step;
      return { kind: 'ended', exitCode: step.outcome.exitCode, reason: step.outcome.stopReason };
    },
    kill() {
      killed = true;
    },
  };
}

/** Where a domain that is not running keeps its registers. */
function savedContextOf(monitor: Monitor, enclave: Enclave): SavedContext | undefined {
  if (enclave.suspended) return enclave.suspended.context;
  // Waiting on a server, or a server between calls (its context is where it was created,
  // at its entry, or where its registers last waited on a call of its own).
  return enclave.context;
}

function enclaveThread(monitor: Monitor, enclave: Enclave, section: string | undefined): DebugThread {
  const kind = enclave.isServer ? 'server' : 'enclave';
  const name = section && section !== enclave.name ? `${section} (${kind} ${enclave.name})` : `${enclave.label} (${kind})`;
  const callee = enclave.calleeEid >= 0 ? monitor.enclaves.get(enclave.calleeEid) : undefined;
  const state =
    monitor.current === enclave ? 'running'
    : callee ? `waiting in a call to ${callee.label}`
    : enclave.suspended ? 'preempted'
    : enclave.isServer ? (enclave.frame ? 'serving a call' : 'idle server, waiting for calls')
    : 'not running';
  return { id: threadOf(enclave), name, names: [...new Set([section ?? enclave.name, enclave.name])], state };
}

/**
 * `penglaic run --gdb PORT`: the platform paused at the host's first instruction, served
 * to gdb on 127.0.0.1:PORT. Settles with the run's outcome once it has ended.
 */
export async function debugPlatform(
  options: PlatformOptions,
  port: number,
  describe: (monitorName: string) => string | undefined,
  onListening: (port: number) => void,
): Promise<PlatformOutcome | { error: string }> {
  const session = startPlatform(options);
  if ('error' in session) return session;
  const server = await serveGdb(monitorDebugTarget(session, describe), port, onListening);
  const end = await server.finished;
  const { monitor, machine } = session;
  return { exitCode: end.exitCode, stopReason: end.reason ?? (end.exitCode === undefined ? 'the debugger ended the run' : undefined), events: monitor.events, expectations: monitor.expectations, instret: machine.instret };
}
