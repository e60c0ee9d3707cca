// The monitor's core: the state every handler works on (domains, pools, the running
// chain), context switching, and the ways an enclave or a call ends. Handler modules
// (the ecall table's rows, `ecall-table.ts`) import this and nothing that dispatches
// to them, so the monitor's imports form a tree: monitor.ts → ecall-table.ts →
// handlers → monitor-core.ts → pools, tables, records.
import { AbiError, EnclaveState, EnclaveVA, RunStatus } from '../../runtime/abi.js';
import { Csr } from '../../runtime/riscv/csr.js';
import { Exc } from '../../runtime/riscv/trap-causes.js';
import type { MonitorMachine, MonitorTrap, TrapVerdict } from './machine-port.js';
import { PagePool } from './page-pool.js';
import { physicalPlan, type PhysicalPlan } from './layout.js';
import { SavedContext, type Enclave, type FaultReport } from './enclave.js';
import type { AddressSpace } from './address-space.js';
import { describeTrap } from './trap-names.js';
import type { ElfImage } from './elf-image.js';
import { DeterministicRandom } from './deterministic-random.js';
import { regionCeiling, relayToHost } from './relay-pages.js';
import type { PageTable, TableChangeListener } from './page-table.js';
import { deriveAttestationKeys, type AttestationKeys } from './attestation.js';
import { SecureSharedMemory } from './enclave-shm.js';
import type { RecordedExpectation } from './test-probes.js';
import { BlockDevice } from './block-device.js';
import { HOST_EID, type MonitorTracer, type EndReason, type PreemptReason } from '../../runtime/trace-format.js';
import { hexOf, regionMove, traceEid } from './trace-records.js';
import { CLINT_BASE } from '../clint.js';

/** Keys by device secret (hex): deriving SM2 keys costs more than a small run. */
const keysBySeed = new Map<string, AttestationKeys>();

function keysFor(seed: Uint8Array): AttestationKeys {
  const id = Buffer.from(seed).toString('hex');
  let keys = keysBySeed.get(id);
  if (!keys) keysBySeed.set(id, (keys = deriveAttestationKeys(seed)));
  return keys;
}

export interface MonitorOptions {
  ramSize?: number;
  hostSize?: number;
  /** Receives everything the host and the enclaves print, in program order. */
  stdout: (bytes: Uint8Array) => void;
  /** Files the host may open read-only (the build directory): name → contents. */
  files: ReadonlyMap<string, Uint8Array>;
  /** Instruction budget of one enclave run (RUN until EAPP_RETURN), calls into servers included. */
  enclaveMaxSteps: number;
  /** Instruction budget of the whole run, host included. */
  totalMaxSteps: number;
  parseElf: (bytes: Uint8Array) => ElfImage | { error: string };
  /** Told of each fault or budget kill as it happens, so reports appear in program order. */
  onEvent?: (event: MonitorEvent) => void;
  /**
   * The device secret every key derives from (attestation.ts): the installation's, or
   * INSECURE_FIXED_DEVICE_SEED in deterministic tests. There is no default.
   */
  deviceSeed: Uint8Array;
  /** The host's block device for ocalls READ_SECT / WRITE_SECT (block-device.ts); a fresh zeroed one otherwise. */
  disk?: BlockDevice;
  /** Records the run's events (runtime/trace-format.ts); nothing is recorded without one. */
  tracer?: MonitorTracer;
}

export type MonitorEvent =
  | { kind: 'fault'; report: FaultReport }
  /** `enclave` is the run's top caller, which pays; `inServer` names the server that was executing, left idle. */
  | { kind: 'step-limit'; enclave: string; eid: number; pc: bigint; steps: number; inServer?: string };

/** A run in progress: the host waits in RUN, RUN_SLICED or RESUME until it ends or is preempted. */
export interface ActiveRun {
  enclave: Enclave;
  hostContext: SavedContext;
  /** instret when this stretch of the run (RUN or RESUME) began. */
  startInstret: number;
  /** Time slice in instructions; 0 for a run to completion. */
  slice: number;
  /** Started with RUN_SLICED or continued by RESUME: its outcome is kept when it ends. */
  sliced: boolean;
}

/** How a sliced run ended: what its last RUN_SLICED or RESUME answered (a0, a1). */
export interface EndedRun {
  status: bigint;
  value: bigint;
}

