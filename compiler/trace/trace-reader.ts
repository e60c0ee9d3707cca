// Reads a trace file record by record, in chunks, so a trace of millions of events is
// never in memory at once. Every record is checked against the JSON Schema
// (schema/trace.schema.json) and against what the schema cannot say: the header comes
// first with our version, times never go back, eids are created before they act, and the
// closing record ends the file. Bad input is a TraceError naming the byte offset, the line
// and, for a record of the wrong shape, the JSON path of the bad value.
import { closeSync, openSync, readSync } from 'node:fs';
import { HOST_EID, TRACE_FORMAT_NAME, TRACE_FORMAT_VERSION, type TraceClosing, type TraceEvent, type TraceHeader } from '../../runtime/trace-format.js';
import schema from './schema/trace.schema.json' with { type: 'json' };
import { jsonSyntaxError } from '../json-syntax.js';
import { checkSchema, type SchemaNode } from './schema-check.js';

export const TraceErrorCode = {
  NOT_A_TRACE: 'T001',
  OTHER_VERSION: 'T002',
  BAD_JSON: 'T003',
  BAD_RECORD: 'T004',
  TRUNCATED: 'T005',
  INCONSISTENT: 'T006',
  UNREADABLE: 'T007',
} as const;

export class TraceError extends Error {
  constructor(
    readonly code: (typeof TraceErrorCode)[keyof typeof TraceErrorCode],
    /** Byte offset of the bad record (or of the end, when the file stops short). */
    readonly offset: number,
    /** 1-based line of that record. */
    readonly line: number,
    readonly detail: string,
    /** JSON path inside the record, "$.request.pages", when one value is wrong. */
    readonly jsonPath?: string,
  ) {
    super(`byte ${offset} (line ${line}${jsonPath ? `, ${jsonPath}` : ''}): ${detail}`);
  }
}

const definitions = schema.definitions as unknown as Record<string, SchemaNode>;
const EVENT_KINDS = Object.keys(definitions).filter((k) => k.startsWith('event-')).map((k) => k.slice(6));

export interface TraceVisitor {
  header?(header: TraceHeader): void;
  event(event: TraceEvent, index: number): void;
  closing?(closing: TraceClosing): void;
}

const CHUNK = 1 << 20;

