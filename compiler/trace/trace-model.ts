// What the pictures of a trace draw, built while the trace streams past: the lifelines,
// one row per arrow or note of the sequence diagram, the activations (a server serving a
// call, an enclave running), and each region's owners over time. A trace too long to draw
// event by event is folded: consecutive calls, returns, ocalls and slices between two
// landmarks (create, run, end, fault, stop, destroy, attest) become one group whose arrows
// carry counts, and a region's history is coarsened to what a row of pixels can show, so
// memory stays bounded by the picture, not by the run.
import { HOST_EID, NO_OWNER, type RegionMove, type TraceClosing, type TraceEvent, type TraceHeader } from '../../runtime/trace-format.js';
import type { TraceVisitor } from './trace-reader.js';

export interface Participant {
  eid: number;
  name: string;
  kind: string;
}

/** One arrow (from ≠ to) or note (from = to) of the sequence diagram. */
export interface Arrow {
  type: 'arrow';
  kind: TraceEvent['kind'];
  from: number;
  to: number;
  label: string;
  /** How many events this arrow stands for (1 unless grouped). */
  count: number;
  dashed: boolean;
  fault: boolean;
  t: number;
  /** The event itself, or a group's summary: what a click shows. */
  detail: Record<string, unknown>;
  src?: string;
  /** What arrows a group merges share: kind, ends and function, not arguments. */
  key: string;
}

export interface GroupRow {
  type: 'group';
  arrows: Arrow[];
  byKey: Map<string, Arrow>;
  firstT: number;
  lastT: number;
  events: number;
}

export type Row = Arrow | GroupRow;

export interface Activation {
  eid: number;
  fromRow: number;
  toRow: number;
  kind: 'serving' | 'running';
}

export interface OwnerSpan {
  t: number;
  owner: number;
  /** Ownership changes folded into this span when the history was coarsened. */
  moves: number;
}

export interface RegionRow {
  id: string;
  va: string;
  pages: number;
  spans: OwnerSpan[];
}

export interface ModelLimits {
  /** Rows drawn one event each before the diagram folds into groups (0: never fold). */
  maxRows: number;
  /** Rows after which nothing more is drawn (a note says how much was left out). */
  hardRows: number;
  maxRegions: number;
  maxSpansPerRegion: number;
}

export const DEFAULT_LIMITS: ModelLimits = { maxRows: 1500, hardRows: 20_000, maxRegions: 200, maxSpansPerRegion: 2048 };

/** Kinds that start or end something a reader must see on its own row. */
const LANDMARKS = new Set<TraceEvent['kind']>(['create', 'run', 'end', 'fault', 'step-limit', 'stop', 'destroy', 'attest']);

const pages = (n: number) => `${n} page${n === 1 ? '' : 's'}`;

const short = (hex: string) => {
  const value = BigInt(hex);
  return value < 1_000_000n ? value.toString() : hex;
};

export class TraceModel {
  header: TraceHeader | undefined;
  closing: TraceClosing | undefined;
  readonly participants: Participant[] = [{ eid: HOST_EID, name: 'host', kind: 'host' }];
  readonly rows: Row[] = [];
  readonly activations: Activation[] = [];
  readonly regions = new Map<string, RegionRow>();
  grouped = false;
  /** Events that produced no row because the picture was full. */
  omittedEvents = 0;
  omittedRegions = 0;
  eventCount = 0;
  private readonly callStack: { from: number; to: number; name: string; row: number }[] = [];
  private runStart: { eid: number; row: number } | undefined;
  private readonly owners = new Map<string, number>();
  /** When each participant first took part in a run or a call: the diagram's column order. */
  private readonly firstSeen = new Map<number, number>();

  constructor(readonly limits: ModelLimits = DEFAULT_LIMITS) {}

  readonly visitor: TraceVisitor = {
    header: (header) => (this.header = header),
    event: (event) => this.event(event),
    closing: (closing) => {
      this.closing = closing;
      this.endRun(this.rows.length - 1);
      this.orderColumns();
    },
  };

