// The trace of a run: the records the monitor (emulator/, the producer) emits and the trace
// renderer (compiler/trace/, the consumer) draws. A trace file is JSON Lines: one header
// record, one record per monitor event in program order, and one closing record, so a
// trace streams to disk as it happens and a cut-off file is recognisable (no closing
// record). `compiler/trace/schema/trace.schema.json` is the same contract as a JSON Schema.
//
// Values that may exceed 2^53 (addresses, measurements, 64-bit arguments and results) are
// lower-case hex strings with 0x; counts, times and eids are JSON numbers.

/** Bumped whenever a record changes shape; readers refuse other versions. */
export const TRACE_FORMAT_VERSION = 1;
export const TRACE_FORMAT_NAME = 'penglaic-trace';

/** The eid traces use for the host process. */
export const HOST_EID = -1;
/** The owner of pages that belong to nobody (free, or a secure shm object). */
export const NO_OWNER = -2;

export interface TraceHeader {
  format: typeof TRACE_FORMAT_NAME;
  version: number;
  /** What ran: the program's source or the host image's name. */
  program: string;
}

/** A region as it changes hands: the unit Penglai moves is a whole mmap region. */
export interface RegionMove {
  /** The region's identity across moves: its first physical page, hex. */
  id: string;
  /** Its VA in the old owner and in the new one (they differ only when the VA was taken). */
  va: string;
  toVa: string;
  pages: number;
  from: number;
  to: number;
}

export type EnclaveKind = 'normal' | 'server' | 'shadow' | 'instance';

/** Why a region changed owner outside a call and its return. */
export type MoveReason = 'mmap' | 'unmap' | 'async-send' | 'async-receive' | 'split' | 'relay-send' | 'relay-return' | 'unwind' | 'abandon' | 'destroy';

export type EndReason = 'return' | 'fault' | 'step-limit' | 'error';
export type PreemptReason = 'timer' | 'yield' | 'relay-page';

export interface FaultDetails {
  cause: string;
  pc: string;
  returnAddress: string;
  address?: string;
  detail: string;
}

/** Fields every event has. */
interface EventBase {
  /** Retired instructions of the whole machine when the event happened. */
  t: number;
  /** The domain that caused the event: an enclave's eid, or HOST_EID. */
  at: number;
  /** The pc of the ecall or fault, hex, where there is one. */
  pc?: string;
  /** The return address at that pc (names the caller of a runtime routine), hex. */
  ra?: string;
  /** The source position of `pc`, "file:line:col": filled in by the tool that knows the images. */
  src?: string;
}

export type TraceEvent = EventBase &
  (
    | { kind: 'create'; eid: number; name: string; type: EnclaveKind; measurement: string; template?: number }
    | { kind: 'run'; eid: number; slice: number }
    | { kind: 'resume'; eid: number; slice: number; into: number }
    | { kind: 'preempt'; eid: number; reason: PreemptReason; executing: number }
    | { kind: 'end'; eid: number; reason: EndReason; value: string; code: number }
    | { kind: 'stop'; eid: number; code: number }
    | { kind: 'destroy'; eid: number; code: number }
    | { kind: 'acquire'; name: string; result: number }
    | {
        kind: 'call';
        /** The server; with `code` < 0 the call was refused and nothing moved. */
        to: number;
        /** req_arg: a typed call's function index. */
        function: string;
        /** A typed call's scalar argument slots (the transfer header is the caller's own). */
        args: string[];
        request?: RegionMove;
        code: number;
        /** Filled in by the tool: the function's name, "fill". */
        name?: string;
      }
    | {
        kind: 'return';
        to: number;
        /** resp_val; "-1" style codes appear as their 64-bit value. */
        result: string;
        request?: RegionMove;
        response?: RegionMove;
        /** 0 for SERVER_RETURN; the caller's error code when the server died (unwound). */
        code: number;
      }
    | { kind: 'move'; reason: MoveReason; region: RegionMove }
    | { kind: 'shm'; op: 'host-bind' | 'create' | 'attach' | 'detach' | 'destroy'; eid: number; key?: string; va?: string; pages?: number; code: number }
    /** An ocall as the enclave makes it (its effects are events of their own); a print carries its text. */
    | { kind: 'ocall'; ocall: string; text?: string }
    | { kind: 'fault'; eid: number; name: string; report: FaultDetails }
    /** The run's top caller pays and is destroyed; `inServer` names the server that was executing (left idle). */
    | { kind: 'step-limit'; eid: number; name: string; steps: number; inServer?: string }
    | { kind: 'attest'; eid: number; nonce: string; measurement: string; code: number }
    | { kind: 'key'; keyType: number; size: number; key: string; code: number }
  );

export type TraceEventKind = TraceEvent['kind'];

/** Per-domain figures the producer knows and the events alone do not tell. */
export interface DomainTotals {
  eid: number;
  name: string;
  /** Instructions retired while this domain held the hart. */
  instructions: number;
  peakPages: number;
  endPages: number;
}

export interface TraceClosing {
  end: true;
  events: number;
  instret: number;
  exitCode?: number;
  stopReason?: string;
  domains: DomainTotals[];
}

export type TraceRecord = TraceHeader | TraceEvent | TraceClosing;

/**
 * What the monitor reports to while a run is traced. The monitor holds `tracer` as
 * optional and calls `monitor.tracer?.event({...})`: with no tracer the record is never
 * built, so tracing off costs one null check per site.
 */
export interface MonitorTracer {
  event(event: TraceEvent): void;
  /** The hart now runs `eid` (HOST_EID for the host): instructions up to `instret` belong to the previous one. */
  enter(eid: number, instret: number): void;
  /** `owner`'s page count changed by `delta` (owner = eid, HOST_EID; pages of nobody are not told). */
  pages(owner: number, delta: number): void;
}