/** What the core needs of the host process (host-process.ts implements it). */
export interface HostDomain {
  context: SavedContext;
  readonly space: AddressSpace;
  /** Fresh host pages for SHM_GET / RELAY_GET, remembered as shared. */
  shmGet(length: bigint, kind?: 'shared' | 'relay'): { va: bigint; pages: number[] } | undefined;
  /** The pages of [va, va+length) inside one SHM_GET (or RELAY_GET) block. */
  sharedPages(va: bigint, length: bigint, kind?: 'shared' | 'relay'): number[] | undefined;
  syscall(number: number, epc: bigint): TrapVerdict;
}

/** The hart the host runs on; the others run enclaves that START_ON_HART gave them. */
export const HOST_HART = 0;

/** What the monitor keeps of a hart that is not the one trapping now (harts.ts). */
export interface HartSlot {
  current: Enclave | undefined;
  runTop: ActiveRun | undefined;
  /** An enclave to start (or, with `suspended`, resume) when this hart's IPI arrives. */
  pending: { enclave: Enclave; suspended: Enclave['suspended'] } | undefined;
  /** The host asked for this hart's run to stop: its IPI preempts it. */
  stopRequested: boolean;
  /** This hart's enclave waits in a `queue` server's line (server-policy.ts): where it continues, at its call. */
  resumeContext: SavedContext | undefined;
}

/** A run START_ON_HART began: the hart it runs on (-1 once parked), and its outcome once it ended. */
export interface StartedRun {
  hart: number;
  outcome: EndedRun | undefined;
}

export const OWNER_HOST = 1;
export const ownerOf = (eid: number) => eid + 2;

export const SCAUSE_ECALL_U = Exc.ECALL_U;
const TWO32 = 2 ** 32;
/** High halves below this make a register value below 2^53. */
const SAFE_HI = 0x200000;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const PMPCFG0 = 0x3a0;
const PMPADDR0 = 0x3b0;

export class MonitorCore {
  readonly plan: PhysicalPlan;
  readonly securePool: PagePool;
  readonly hostPool: PagePool;
  readonly enclaves = new Map<number, Enclave>();
  readonly servers = new Map<string, Enclave>();
  /** Registered names whose server the monitor destroyed for a fault of its own, until the name is registered again (ACQUIRE answers SERVER_FAULTED). */
  readonly faultedServers = new Set<string>();
  readonly events: MonitorEvent[] = [];
  /** What the running test's `expect_output` / `expect_no_output` calls registered (test-probes.ts). */
  readonly expectations: RecordedExpectation[] = [];
  host!: HostDomain;
  /** The enclave executing now, or undefined while the host runs. */
  current: Enclave | undefined;
  /** The normal enclave the host is running (its chain's top), while the host waits in RUN or RESUME. */
  runTop: ActiveRun | undefined;
  /** Sliced runs that ended, by eid, until the host destroys them (runtime/README.md). */
  readonly endedRuns = new Map<number, EndedRun>();
  exitCode: number | undefined;
  /**
   * Every page-table change (PageTable's onChange) drops exactly the TLB entry it made
   * stale, at once: a page that left a domain is unreachable from it from the next
   * instruction on, while switches between unchanged domains keep their translations.
   */
  readonly onTablesChanged: TableChangeListener = (root, va) => {
    if (va === undefined) this.machine.flushTlbSpace(root);
    else this.machine.flushTlbPage(root, va);
  };
  private nextEid = 0;
  runCounter = 0;
  /** Per hart, its `current` and `runTop` while another hart traps (the fields above are the trapping hart's). */
  readonly hartSlots: HartSlot[];
  /** The hart whose state `current` and `runTop` hold now. */
  private slotHart = HOST_HART;
  /** Runs on other harts, by eid, until JOIN takes their outcome. */
  readonly startedRuns = new Map<number, StartedRun>();
  /** The host waiting in JOIN or STOP for another hart: its context, at the ecall, to re-issue it. */
  hostWait: SavedContext | undefined;
  /** GETRANDOM is deterministic by default, like the rest of the machine. */
  readonly random = new DeterministicRandom(0x9e3779b97f4a7c15n);
  private keys: AttestationKeys | undefined;
  /** The device's keys, derived on first use: a run that never attests or seals pays nothing
   *  for the two SM2 key derivations (a grader starts thousands of runs). */
  get attestation(): AttestationKeys {
    return (this.keys ??= keysFor(this.options.deviceSeed));
  }
  /** Secure inter-enclave shared memory (enclave-shm.ts). */
  readonly secureShm: SecureSharedMemory;
  /** The host's disk behind READ_SECT / WRITE_SECT. */
  readonly disk: BlockDevice;
  /** The trace of this run, if any: every emitting site is `tracer?.`, one null check when off. */
  readonly tracer: MonitorTracer | undefined;