/** Reads `path`, calling the visitor per record in file order; throws TraceError on bad input. */
export function readTrace(path: string, visitor: TraceVisitor): { header: TraceHeader; closing: TraceClosing } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new TraceError(TraceErrorCode.UNREADABLE, 0, 1, `cannot open the trace: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const parser = new TraceParser(visitor);
  try {
    const chunk = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const got = readSync(fd, chunk, 0, CHUNK, null);
      if (got === 0) break;
      parser.push(chunk.subarray(0, got));
    }
  } finally {
    closeSync(fd);
  }
  return parser.finish();
}

/** The same checks over text in memory (tests, the editor's webview). */
export function parseTrace(text: string, visitor: TraceVisitor): { header: TraceHeader; closing: TraceClosing } {
  const parser = new TraceParser(visitor);
  parser.push(Buffer.from(text, 'utf8'));
  return parser.finish();
}

class TraceParser {
  private carry: Buffer = Buffer.alloc(0);
  /** Byte offset of the start of `carry` in the file. */
  private offset = 0;
  private line = 0;
  private header: TraceHeader | undefined;
  private closingRecord: TraceClosing | undefined;
  private events = 0;
  private lastTime = 0;
  private readonly known = new Set<number>([HOST_EID]);

  constructor(private readonly visitor: TraceVisitor) {}

  push(bytes: Buffer): void {
    let data = this.carry.length > 0 ? Buffer.concat([this.carry, bytes]) : bytes;
    let start = 0;
    for (;;) {
      const newline = data.indexOf(10, start);
      if (newline < 0) break;
      this.record(data.toString('utf8', start, newline), this.offset + start);
      start = newline + 1;
    }
    this.offset += start;
    this.carry = Buffer.from(data.subarray(start));
    data = Buffer.alloc(0);
  }

  finish(): { header: TraceHeader; closing: TraceClosing } {
    if (this.carry.length > 0) {
      const text = this.carry.toString('utf8');
      // A last line without its newline is complete only if it is the closing record.
      this.record(text, this.offset, true);
      this.offset += this.carry.length;
    }
    if (!this.header) throw new TraceError(TraceErrorCode.NOT_A_TRACE, 0, 1, 'the file is empty, not a penglaic trace');
    if (!this.closingRecord) {
      throw new TraceError(
        TraceErrorCode.TRUNCATED,
        this.offset,
        this.line + 1,
        `the trace is truncated: it ends after ${this.events} events without its closing record (the run was cut off, or the file copied in part)`,
      );
    }
    return { header: this.header, closing: this.closingRecord };
  }

  private fail(code: TraceError['code'], offset: number, detail: string, jsonPath?: string): never {
    throw new TraceError(code, offset, this.line, detail, jsonPath);
  }

  private record(text: string, offset: number, last = false): void {
    this.line++;
    if (text.trim() === '') return;
    if (this.closingRecord) this.fail(TraceErrorCode.INCONSISTENT, offset, 'there is more after the closing record');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      if (last && this.header) this.fail(TraceErrorCode.TRUNCATED, offset, `the trace is truncated: its last record stops in the middle (${this.events} events read)`);
      const at = Buffer.byteLength(text.slice(0, jsonSyntaxError(text)?.offset ?? text.length));
      const reason = (e as Error).message.replace(/ in JSON at position \d+.*$/, '').replace(/, .* is not valid JSON$/, '');
      this.fail(TraceErrorCode.BAD_JSON, offset + at, `not valid JSON: ${reason}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(TraceErrorCode.BAD_RECORD, offset, 'a record must be a JSON object', '$');
    const record = value as Record<string, unknown>;
    if (!this.header) return this.headerRecord(record, offset);
    if (record.end === true) return this.closingRecordAt(record, offset);
    this.eventRecord(record, offset);
  }

  private headerRecord(record: Record<string, unknown>, offset: number): void {
    if (record.format !== TRACE_FORMAT_NAME) this.fail(TraceErrorCode.NOT_A_TRACE, offset, `not a penglaic trace: the first record must have "format": "${TRACE_FORMAT_NAME}"`, '$.format');
    if (record.version !== TRACE_FORMAT_VERSION) {
      this.fail(
        TraceErrorCode.OTHER_VERSION,
        offset,
        `this trace has format version ${JSON.stringify(record.version)}; this penglaic reads version ${TRACE_FORMAT_VERSION} (record it again with this penglaic)`,
        '$.version',
      );
    }
    this.validate('header', record, offset);
    this.header = record as unknown as TraceHeader;
    this.visitor.header?.(this.header);
  }

  private closingRecordAt(record: Record<string, unknown>, offset: number): void {
    this.validate('closing', record, offset);
    const closing = record as unknown as TraceClosing;
    if (closing.events !== this.events) {
      this.fail(TraceErrorCode.INCONSISTENT, offset, `the closing record counts ${closing.events} events but the file holds ${this.events}: events were added or removed`, '$.events');
    }
    if (closing.instret < this.lastTime) this.fail(TraceErrorCode.INCONSISTENT, offset, `the run ends at instruction ${closing.instret}, before its last event (${this.lastTime})`, '$.instret');
    this.closingRecord = closing;
    this.visitor.closing?.(closing);
  }

  private eventRecord(record: Record<string, unknown>, offset: number): void {
    const kind = record.kind;
    if (typeof kind !== 'string' || !EVENT_KINDS.includes(kind)) {
      this.fail(TraceErrorCode.BAD_RECORD, offset, `unknown event kind ${JSON.stringify(kind)} (expected one of ${EVENT_KINDS.join(', ')})`, '$.kind');
    }
    this.validate(`event-${kind}`, record, offset);
    const event = record as unknown as TraceEvent;
    if (event.t < this.lastTime) this.fail(TraceErrorCode.INCONSISTENT, offset, `time goes back: ${event.t} after ${this.lastTime} (events are in program order)`, '$.t');
    this.lastTime = event.t;
    if (!this.known.has(event.at)) this.fail(TraceErrorCode.INCONSISTENT, offset, `eid ${event.at} acts before any create event made it`, '$.at');
    if (event.kind === 'create') this.known.add(event.eid);
    if ((event.kind === 'call' && event.code >= 0) || event.kind === 'return') {
      if (!this.known.has(event.to)) this.fail(TraceErrorCode.INCONSISTENT, offset, `eid ${event.to} was never created`, '$.to');
    }
    this.visitor.event(event, this.events++);
  }

  private validate(definition: string, record: unknown, offset: number): void {
    const problem = checkSchema(definitions[definition], record, definitions);
    if (problem) this.fail(TraceErrorCode.BAD_RECORD, offset, problem.message, problem.path);
  }
}
