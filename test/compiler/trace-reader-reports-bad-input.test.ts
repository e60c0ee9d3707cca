import { describe, expect, it } from 'vitest';
import { parseTrace, TraceError } from '../../compiler/trace/trace-reader.js';
import { TraceWriter, type LineSink } from '../../compiler/trace/trace-writer.js';
import type { TraceEvent } from '../../runtime/trace-format.js';

/** A small valid trace: two servers in a chain, one call each way, a print. */
function sampleTrace(): string {
  let text = '';
  const sink: LineSink = { write: (t) => void (text += t), close: () => {} };
  const writer = new TraceWriter(sink, 'main.pen');
  const region = { id: '0x84251000', va: '0x2fffff7000', toVa: '0x2fffff7000', pages: 9 };
  const events: TraceEvent[] = [
    { t: 10, at: -1, kind: 'create', eid: 0, name: 'test-server', type: 'server', measurement: '0xab' },
    { t: 20, at: -1, kind: 'create', eid: 1, name: 'Caller', type: 'normal', measurement: '0xcd' },
    { t: 30, at: -1, kind: 'run', eid: 1, slice: 0 },
    { t: 40, at: 1, kind: 'call', to: 0, function: '0x0', args: ['0x19960000'], code: 0, request: { ...region, from: 1, to: 0 }, src: 'main.pen:37:5', name: 'fill' },
    { t: 50, at: 0, kind: 'ocall', ocall: 'print', text: 'hello\n' },
    { t: 60, at: 0, kind: 'return', to: 1, result: '0x2', code: 0, request: { ...region, from: 0, to: 1 } },
    { t: 70, at: 1, kind: 'end', eid: 1, reason: 'return', value: '0x0', code: 0 },
  ];
  for (const e of events) writer.event(e);
  writer.close({ instret: 80, exitCode: 0, domains: [] });
  return text;
}

function errorOf(text: string): TraceError {
  try {
    parseTrace(text, { event: () => {} });
  } catch (e) {
    if (e instanceof TraceError) return e;
    throw e;
  }
  throw new Error('the trace was accepted');
}

const lines = () => sampleTrace().split('\n');
const offsetOfLine = (text: string, line: number) => text.split('\n').slice(0, line - 1).join('\n').length + (line > 1 ? 1 : 0);

