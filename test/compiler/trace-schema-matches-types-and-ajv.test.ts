import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { checkSchema, type SchemaNode } from '../../compiler/trace/schema-check.js';
import type { TraceEvent, TraceEventKind } from '../../runtime/trace-format.js';

const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../compiler/trace/schema/trace.schema.json'), 'utf8'));
const definitions = schema.definitions as Record<string, SchemaNode>;
const ajv = new Ajv({ strict: false });
ajv.addSchema(schema);
const ajvCheck = (definition: string, value: unknown) => ajv.getSchema(`${schema.$id}#/definitions/${definition}`)!(value) as boolean;

const region = { id: '0x84251000', va: '0x2fffff7000', toVa: '0x2fffff7000', pages: 9, from: 2, to: 1 };
/** One event of every kind, typed by runtime/trace-format.ts: a kind missing here, or a field of the wrong type, does not compile. */
const examples: { [K in TraceEventKind]: Extract<TraceEvent, { kind: K }> } = {
  create: { t: 1, at: -1, kind: 'create', eid: 0, name: 'test-server', type: 'server', measurement: '0xab', pc: '0x106b8', src: 'main.pen:52:3' },
  run: { t: 2, at: -1, kind: 'run', eid: 2, slice: 0 },
  resume: { t: 3, at: -1, kind: 'resume', eid: 2, slice: 100000, into: 0 },
  preempt: { t: 4, at: 0, kind: 'preempt', eid: 2, reason: 'timer', executing: 0 },
  end: { t: 5, at: 2, kind: 'end', eid: 2, reason: 'fault', value: '0x0', code: -19 },
  stop: { t: 6, at: -1, kind: 'stop', eid: 2, code: 0 },
  destroy: { t: 7, at: -1, kind: 'destroy', eid: 1, code: -10 },
  acquire: { t: 8, at: 2, kind: 'acquire', name: 'test-server1', result: 1, pc: '0x18cc', ra: '0x11c4' },
  call: { t: 9, at: 2, kind: 'call', to: 1, function: '0x0', args: ['0x19960000'], code: 0, request: region, name: 'fill' },
  return: { t: 10, at: 1, kind: 'return', to: 2, result: '0x3', code: 0, request: region, response: { ...region, id: '0x84300000' } },
  move: { t: 11, at: 2, kind: 'move', reason: 'mmap', region: { ...region, from: -2 } },
  shm: { t: 12, at: 2, kind: 'shm', op: 'attach', eid: 2, key: '0x7', va: '0x3ffffff000', code: 0 },
  ocall: { t: 13, at: 1, kind: 'ocall', ocall: 'print', text: 'hello\n' },
  fault: { t: 14, at: 2, kind: 'fault', eid: 2, name: 'Snoop', report: { cause: 'load page fault', pc: '0x1a34', returnAddress: '0x1a00', address: '0x10000', detail: 'not mapped' } },
  'step-limit': { t: 15, at: 2, kind: 'step-limit', eid: 2, name: 'Spin', steps: 1000, inServer: 'test-server' },
  attest: { t: 16, at: -1, kind: 'attest', eid: 2, nonce: '0x1', measurement: '0xcd', code: 0 },
  key: { t: 17, at: 2, kind: 'key', keyType: 1, size: 32, key: '0xaa', code: 0 },
};

/** A deterministic generator (xorshift), so a failure reproduces. */
function random(seed: number) {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const WRONG_VALUES: unknown[] = ['0xABC', '12', '', -3, 1.5, -1, -2, 2 ** 40, null, true, [], {}, 'timer', 'server', '0x', 'main.pen:1:1', ['0x1'], [1]];

/** A copy of `value` with one thing changed somewhere inside it. */
function mutate(value: unknown, next: () => number): unknown {
  if (Array.isArray(value)) {
    if (value.length === 0 || next() < 0.3) return [...value, WRONG_VALUES[Math.floor(next() * WRONG_VALUES.length)]];
    const i = Math.floor(next() * value.length);
    return value.map((v, k) => (k === i ? mutate(v, next) : v));
  }
  if (typeof value === 'object' && value !== null) {
    const record = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(record);
    const choice = next();
    if (choice < 0.15) delete record[keys[Math.floor(next() * keys.length)]];
    else if (choice < 0.25) record[['colour', 'pages', 'src', 'code', 'name'][Math.floor(next() * 5)]] = WRONG_VALUES[Math.floor(next() * WRONG_VALUES.length)];
    else {
      const key = keys[Math.floor(next() * keys.length)];
      record[key] = mutate(record[key], next);
    }
    return record;
  }
  return WRONG_VALUES[Math.floor(next() * WRONG_VALUES.length)];
}

describe('the trace schema', () => {
  it('lists exactly the event kinds of runtime/trace-format.ts, and each typed example is valid for ajv and for the reader', () => {
    const kinds = Object.keys(definitions).filter((k) => k.startsWith('event-')).map((k) => k.slice(6));
    expect(kinds.sort()).toEqual(Object.keys(examples).sort());
    for (const [kind, event] of Object.entries(examples)) {
      expect([kind, ajvCheck(`event-${kind}`, event)]).toEqual([kind, true]);
      expect([kind, checkSchema(definitions[`event-${kind}`], event, definitions)]).toEqual([kind, undefined]);
      expect(ajvCheck('record', event)).toBe(true);
    }
  });

  it('the reader\'s schema walk and ajv agree on 20,000 mutated records', () => {
    const next = random(0x5eed);
    let refused = 0;
    for (let i = 0; i < 20_000; i++) {
      const kinds = Object.keys(examples) as TraceEventKind[];
      const kind = kinds[Math.floor(next() * kinds.length)];
      let value: unknown = examples[kind];
      const rounds = 1 + Math.floor(next() * 3);
      for (let r = 0; r < rounds; r++) value = mutate(value, next);
      const ours = checkSchema(definitions[`event-${kind}`], value, definitions) === undefined;
      const theirs = ajvCheck(`event-${kind}`, value);
      if (ours !== theirs) throw new Error(`disagree on ${JSON.stringify(value)}: reader ${ours}, ajv ${theirs}`);
      if (!theirs) refused++;
    }
    // The mutations mostly break records: the comparison is about refusals, not only acceptances.
    expect(refused).toBeGreaterThan(15_000);
  });
});