  constructor(
    readonly machine: MonitorMachine,
    readonly options: MonitorOptions,
  ) {
    this.plan = physicalPlan(options.ramSize, options.hostSize);
    this.disk = options.disk ?? new BlockDevice();
    this.hostPool = new PagePool('host', this.plan.hostBase, this.plan.hostSize, machine);
    this.securePool = new PagePool('secure', this.plan.secureBase, this.plan.secureSize, machine);
    this.secureShm = new SecureSharedMemory(this.securePool);
    const harts = machine.harts?.length ?? 1;
    this.hartSlots = Array.from({ length: harts }, () => ({ current: undefined, runTop: undefined, pending: undefined, stopRequested: false, resumeContext: undefined }));
    for (let k = harts - 1; k >= 0; k -= 1) {
      this.onHart(k);
      this.protectMonitorMemory();
    }
    // Harts without work wait in WFI at the monitor's first word, in M-mode, for an IPI.
    if (harts > 1) this.machine.writePhys(this.plan.monitorBase, Uint8Array.of(0x73, 0x00, 0x50, 0x10, 0x6f, 0xf0, 0xdf, 0xff));
    const tracer = (this.tracer = options.tracer);
    if (tracer) {
      // Pool owners are eid + 2 and OWNER_HOST (1), so owner - 2 is the trace's eid; secure
      // shm pages (owner -1) belong to nobody.
      const told = (owner: number, delta: number) => owner > 0 && tracer.pages(owner - 2, delta);
      this.hostPool.onOwnerChange = told;
      this.securePool.onOwnerChange = told;
    }
  }

  /** Time and actor of a trace record made now. */
  traceBase(): { t: number; at: number } {
    return { t: this.machine.instret, at: traceEid(this.current) };
  }

  /**
   * PMP entry 0 denies S and U any access to the monitor's own range (NAPOT, no L bit so
   * M-mode keeps access); entry 1 (NAPOT over the whole physical space) lets the page
   * tables decide for everything else. The lowest-numbered matching entry wins
   * (privileged spec §3.7.1).
   */
  private protectMonitorMemory(): void {
    const napot = BigInt(this.plan.monitorBase / 4) | BigInt(this.plan.monitorSize / 8 - 1);
    this.machine.writeCsr(PMPADDR0, napot);
    this.machine.writeCsr(PMPADDR0 + 1, (1n << 54n) - 1n);
    const entry0 = 0x18n; // A = NAPOT, no R/W/X
    const entry1 = 0x18n | 0x07n; // A = NAPOT, R/W/X
    this.machine.writeCsr(PMPCFG0, entry0 | (entry1 << 8n));
  }

  /** The hart the monitor is working on now (the trapping one, or one chosen by onHart). */
  get hartIndex(): number {
    return this.slotHart;
  }

  /**
   * Makes hart `k` the one `current`, `runTop` and every machine call act on: the trap hook
   * calls it with the trapping hart, the run loop and START_ON_HART with the hart they
   * look after. One hart: never anything to do.
   */
  onHart(k: number): void {
    if (k === this.slotHart) return;
    const from = this.hartSlots[this.slotHart];
    from.current = this.current;
    from.runTop = this.runTop;
    const to = this.hartSlots[k];
    this.current = to.current;
    this.runTop = to.runTop;
    this.slotHart = k;
    this.machine.selectHart?.(k);
  }

  /** Sends hart `k` an IPI through the CLINT (its msip). */
  sendIpi(k: number, pending = 1): void {
    this.machine.writePhys(CLINT_BASE + 4 * k, Uint8Array.of(pending));
  }

  /** This hart waits in WFI in M-mode for an IPI, with machine software interrupts enabled. */
  parkHart(): void {
    const m = this.machine;
    m.clearReservation();
    m.pc = BigInt(this.plan.monitorBase);
    m.privilege = 3;
    m.writeCsr(0x304, m.readCsr(0x304) | 8n); // mie.MSIE
    m.writeCsr(0x300, m.readCsr(0x300) | 8n); // mstatus.MIE
  }