  event(event: TraceEvent): void {
    this.eventCount++;
    this.regionsOf(event);
    const arrow = this.arrowOf(event);
    if (arrow) this.add(arrow);
    // A call's bar starts at the row its arrow landed in (maybe a group).
    if (event.kind === 'call' && event.code >= 0) this.callStack[this.callStack.length - 1].row = this.rows.length - 1;
    const last = this.activations[this.activations.length - 1];
    if (event.kind === 'return' && last?.toRow === -1) last.toRow = this.rows.length - 1;
    this.activationsOf(event);
  }

  /** Host first, then in the order the participants joined the action (caller before server before its server). */
  private orderColumns(): void {
    const rank = (p: Participant) => (p.eid === HOST_EID ? -1 : (this.firstSeen.get(p.eid) ?? Number.MAX_SAFE_INTEGER));
    const created = new Map(this.participants.map((p, i) => [p.eid, i]));
    this.participants.sort((a, b) => rank(a) - rank(b) || created.get(a.eid)! - created.get(b.eid)!);
  }

  private seen(eid: number): void {
    if (!this.firstSeen.has(eid)) this.firstSeen.set(eid, this.firstSeen.size);
  }

  nameOf(eid: number): string {
    return this.participants.find((p) => p.eid === eid)?.name ?? `eid ${eid}`;
  }

  private arrowOf(event: TraceEvent): Arrow | undefined {
    const make = (from: number, to: number, label: string, options: { dashed?: boolean; fault?: boolean; key?: string } = {}): Arrow => ({
      type: 'arrow',
      key: `${event.kind}:${from}>${to}:${options.key ?? label}`,
      kind: event.kind,
      from,
      to,
      label,
      count: 1,
      dashed: options.dashed ?? false,
      fault: options.fault ?? false,
      t: event.t,
      detail: event as unknown as Record<string, unknown>,
      ...(event.src ? { src: event.src } : {}),
    });
    switch (event.kind) {
      case 'create':
        this.participants.push({ eid: event.eid, name: event.name, kind: event.type });
        return make(event.at, event.eid, `create ${event.type === 'instance' ? `instance of ${this.nameOf(event.template ?? -1)}` : event.type} ${event.name}`);
      case 'run':
        this.seen(event.eid);
        return make(event.at, event.eid, event.slice > 0 ? `run, slice ${event.slice}` : 'run');
      case 'resume':
        return make(event.at, event.into, event.slice > 0 ? `resume ${this.nameOf(event.eid)}, slice ${event.slice}` : `resume ${this.nameOf(event.eid)}`);
      case 'preempt':
        return make(event.executing, HOST_EID, event.reason === 'timer' ? 'timer: slice used up' : event.reason === 'yield' ? 'yield' : 'relay pages back', { dashed: true });
      case 'end':
        return make(event.eid, HOST_EID, event.reason === 'return' ? `returned ${short(event.value)}` : `ended: ${event.reason} (${event.code})`, { dashed: true, fault: event.reason !== 'return' });
      case 'stop':
        return make(event.at, event.eid, event.code === 0 ? 'stop' : `stop refused (${event.code})`);
      case 'destroy':
        return make(event.at, event.eid, event.code === 0 ? 'destroy' : `destroy refused (${event.code})`);
      case 'attest':
        return make(event.at, event.eid, `attest, nonce ${short(event.nonce)}`);
      case 'call': {
        const name = event.name ?? `function ${short(event.function)}`;
        if (event.code < 0) return make(event.at, event.to, `${name}: refused (${event.code})`, { fault: true });
        this.seen(event.at);
        this.seen(event.to);
        const region = event.request ? ` [lends ${pages(event.request.pages)}]` : '';
        this.callStack.push({ from: event.at, to: event.to, name, row: -1 });
        return make(event.at, event.to, `${name}(${event.args.map(short).join(', ')})${region}`, { key: name + region });
      }
      case 'return': {
        const call = this.callStack.pop();
        const name = call?.name ?? 'call';
        const back = event.request ? ` [${pages(event.request.pages)} back]` : '';
        const answer = event.response ? ` [+${pages(event.response.pages)} of response]` : '';
        // Inside a folded group a bar per call would say nothing the group does not.
        const folded = this.grouped && call !== undefined && call.row === this.rows.length - 1 && this.rows[call.row]?.type === 'group';
        // Its last row is set once the return's arrow has landed (maybe in a group).
        if (call && !folded) this.activations.push({ eid: call.to, fromRow: call.row, toRow: -1, kind: 'serving' });
        if (event.code < 0) return make(event.at, event.to, `${name} failed (${event.code}): server destroyed${back}`, { dashed: true, fault: true });
        return make(event.at, event.to, `${name} → ${short(event.result)}${back}${answer}`, { dashed: true, key: name + back + answer });
      }
      case 'ocall':
        if (event.ocall === 'print') return make(event.at, HOST_EID, `print "${(event.text ?? '').replace(/\n$/, '')}"`, { dashed: true, key: 'print' });
        return make(event.at, event.at, event.ocall);
      case 'acquire':
        return make(event.at, event.at, `acquire "${event.name}" → ${event.result >= 0 ? `eid ${event.result}` : `error ${event.result}`}`);
      case 'fault':
        return make(event.eid, event.eid, `✖ ${event.report.cause}${event.src ? ` at ${event.src}` : ''}`, { fault: true });
      case 'step-limit':
        return make(event.eid, event.eid, `✖ instruction budget (${event.steps}) used up${event.inServer ? ` (in ${event.inServer})` : ''}`, { fault: true });
      case 'shm':
        return make(event.at, event.at, `shm ${event.op}${event.key ? ` key ${short(event.key)}` : ''}${event.code < 0 ? ` refused (${event.code})` : ''}`);
      case 'key':
        return make(event.at, event.at, `GET_KEY type ${event.keyType} (${event.size} bytes)`);
      case 'move':
        if (event.reason === 'async-send' || event.reason === 'relay-send' || event.reason === 'relay-return') {
          return make(event.region.from, event.region.to, `${event.reason} ${pages(event.region.pages)}`, { dashed: event.reason === 'relay-return' });
        }
        return undefined;
    }
  }

