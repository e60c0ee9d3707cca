// The CLI's side of a traced run: receives the monitor's events (MonitorTracer), counts
// them per domain for `--stats`, and, when writing a trace, adds what only the tool knows
// (the source position of each pc, the server function's name) before streaming the
// record to the file.
import { HOST_EID, type DomainTotals, type MonitorTracer, type TraceEvent } from '../../runtime/trace-format.js';
import { lineTableOf, type SourcePosition } from '../line-table.js';
import { parseInterface, type InterfaceFunction } from './interface-signature.js';
import type { TraceWriter } from './trace-writer.js';

/** What the tool knows of the image a domain was made from. */
export interface DomainImage {
  elf?: Uint8Array;
  /** A server's interface lines (the manifest's `interface`). */
  interface?: readonly string[];
}

/** Finds an image by the name the monitor knows it by ("host" for the host). */
export type DomainImageLookup = (monitorName: string) => DomainImage | undefined;

export interface DomainStats {
  eid: number;
  name: string;
  kind: string;
  instructions: number;
  callsMade: number;
  callsServed: number;
  peakPages: number;
  endPages: number;
  ocalls: number;
  faults: number;
}

export interface RunStats {
  domains: DomainStats[];
  instructions: number;
  wallMs: number;
  mips: number;
}

export class TraceRecorder implements MonitorTracer {
  private readonly domains = new Map<number, DomainStats & { pages: number }>();
  private current = HOST_EID;
  private since = 0;
  private readonly positions = new Map<string, string | undefined>();
  private readonly functions = new Map<number, Map<number, InterfaceFunction>>();
  private readonly images = new Map<number, DomainImage | undefined>();
  private readonly lineTables = new Map<Uint8Array, (pc: bigint) => SourcePosition | undefined>();

  constructor(
    private readonly lookup: DomainImageLookup,
    private readonly writer?: TraceWriter,
  ) {
    this.domain(HOST_EID, 'host', 'host');
    this.images.set(HOST_EID, lookup('host'));
  }

  private domain(eid: number, name?: string, kind?: string): DomainStats & { pages: number } {
    let d = this.domains.get(eid);
    if (!d) {
      d = { eid, name: name ?? `eid ${eid}`, kind: kind ?? 'enclave', instructions: 0, callsMade: 0, callsServed: 0, peakPages: 0, endPages: 0, ocalls: 0, faults: 0, pages: 0 };
      this.domains.set(eid, d);
    }
    return d;
  }

  enter(eid: number, instret: number): void {
    this.domain(this.current).instructions += instret - this.since;
    this.current = eid;
    this.since = instret;
  }

  pages(owner: number, delta: number): void {
    const d = this.domain(owner);
    d.pages += delta;
    if (d.pages > d.peakPages) d.peakPages = d.pages;
  }

  event(event: TraceEvent): void {
    switch (event.kind) {
      case 'create': {
        const d = this.domain(event.eid);
        d.name = event.name;
        d.kind = event.type;
        const image = this.lookup(event.name);
        this.images.set(event.eid, image);
        if (image?.interface) this.functions.set(event.eid, parseInterface(image.interface));
        break;
      }
      case 'call':
        if (event.code >= 0) {
          this.domain(event.at).callsMade++;
          this.domain(event.to).callsServed++;
        }
        break;
      case 'ocall':
        this.domain(event.at).ocalls++;
        break;
      case 'fault':
      case 'step-limit':
        this.domain(event.eid).faults++;
        break;
    }
    if (this.writer) this.writer.event(this.annotate(event));
  }

  /**
   * Adds the source position of the event's pc (or, inside runtime code, of the statement
   * that called it) and a call's function name. The record is the monitor's fresh object,
   * handed over: it is completed in place.
   */
  private annotate(event: TraceEvent): TraceEvent {
    if (event.pc !== undefined) {
      const src = this.positionOf(event.at, event.pc, event.ra);
      if (src) event.src = src;
    }
    if (event.kind === 'call' && event.code >= 0) {
      const fn = this.functions.get(event.to)?.get(Number(BigInt(event.function) & 0xffffffffn));
      if (fn) {
        event.name = fn.name;
        event.args = event.args.slice(0, fn.scalarCount);
      }
    }
    return event;
  }

  private positionOf(eid: number, pc: string, ra: string | undefined): string | undefined {
    const key = `${eid}:${pc}:${ra ?? ''}`;
    if (this.positions.has(key)) return this.positions.get(key);
    const elf = this.images.get(eid)?.elf;
    let src: string | undefined;
    if (elf) {
      let positionOf = this.lineTables.get(elf);
      if (!positionOf) this.lineTables.set(elf, (positionOf = lineTableOf(elf)));
      const position = positionOf(BigInt(pc)) ?? (ra !== undefined ? positionOf(BigInt(ra) - 1n) : undefined);
      if (position) src = `${position.file}:${position.line}:${position.column}`;
    }
    this.positions.set(key, src);
    return src;
  }

  /** Ends the recording at the run's end: closes the trace and answers the statistics. */
  finish(end: { instret: number; exitCode?: number; stopReason?: string; wallMs: number }): RunStats {
    this.enter(this.current, end.instret);
    const domains = [...this.domains.values()].map(({ pages, ...d }) => ({ ...d, endPages: pages }));
    if (this.writer) {
      const totals: DomainTotals[] = domains.map((d) => ({ eid: d.eid, name: d.name, instructions: d.instructions, peakPages: d.peakPages, endPages: d.endPages }));
      this.writer.close({ instret: end.instret, ...(end.exitCode === undefined ? {} : { exitCode: end.exitCode }), ...(end.stopReason ? { stopReason: end.stopReason } : {}), domains: totals });
    }
    return { domains, instructions: end.instret, wallMs: end.wallMs, mips: end.wallMs > 0 ? end.instret / end.wallMs / 1000 : 0 };
  }
}