  allocateEid(): number {
    return this.nextEid++;
  }

  /** Register `index` as a JS number when it is below 2^53 (every user VA), otherwise -1. */
  safeReg(index: number): number {
    const file = this.machine.hart;
    if (!file) {
      const value = this.machine.getReg(index);
      return value <= MAX_SAFE ? Number(value) : -1;
    }
    const hi = file.xh[index];
    return hi >= 0 && hi < SAFE_HI ? hi * TWO32 + (file.xl[index] >>> 0) : -1;
  }

  /** smallNumber of register `index`, read from the register halves when the machine has them (every ecall reads two). */
  smallReg(index: number): number {
    const file = this.machine.hart;
    if (!file) return smallNumber(this.machine.getReg(index));
    return file.xh[index] === 0 ? file.xl[index] >>> 0 : -1;
  }

  /**
   * Destroys the enclave that trapped and reports it. A server in a call hands control back
   * to its caller (whose call fails); a normal enclave hands it back to the host's RUN.
   */
  killCurrent(enclave: Enclave, trap: MonitorTrap, detail: string): TrapVerdict {
    const what = describeTrap(trap.cause);
    const report: FaultReport = {
      enclave: enclave.label,
      eid: enclave.eid,
      pc: trap.epc,
      returnAddress: this.machine.getReg(1),
      cause: what.name,
      causeCode: trap.cause,
      address: what.hasAddress ? trap.tval : undefined,
      detail,
    };
    this.report({ kind: 'fault', report });
    if (enclave.isServer && this.servers.get(enclave.name) === enclave) this.faultedServers.add(enclave.name);
    return this.abortEnclave(enclave, AbiError.FAULTED);
  }

  /** An ecall the enclave may not make, or made with bad arguments: destroy only the offender. */
  killForBadCall(enclave: Enclave, epc: bigint, detail: string): TrapVerdict {
    return this.killCurrent(enclave, { cause: SCAUSE_ECALL_U, interrupt: false, tval: 0n, epc, fromPriv: 0 }, detail);
  }

  report(event: MonitorEvent): void {
    if (this.tracer) {
      if (event.kind === 'step-limit') {
        this.tracer.event({ ...this.traceBase(), kind: 'step-limit', pc: hexOf(event.pc), eid: event.eid, name: event.enclave, steps: event.steps, ...(event.inServer ? { inServer: event.inServer } : {}) });
      } else {
        const r = event.report;
        const report = { cause: r.cause, pc: hexOf(r.pc), returnAddress: hexOf(r.returnAddress), detail: r.detail, ...(r.address === undefined ? {} : { address: hexOf(r.address) }) };
        this.tracer.event({ ...this.traceBase(), kind: 'fault', pc: report.pc, ra: report.returnAddress, eid: r.eid, name: r.enclave, report });
      }
    }
    this.events.push(event);
    this.options.onEvent?.(event);
  }

  /** Ends `enclave` abnormally with `code`, unwinding a server call or the host's RUN. */
  abortEnclave(enclave: Enclave, code: number): TrapVerdict {
    if (enclave.frame) return this.unwindServerCall(enclave, code);
    this.destroyEnclave(enclave);
    this.returnToHost(BigInt(code), 0n);
    return 'resume';
  }

  destroyEnclave(enclave: Enclave): void {
    // Secure shm pages belong to no enclave: unmap them before the page table goes.
    this.secureShm.leaveAll(enclave);
    // Relay pages are the host's on loan: they go back before the enclave's pages are freed.
    if (enclave.relay && !enclave.relay.withHost) {
      const relay = enclave.relay;
      const region = this.tracer && enclave.space.regions.find((r) => r.pages === relay.pages);
      if (region) this.tracer!.event({ ...this.traceBase(), kind: 'move', reason: 'relay-return', region: regionMove(relay.pages, region.va, relay.hostVa, enclave.eid, HOST_EID) });
      relayToHost(this.host.space, enclave);
    }
    // An instance frees only its own copies; the pages it shares belong to its template.
    enclave.space.destroy();
    if (enclave.pendingRelay) for (const pa of enclave.pendingRelay) this.securePool.free(pa);
    if (enclave.template) {
      enclave.template.instances--;
      enclave.template = undefined;
    }
    enclave.state = EnclaveState.DESTROYED;
    this.enclaves.delete(enclave.eid);
    // Callers waiting for a destroyed server try again and are answered NOT_FOUND.
    enclave.reservedFor = -1;
    while (enclave.waiters.length > 0) this.sendIpi(enclave.waiters.shift()!.hart);
    if (enclave.isServer && this.servers.get(enclave.name) === enclave) this.servers.delete(enclave.name);
  }