  private add(arrow: Arrow): void {
    if (!this.grouped && this.limits.maxRows > 0 && this.rows.length >= this.limits.maxRows) this.fold();
    if (this.grouped && !LANDMARKS.has(arrow.kind)) {
      const last = this.rows[this.rows.length - 1];
      if (last?.type === 'group') return this.join(last, arrow);
      if (this.rows.length >= this.limits.hardRows) return void this.omittedEvents++;
      const first = this.summary(arrow);
      return void this.rows.push({ type: 'group', arrows: [first], byKey: new Map([[arrow.key, first]]), firstT: arrow.t, lastT: arrow.t, events: 1 });
    }
    if (this.rows.length >= this.limits.hardRows) return void this.omittedEvents++;
    this.rows.push(arrow);
  }

  /** Folds the rows drawn so far into groups: from now on the diagram draws groups. */
  private fold(): void {
    const rows = this.rows.splice(0);
    const renumber = new Map<number, number>();
    this.grouped = true;
    rows.forEach((row, i) => {
      if (row.type === 'arrow') this.add(row);
      renumber.set(i, this.rows.length - 1);
    });
    for (const a of this.activations) {
      a.fromRow = renumber.get(a.fromRow) ?? a.fromRow;
      a.toRow = renumber.get(a.toRow) ?? a.toRow;
    }
    for (const c of this.callStack) c.row = renumber.get(c.row) ?? c.row;
    if (this.runStart) this.runStart.row = renumber.get(this.runStart.row) ?? this.runStart.row;
  }

