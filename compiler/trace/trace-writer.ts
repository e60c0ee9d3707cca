// Writes a trace file as the run goes: one JSON line per record, buffered and flushed to
// the file in large chunks, so a run of millions of events never sits in memory.
import { closeSync, openSync, writeSync } from 'node:fs';
import { TRACE_FORMAT_NAME, TRACE_FORMAT_VERSION, type TraceClosing, type TraceEvent } from '../../runtime/trace-format.js';

/** Where finished lines go: a file, or memory in tests. */
export interface LineSink {
  write(text: string): void;
  close(): void;
}

const FLUSH_AT = 1 << 18;

export class FileSink implements LineSink {
  private readonly fd: number;
  private pending: string[] = [];
  private pendingLength = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  write(text: string): void {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    writeSync(this.fd, this.pending.join(''));
    this.pending = [];
    this.pendingLength = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

export class TraceWriter {
  private count = 0;

  constructor(
    private readonly sink: LineSink,
    program: string,
  ) {
    sink.write(JSON.stringify({ format: TRACE_FORMAT_NAME, version: TRACE_FORMAT_VERSION, program }) + '\n');
  }

  get events(): number {
    return this.count;
  }

  event(event: TraceEvent): void {
    this.count++;
    this.sink.write(JSON.stringify(event) + '\n');
  }

  close(closing: Omit<TraceClosing, 'end' | 'events'>): void {
    this.sink.write(JSON.stringify({ end: true, events: this.count, ...closing }) + '\n');
    this.sink.close();
  }
}