  /**
   * A server died (fault, bad call) while serving: destroy it, give the request region
   * back, and let the caller's call_enclave fail with -1 (precise code in LAST_ERROR).
   */
  unwindServerCall(server: Enclave, code: number): TrapVerdict {
    const frame = server.frame!;
    const caller = this.enclaves.get(frame.callerEid)!;
    if (this.tracer) {
      const request = frame.request && regionMove(frame.request.region.pages, frame.request.region.va, frame.request.callerVa, server.eid, caller.eid);
      this.tracer.event({ ...this.traceBase(), kind: 'return', to: caller.eid, result: hexOf(AbiError.ERROR), code, ...(request ? { request } : {}) });
    }
    this.giveRequestBack(server, caller);
    caller.lastError = code;
    this.finishCall(server, caller, BigInt.asUintN(64, BigInt(AbiError.ERROR)));
    this.destroyEnclave(server);
    return 'resume';
  }

  /**
   * The run this server was serving ended from outside it (the host destroyed it): the
   * request region goes back up the chain and the server goes idle, unharmed.
   */
  abandonServerCall(server: Enclave): void {
    const frame = server.frame;
    if (!frame) return;
    const caller = this.enclaves.get(frame.callerEid);
    if (caller) {
      if (this.tracer && frame.request) {
        const region = regionMove(frame.request.region.pages, frame.request.region.va, frame.request.callerVa, server.eid, caller.eid);
        this.tracer.event({ ...this.traceBase(), kind: 'move', reason: 'abandon', region });
      }
      this.giveRequestBack(server, caller);
      caller.calleeEid = -1;
    }
    server.frame = undefined;
    server.topCallerEid = -1;
    server.state = EnclaveState.RUNNABLE;
    this.wakeWaiter(server);
  }

  /** A `queue` server is idle again: its first waiter is woken, and the next call is its own. */
  wakeWaiter(server: Enclave): void {
    const next = server.waiters.shift();
    if (!next) return;
    server.reservedFor = next.eid;
    this.sendIpi(next.hart);
  }

  /**
   * The request region returns to the caller at its original VA, whatever the server did.
   * A region is known by its page list, which travels with it: a server that forwarded the
   * region down a chain got it back as a new Region record, so the one in the frame may be
   * stale, and detaching the stale record would leave the live one (and the caller's pages)
   * in the server's list.
   */
  giveRequestBack(server: Enclave, caller: Enclave): bigint | undefined {
    const request = server.frame?.request;
    if (!request) return undefined;
    const held = server.space.regions.find((r) => r.pages === request.region.pages);
    if (!held) return undefined;
    server.space.detachRegion(held);
    const placed = caller.space.attachRegion(held.pages, request.callerVa, regionCeiling(request.callerVa));
    return placed?.va;
  }

  /** The server's call is over: it goes idle and its caller continues with a0. */
  finishCall(server: Enclave, caller: Enclave, a0: bigint): void {
    const frame = server.frame!;
    server.frame = undefined;
    server.topCallerEid = -1;
    server.state = EnclaveState.RUNNABLE;
    caller.calleeEid = -1;
    caller.state = EnclaveState.RUNNING;
    if (a0 === 0n) frame.callerContext.xl[10] = frame.callerContext.xh[10] = 0;
    else frame.callerContext.set(10, a0);
    this.enter(caller, frame.callerContext);
    this.wakeWaiter(server);
  }

  /**
   * The run's instruction budget ran out. The budget is the run's, so the top caller pays:
   * every server in its chain has its call aborted (its request region goes back up the
   * chain) and stays alive and idle; the top is destroyed and the host's RUN answers
   * STEP_LIMIT. A server is destroyed only for its own fault.
   */
  exhaustBudget(pc: bigint): void {
    const run = this.runTop!;
    const top = run.enclave;
    const executing = this.current ?? top;
    this.report({
      kind: 'step-limit',
      enclave: top.label,
      eid: top.eid,
      pc,
      steps: this.options.enclaveMaxSteps,
      ...(executing !== top ? { inServer: executing.label } : {}),
    });
    this.abandonChain(top);
    this.destroyEnclave(top);
    this.returnToHost(BigInt(AbiError.STEP_LIMIT), 0n);
  }

