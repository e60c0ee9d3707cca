import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { copySample, penglaic, repoRoot } from './cli.js';

const schema = JSON.parse(readFileSync(join(repoRoot, 'compiler/trace/schema/trace.schema.json'), 'utf8'));

/** Every line of a trace, each checked against the schema's `record` by an independent validator. */
function checkedRecords(path: string): Record<string, unknown>[] {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const validate = ajv.compile(schema);
  const lines = readFileSync(path, 'utf8').split('\n');
  expect(lines.pop()).toBe('');
  return lines.map((line, i): Record<string, unknown> => {
    const record = JSON.parse(line) as Record<string, unknown>;
    if (!validate(record)) throw new Error(`line ${i + 1} does not match the schema: ${ajv.errorsText(validate.errors)}`);
    return record;
  });
}

function tracedSample(name: string, args: string[] = []) {
  const dir = copySample(name);
  expect(penglaic(['build'], dir).status).toBe(0);
  const run = penglaic(['run', '--trace', 'trace.json', ...args], dir);
  return { dir, run, path: join(dir, 'trace.json') };
}

describe('penglaic run --trace', () => {
  it('server-chain: every monitor event in program order, with source lines, function names and region moves', () => {
    const { run, path } = tracedSample('server-chain');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('caller: resp_val 0x3\n');
    expect(run.stderr).toBe('penglaic: trace of 20 events written to trace.json\n');
    const records = checkedRecords(path);
    expect(records[0]).toEqual({ format: 'penglaic-trace', version: 1, program: 'main.pen' });
    const events = records.slice(1, -1);
    const closing = records[records.length - 1];
    expect(closing).toMatchObject({ end: true, events: 20, exitCode: 0 });
    expect(events.map((e) => e.kind)).toEqual([
      'create', 'create', 'create', 'run', 'ocall', 'move', 'acquire', 'call', 'ocall', 'acquire', 'call', 'ocall', 'return', 'return', 'ocall', 'ocall', 'ocall', 'end', 'destroy', 'destroy',
    ]);
    expect(events.filter((e) => e.kind === 'create').map((e) => [e.eid, e.name, e.type])).toEqual([
      [0, 'test-server', 'server'],
      [1, 'test-server1', 'server'],
      [2, 'Caller', 'normal'],
    ]);
    const calls = events.filter((e) => e.kind === 'call');
    expect(calls.map((c) => [c.at, c.to, c.name, c.args, c.src])).toEqual([
      [2, 1, 'fill', ['0x19960000'], 'main.pen:37:5'],
      [1, 0, 'fill', ['0x19960000'], 'main.pen:26:5'],
    ]);
    // The same 16 KiB + 16 KiB transfer region (9 pages with its header) travels down the chain and back.
    const region = (calls[0].request as { id: string }).id;
    const returns = events.filter((e) => e.kind === 'return');
    const moves = [...calls, ...returns].map((e) => e.request as { id: string; pages: number; from: number; to: number });
    expect(moves.map((m) => [m.id, m.pages, m.from, m.to])).toEqual([
      [region, 9, 2, 1],
      [region, 9, 1, 0],
      [region, 9, 0, 1],
      [region, 9, 1, 2],
    ]);
    expect(returns.map((r) => [r.at, r.to, r.result, r.code])).toEqual([
      [0, 1, '0x2', 0],
      [1, 2, '0x3', 0],
    ]);
    expect(events.filter((e) => e.kind === 'ocall' && e.ocall === 'print').map((e) => [e.at, e.text, e.src])).toEqual([
      [1, 'test-server1: tag + sum = 0x19961000\n', 'main.pen:24:5'],
      [0, 'test-server: tag + sum = 0x19962000\n', 'main.pen:10:5'],
      [2, 'caller: request sum 0x2000\n', 'main.pen:44:5'],
      [2, 'caller: response sum 0x2000\n', 'main.pen:45:5'],
      [2, 'caller: resp_val 0x3\n', 'main.pen:46:5'],
    ]);
    expect(events.filter((e) => e.kind === 'acquire').map((e) => [e.at, e.name, e.result])).toEqual([
      [2, 'test-server1', 1],
      [1, 'test-server', 0],
    ]);
    expect(events.find((e) => e.kind === 'end')).toMatchObject({ eid: 2, reason: 'return', value: '0x0', code: 0 });
    const times = events.map((e) => e.t as number);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    // With 16 KiB regions the trace stays far under 1 MB.
    expect(statSync(path).size).toBeLessThan(1_000_000);
  });

  it('time-slices: timer slices, stop, attestation mid-run and resume into the server the run was suspended in', () => {
    const { run, path } = tracedSample('time-slices');
    expect(run.status).toBe(0);
    const events = checkedRecords(path).slice(1, -1);
    const landmarks = events.filter((e) => ['run', 'preempt', 'stop', 'attest', 'resume', 'end', 'destroy'].includes(e.kind as string));
    expect(landmarks.map((e) => e.kind)).toEqual(['run', 'preempt', 'resume', 'preempt', 'resume', 'preempt', 'stop', 'attest', 'resume', 'preempt', 'resume', 'end', 'destroy']);
    expect(events.filter((e) => e.kind === 'preempt').every((e) => e.reason === 'timer')).toBe(true);
    expect(landmarks.find((e) => e.kind === 'attest')).toMatchObject({ at: -1, eid: 1, nonce: '0x1', code: 0 });
    expect(landmarks.find((e) => e.kind === 'stop')).toMatchObject({ eid: 1, code: 0 });
    expect(events.filter((e) => e.kind === 'call')).toHaveLength(3000);
    expect(events.filter((e) => e.kind === 'call').slice(0, 3).map((e) => [e.name, e.args])).toEqual([
      ['is_prime', ['0x0']],
      ['is_prime', ['0x1']],
      ['is_prime', ['0x2']],
    ]);
    expect(landmarks.find((e) => e.kind === 'end')).toMatchObject({ eid: 1, reason: 'return', value: '0x1ae' });
  });

  it('a fault is recorded with its full report, and the run ends with the fault', () => {
    const { run, path } = tracedSample('attack-host-memory');
    expect(run.status).toBe(0);
    const events = checkedRecords(path).slice(1, -1);
    const fault = events.find((e) => e.kind === 'fault')!;
    expect(fault.report).toMatchObject({ cause: 'load page fault', address: '0x10000' });
    expect(fault.src).toMatch(/^main\.pen:\d+:\d+$/);
    const after = events[events.indexOf(fault) + 1];
    expect(after).toMatchObject({ kind: 'end', eid: fault.eid, reason: 'fault', code: -19 });
  });

  it('penglaic test --trace DIR writes one trace per test', () => {
    const dir = copySample('server-chain');
    const source = readFileSync(join(dir, 'main.pen'), 'utf8');
    const tests = `${source}\ntest "chain answers 0" {\n  let adder = create Adder;\n  let relay = create Relay;\n  let caller = create Caller;\n  assert(run caller == 0);\n}\ntest "nothing" {\n  assert(true);\n}\n`;
    writeFileSync(join(dir, 'main.pen'), tests);
    const result = penglaic(['test', '--trace', 'traces'], dir);
    expect(result.status).toBe(0);
    const files = readdirSync(join(dir, 'traces')).sort();
    expect(files).toEqual(['chain-answers-0.json', 'nothing.json']);
    const chain = checkedRecords(join(dir, 'traces', 'chain-answers-0.json'));
    expect(chain.filter((r) => r.kind === 'call')).toHaveLength(2);
    expect(chain[0]).toEqual({ format: 'penglaic-trace', version: 1, program: 'main.pen: test "chain answers 0"' });
  });
});