describe('reading a trace', () => {
  it('accepts a trace the writer wrote, event by event in order', () => {
    const kinds: string[] = [];
    const { header, closing } = parseTrace(sampleTrace(), { event: (e) => kinds.push(e.kind) });
    expect(header).toEqual({ format: 'penglaic-trace', version: 1, program: 'main.pen' });
    expect(closing.events).toBe(7);
    expect(kinds).toEqual(['create', 'create', 'run', 'call', 'ocall', 'return', 'end']);
  });

  it('a truncated trace names the byte where it stops', () => {
    const text = sampleTrace();
    const cut = text.slice(0, text.lastIndexOf('{"end"'));
    const e = errorOf(cut);
    expect(e.code).toBe('T005');
    expect(e.message).toBe(`byte ${Buffer.byteLength(cut)} (line 9): the trace is truncated: it ends after 7 events without its closing record (the run was cut off, or the file copied in part)`);
  });

  it('a trace cut in the middle of a record says so', () => {
    const text = sampleTrace();
    const cut = text.slice(0, text.indexOf('"kind":"ocall"') + 5);
    const e = errorOf(cut);
    expect(e.code).toBe('T005');
    expect(e.message).toBe(`byte ${offsetOfLine(text, 6)} (line 6): the trace is truncated: its last record stops in the middle (4 events read)`);
  });

  it('cut at any byte, a trace is refused as truncated or bad JSON, never accepted or crashed on', () => {
    const text = sampleTrace();
    for (let end = 0; end < text.length - 1; end++) {
      const e = errorOf(text.slice(0, end));
      expect(['T001', 'T003', 'T005']).toContain(e.code);
      expect(e.offset).toBeLessThanOrEqual(end);
    }
  });

  it('a trace from another version is refused with the version it has', () => {
    const text = sampleTrace().replace('"version":1', '"version":2');
    const e = errorOf(text);
    expect(e.code).toBe('T002');
    expect(e.message).toBe('byte 0 (line 1, $.version): this trace has format version 2; this penglaic reads version 1 (record it again with this penglaic)');
  });

  it('a file that is not a trace says what the first record must be', () => {
    expect(errorOf('{"hello":1}\n').message).toBe('byte 0 (line 1, $.format): not a penglaic trace: the first record must have "format": "penglaic-trace"');
    expect(errorOf('').message).toBe('byte 0 (line 1): the file is empty, not a penglaic trace');
  });

  it('a hand-edited value of the wrong type is named by its JSON path', () => {
    const l = lines();
    l[4] = l[4].replace('"pages":9', '"pages":"nine"');
    const text = l.join('\n');
    const e = errorOf(text);
    expect(e.code).toBe('T004');
    expect(e.jsonPath).toBe('$.request.pages');
    expect(e.message).toBe(`byte ${offsetOfLine(text, 5)} (line 5, $.request.pages): must be integer`);
  });

  it('a missing field, an extra field, a bad hex value and an unknown kind are each named', () => {
    const edit = (line: number, from: string, to: string) => {
      const l = lines();
      l[line - 1] = l[line - 1].replace(from, to);
      return errorOf(l.join('\n'));
    };
    expect(edit(4, '"slice":0', '"slices":0').message).toMatch(/\(line 4, \$\.slice\): this field is missing$/);
    expect(edit(4, '"slice":0', '"slice":0,"colour":"red"').message).toMatch(/\(line 4, \$\.colour\): no such field in this kind of record$/);
    expect(edit(7, '"result":"0x2"', '"result":"2"').message).toMatch(/\(line 7, \$\.result\): must be a lower-case hex string starting with 0x$/);
    expect(edit(8, '"reason":"return"', '"reason":"done"').message).toMatch(/\(line 8, \$\.reason\): must be one of "return", "fault", "step-limit", "error"$/);
    expect(edit(6, '"kind":"ocall"', '"kind":"ocal"').message).toMatch(/\(line 6, \$\.kind\): unknown event kind "ocal" \(expected one of create, run, /);
  });

  it('bad JSON is located at the byte where parsing failed', () => {
    const l = lines();
    l[2] = l[2].replace('"name":"Caller"', '"name":Caller"');
    const text = l.join('\n');
    const e = errorOf(text);
    expect(e.code).toBe('T003');
    expect(e.offset).toBe(text.indexOf(':Caller"') + 1);
    expect(e.message).toBe(`byte ${e.offset} (line 3): not valid JSON: Unexpected token 'C'`);
  });

  it('edits the schema cannot see: time going back, an eid never created, events removed, records after the end', () => {
    const l = lines();
    const swapped = [...l];
    [swapped[4], swapped[5]] = [swapped[5], swapped[4]];
    expect(errorOf(swapped.join('\n')).message).toMatch(/\(line 6, \$\.t\): time goes back: 40 after 50 \(events are in program order\)$/);
    const stranger = [...l];
    stranger[2] = stranger[2].replace('"eid":1', '"eid":5');
    expect(errorOf(stranger.join('\n')).message).toMatch(/\(line 5, \$\.at\): eid 1 acts before any create event made it$/);
    const removed = l.filter((_, i) => i !== 5);
    expect(errorOf(removed.join('\n')).message).toMatch(/\(line 8, \$\.events\): the closing record counts 7 events but the file holds 6: events were added or removed$/);
    expect(errorOf(sampleTrace() + '{"t":1}\n').message).toMatch(/\(line 10\): there is more after the closing record$/);
  });
});