  /** Aborts every server call in `top`'s chain, deepest first: regions go back, servers go idle. */
  abandonChain(top: Enclave): void {
    const chain: Enclave[] = [];
    for (let e = top; e.calleeEid >= 0; ) {
      const server = this.enclaves.get(e.calleeEid);
      if (!server) break;
      chain.push(server);
      e = server;
    }
    for (const server of chain.reverse()) this.abandonServerCall(server);
    top.calleeEid = -1;
    top.suspended = undefined;
  }

  /** Ends the host's RUN call: the host resumes after its ecall with a0 = status, a1 = value. */
  returnToHost(status: bigint, value: bigint): void {
    const top = this.runTop!;
    if (this.tracer) this.traceRunStretchEnd(top, status, value);
    if (this.slotHart !== HOST_HART) return this.endRunOnHart(top, status, value);
    // A sliced run that ended (status 0 or an error, not a suspension) keeps its outcome:
    // the host learns it in a slice, and a later RESUME answers it again.
    if (top.sliced && status <= 0n) this.endedRuns.set(top.enclave.eid, { status, value });
    this.runTop = undefined;
    this.current = undefined;
    top.hostContext.set(10, status);
    top.hostContext.set(11, value);
    this.restore(top.hostContext, this.host.space.pageTable, 0);
    this.tracer?.enter(HOST_EID, this.machine.instret);
  }

  /**
   * A run on another hart ended (status ≤ 0) or was preempted by the host's STOP: the hart
   * parks, the outcome waits for JOIN, and a host waiting in JOIN or STOP is woken by IPI.
   */
  private endRunOnHart(top: ActiveRun, status: bigint, value: bigint): void {
    this.runTop = undefined;
    this.current = undefined;
    const started = this.startedRuns.get(top.enclave.eid);
    if (started) {
      started.hart = -1;
      if (status <= 0n) started.outcome = { status, value };
    }
    this.parkHart();
    if (this.hostWait) this.sendIpi(HOST_HART);
  }

  /** The host's RUN or RESUME answers: a run that ended (status ≤ 0) or a stretch preempted (TIMER, YIELD, RELAY_PAGE). */
  private traceRunStretchEnd(top: ActiveRun, status: bigint, value: bigint): void {
    const base = { ...this.traceBase(), at: traceEid(this.current ?? top.enclave) };
    if (status > 0n) {
      const reason: PreemptReason = status === BigInt(RunStatus.TIMER) ? 'timer' : status === BigInt(RunStatus.YIELD) ? 'yield' : 'relay-page';
      this.tracer!.event({ ...base, kind: 'preempt', eid: top.enclave.eid, reason, executing: traceEid(this.current ?? top.enclave) });
      return;
    }
    const code = Number(status);
    const reason: EndReason = code === AbiError.OK ? 'return' : code === AbiError.FAULTED ? 'fault' : code === AbiError.STEP_LIMIT ? 'step-limit' : 'error';
    this.tracer!.event({ ...base, kind: 'end', eid: top.enclave.eid, reason, value: hexOf(value), code });
  }

  /** Switches the hart to `enclave`, starting or continuing its saved context. */
  enter(enclave: Enclave, context: SavedContext): void {
    this.current = enclave;
    this.restore(context, enclave.space.pageTable, enclave.eid + 1);
    this.tracer?.enter(enclave.eid, this.machine.instret);
  }

  /**
   * The registers a server call starts with, written straight onto the hart when it
   * exposes its register file (no copy through the context), else into `context`; all
   * zero. `enterFresh` then starts the enclave with them.
   */
  freshRegisters(context: SavedContext): { readonly xl: Int32Array; readonly xh: Int32Array } {
    const registers = this.machine.hart ?? context;
    registers.xl.fill(0);
    registers.xh.fill(0);
    return registers;
  }

  /** Switches the hart to `enclave` at its entry, with the registers freshRegisters(context) gave. */
  enterFresh(enclave: Enclave, context: SavedContext): void {
    const file = this.machine.hart;
    if (!file) {
      context.pc = enclave.entry;
      this.enter(enclave, context);
      return;
    }
    this.current = enclave;
    file.pc = enclave.entryPc;
    file.pcOverflow = Number.isNaN(enclave.entryPc) ? BigInt.asUintN(64, enclave.entry) : null;
    this.switchDomain(enclave.space.pageTable, enclave.eid + 1);
    this.tracer?.enter(enclave.eid, this.machine.instret);
  }