  private summary(arrow: Arrow): Arrow {
    // A grouped arrow's label drops the arguments (they differ call by call).
    const label = arrow.kind === 'call' || arrow.kind === 'return' ? arrow.label.replace(/\(.*?\)|→ \S+/, arrow.kind === 'call' ? '(…)' : '→ …') : arrow.kind === 'ocall' && arrow.from !== arrow.to ? 'print' : arrow.label;
    return { ...arrow, label, detail: { first: arrow.detail } };
  }

  private join(group: GroupRow, arrow: Arrow): void {
    group.events++;
    group.lastT = arrow.t;
    const same = group.byKey.get(arrow.key);
    if (same) {
      same.count++;
      same.detail.last = arrow.detail;
    } else {
      const summary = this.summary(arrow);
      group.byKey.set(arrow.key, summary);
      group.arrows.push(summary);
    }
  }

  private activationsOf(event: TraceEvent): void {
    const row = this.rows.length - 1;
    if (event.kind === 'run' || event.kind === 'resume') this.runStart = { eid: event.eid, row };
    if (event.kind === 'preempt' || event.kind === 'end') this.endRun(row);
  }

  private endRun(row: number): void {
    if (!this.runStart) return;
    this.activations.push({ eid: this.runStart.eid, fromRow: this.runStart.row, toRow: Math.max(row, this.runStart.row), kind: 'running' });
    this.runStart = undefined;
  }

  private regionsOf(event: TraceEvent): void {
    const moves: RegionMove[] = [];
    if (event.kind === 'move') moves.push(event.region);
    if ((event.kind === 'call' || event.kind === 'return') && event.request) moves.push(event.request);
    if (event.kind === 'return' && event.response) moves.push(event.response);
    for (const move of moves) this.own(move, event.t);
    // An ending enclave's pages are freed with it.
    const gone = event.kind === 'end' ? event.eid : event.kind === 'destroy' && event.code === 0 ? event.eid : event.kind === 'fault' || event.kind === 'step-limit' ? event.eid : undefined;
    if (gone === undefined) return;
    for (const [id, owner] of this.owners) {
      if (owner !== gone) continue;
      const row = this.regions.get(id);
      if (row) this.span(row, event.t, NO_OWNER);
      this.owners.delete(id);
    }
  }

  private own(move: RegionMove, t: number): void {
    let row = this.regions.get(move.id);
    if (!row) {
      if (this.regions.size >= this.limits.maxRegions) {
        if (!this.owners.has(move.id)) this.omittedRegions++;
        this.owners.set(move.id, move.to);
        return;
      }
      row = { id: move.id, va: move.va, pages: move.pages, spans: [] };
      if (move.from !== NO_OWNER) row.spans.push({ t: 0, owner: move.from, moves: 0 });
      this.regions.set(move.id, row);
    }
    this.span(row, t, move.to);
    if (move.to === NO_OWNER) this.owners.delete(move.id);
    else this.owners.set(move.id, move.to);
  }

  private span(row: RegionRow, t: number, owner: number): void {
    const last = row.spans[row.spans.length - 1];
    if (last && last.owner === owner) return;
    if (last && last.t === t) {
      last.owner = owner;
      last.moves++;
      return;
    }
    row.spans.push({ t, owner, moves: 1 });
    if (row.spans.length > this.limits.maxSpansPerRegion) row.spans = coarsen(row.spans);
  }
}

/** Halves a region's history: each pair of spans becomes one, coloured by whoever held it longer. */
function coarsen(spans: OwnerSpan[]): OwnerSpan[] {
  const out: OwnerSpan[] = [];
  for (let i = 0; i < spans.length; i += 2) {
    const a = spans[i];
    const b = spans[i + 1];
    if (!b) {
      out.push(a);
      break;
    }
    const next = spans[i + 2];
    const aLength = b.t - a.t;
    const bLength = next ? next.t - b.t : aLength;
    out.push({ t: a.t, owner: bLength > aLength ? b.owner : a.owner, moves: a.moves + b.moves });
  }
  return out;
}