  save(pc: bigint): SavedContext {
    return this.saveInto(new SavedContext(pc), pc);
  }

  /** Copies the hart's registers into `context` (no allocation: the IPC hot path). */
  saveInto(context: SavedContext, pc: bigint): SavedContext {
    context.pc = pc;
    return this.saveRegistersInto(context);
  }

  /** The caller's side of an ecall that blocks: its registers, to resume after the ecall at `epc`. */
  saveAfterEcall(context: SavedContext, epc: bigint): SavedContext {
    context.setPcAfter(epc);
    return this.saveRegistersInto(context);
  }

  private saveRegistersInto(context: SavedContext): SavedContext {
    const file = this.machine.hart;
    if (file) {
      context.xl.set(file.xl);
      context.xh.set(file.xh);
      context.xl[0] = context.xh[0] = 0;
    } else {
      for (let i = 1; i < 32; i++) context.set(i, this.machine.getReg(i));
    }
    return context;
  }

  /** Puts `context` on the hart, in the address space of `table` under `asid`. */
  restore(context: SavedContext, table: PageTable, asid: number): void {
    const m = this.machine;
    const file = m.hart;
    if (file) {
      file.xl.set(context.xl);
      file.xh.set(context.xh);
      file.pc = context.pcValue;
      file.pcOverflow = context.wide;
    } else {
      for (let i = 1; i < 32; i++) m.setReg(i, context.get(i));
      m.pc = context.pc;
    }
    this.switchDomain(table, asid);
  }

  /** What every switch to a U-mode domain does besides registers and pc. */
  private switchDomain(table: PageTable, asid: number): void {
    const m = this.machine;
    m.privilege = 0;
    // A reservation taken in one domain must not let an SC succeed in another (a page
    // lent to a server is the same physical word): every switch breaks it.
    m.clearReservation();
    // The TLB keeps each domain's translations under its root table, and page-table
    // changes flush their page as they happen: a switch needs no sfence.vma. Every satp
    // the monitor builds is Sv39 (PageTable.satp), which the CSR write would pass
    // unchanged, so the hart takes it directly, with its root already known.
    const satp = table.satp(asid);
    const file = m.hart;
    if (file) file.setSatpDecoded(satp, true, table.root);
    else m.writeCsr(Csr.SATP, satp);
  }

  /** Sets a0 (and optionally a1) and resumes after the ecall at `epc`. */
  ecallReturn(epc: bigint, a0: bigint, a1?: bigint): TrapVerdict {
    this.machine.setReg(10, a0);
    if (a1 !== undefined) this.machine.setReg(11, a1);
    this.machine.pc = epc + 4n;
    return 'resume';
  }

  print(text: string | Uint8Array): void {
    this.options.stdout(typeof text === 'string' ? new TextEncoder().encode(text) : text);
  }

  findEnclave(eid: bigint): Enclave | undefined {
    if (eid < 0n || eid > 0x7fff_ffffn) return undefined;
    return this.enclaves.get(Number(eid));
  }

  /** findEnclave of the handle in register `index`, read without a bigint. */
  findEnclaveInReg(index: number): Enclave | undefined {
    const eid = this.smallReg(index);
    return eid >= 0 && eid <= 0x7fff_ffff ? this.enclaves.get(eid) : undefined;
  }
}

/** A call or ocall number from a register: exact when it fits 32 bits, otherwise -1. */
export function smallNumber(value: bigint): number {
  return value >= 0n && value <= 0xffff_ffffn ? Number(value) : -1;
}

export function hex(value: bigint): string {
  return '0x' + BigInt.asUintN(64, value).toString(16);
}

/** The detail of a page fault between the mmap region and the bottom of the enclave's stack
 *  (nothing is ever mapped there): the enclave ran out of stack. */
export function stackOverflow(enclave: Enclave, trap: MonitorTrap): string | undefined {
  if (trap.cause !== 13 && trap.cause !== 15) return undefined;
  const bottom = EnclaveVA.STACK_TOP - BigInt(enclave.stackSize);
  if (trap.tval >= bottom || trap.tval < EnclaveVA.MMAP_TOP) return undefined;
  return `the address is below this enclave's ${enclave.stackSize / 1024} KiB stack: the stack overflowed (deep recursion or large local arrays)`;
}
