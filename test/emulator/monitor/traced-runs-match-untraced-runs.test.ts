// Tracing watches and changes nothing: every scenario prints the same transcript with a
// tracer as without, each record it emits matches the trace schema (checked by ajv), the
// per-domain instruction counts add up to the run, and page counts never go negative.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import type { MonitorTracer, TraceEvent } from '../../../runtime/trace-format.js';
import { program } from './support/programs.js';
import { repoRoot } from './support/eapp-build.js';
import { runScenario, type Scenario } from './support/scenario.js';

const schema = JSON.parse(readFileSync(join(repoRoot, 'compiler/trace/schema/trace.schema.json'), 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema(schema);
const validEvent = ajv.getSchema(`${schema.$id}#/definitions/event`)!;

class CheckingTracer implements MonitorTracer {
  readonly events: TraceEvent[] = [];
  readonly instructions = new Map<number, number>();
  readonly pageCounts = new Map<number, number>();
  private current = -1;
  private since = 0;
  event(event: TraceEvent): void {
    if (!validEvent(event)) throw new Error(`${JSON.stringify(event)}: ${ajv.errorsText(validEvent.errors)}`);
    this.events.push(JSON.parse(JSON.stringify(event)));
  }
  enter(eid: number, instret: number): void {
    this.instructions.set(this.current, (this.instructions.get(this.current) ?? 0) + instret - this.since);
    this.current = eid;
    this.since = instret;
  }
  pages(owner: number, delta: number): void {
    const count = (this.pageCounts.get(owner) ?? 0) + delta;
    if (count < 0) throw new Error(`owner ${owner} has ${count} pages`);
    this.pageCounts.set(owner, count);
  }
}

/** SM2 signatures are randomised (a fresh k each time): a printed 328-byte report is compared without them. */
const withoutSignatures = (transcript: string) =>
  transcript.replace(/\b[0-9a-f]{656}\b/g, (report) => report.slice(0, 64) + '·'.repeat(128) + report.slice(192, 384) + '·'.repeat(128) + report.slice(512));

function traced(scenario: Scenario) {
  const plain = runScenario(scenario);
  const tracer = new CheckingTracer();
  const withTrace = runScenario({ ...scenario, tracer });
  expect(withoutSignatures(withTrace.transcript)).toBe(withoutSignatures(plain.transcript));
  expect(withTrace.exitCode).toBe(plain.exitCode);
  const times = tracer.events.map((e) => e.t);
  expect([...times].sort((a, b) => a - b)).toEqual(times);
  return tracer;
}

const kinds = (tracer: CheckingTracer) => tracer.events.map((e) => (e.kind === 'move' ? `move:${e.reason}` : e.kind === 'shm' ? `shm:${e.op}` : e.kind));

describe('a traced run', () => {
  it('relay pages: sent with the run, lent to a server and back, returned to the host and sent again on the rerun', () => {
    const tracer = traced({
      files: { 'vault.elf': program('vault'), 'relay.elf': program('relay-user') },
      steps: ['server:vault:vault.elf', 'create:ru:relay.elf', 'relay:ru:0x4000:0x56ce', 'start:ru', 'relaypeek:0x8', 'resume:ru:0x0'],
    });
    const k = kinds(tracer);
    expect(k.filter((x) => x.startsWith('move:relay'))).toEqual(['move:relay-send', 'move:relay-return', 'move:relay-send', 'move:relay-return']);
    const call = tracer.events.find((e) => e.kind === 'call')!;
    expect(call.kind === 'call' && call.request).toMatchObject({ va: '0x3800000000', pages: 4 });
    expect(tracer.events.filter((e) => e.kind === 'preempt').map((e) => e.kind === 'preempt' && e.reason)).toEqual(['relay-page']);
  });

  it('secure shared memory: create, attach and the leaving of each user', () => {
    const tracer = traced({ files: { 'k.elf': program('shm-keeper'), 'p.elf': program('shm-partner') }, steps: ['server:keeper:k.elf', 'run:partner:p.elf'] });
    expect(kinds(tracer).filter((x) => x.startsWith('shm:'))).toContain('shm:attach');
    expect(kinds(tracer).filter((x) => x.startsWith('shm:'))).toContain('shm:create');
  });

  it('an enclave that faults while holding secure shm: the fault with its report, then the end of its run', () => {
    const tracer = traced({ files: { 'l.elf': program('shm-leaver', ['FAULT']), 'g.elf': program('shm-garbage') }, steps: ['run:leaver:l.elf', 'run:g:g.elf'] });
    const fault = tracer.events.findIndex((e) => e.kind === 'fault');
    expect(fault).toBeGreaterThan(0);
    expect(tracer.events[fault + 1]).toMatchObject({ kind: 'end', reason: 'fault', code: -19 });
  });

  it('an enclave that runs out of its instruction budget: the budget stop, then the end of its run', () => {
    const tracer = traced({ files: { 't.elf': program('ticker', ['LOOPS=1000000']) }, steps: ['run:ticker:t.elf'], enclaveMaxSteps: 100_000 });
    const stop = tracer.events.findIndex((e) => e.kind === 'step-limit');
    expect(tracer.events[stop]).toMatchObject({ kind: 'step-limit', name: 'ticker', steps: 100_000 });
    expect(tracer.events[stop + 1]).toMatchObject({ kind: 'end', reason: 'step-limit', code: -20 });
  });

  it('ASYN_ENCLAVE_CALL: the region leaves the sender and arrives when the receiver runs', () => {
    const tracer = traced({
      files: { 's.elf': program('async-sender'), 'r.elf': program('async-receiver') },
      steps: ['create:receiver:r.elf', 'run:sender:s.elf', 'start:receiver', 'create:late:r.elf', 'start:late'],
    });
    const k = kinds(tracer);
    expect(k).toContain('move:async-send');
    expect(k.indexOf('move:async-receive')).toBeGreaterThan(k.indexOf('move:async-send'));
  });

  it('a SHADOW template: each run is an instance created from it, attested by the host', () => {
    const tracer = traced({ files: { 's.elf': program('shadow-counter') }, steps: ['shadow:tmpl:s.elf', 'start:tmpl', 'start:tmpl', 'attest:tmpl:0x9'] });
    const creates = tracer.events.filter((e) => e.kind === 'create');
    expect(creates.map((e) => e.kind === 'create' && [e.type, e.template])).toEqual([['shadow', undefined], ['instance', 0], ['instance', 0]]);
    expect(tracer.events.find((e) => e.kind === 'attest')).toMatchObject({ eid: 0, nonce: '0x9', code: 0 });
  });

  it("an enclave's GET_REPORT and GET_KEY: attestation records and the keys handed out", () => {
    const tracer = traced({ files: { 'vault.elf': program('vault'), 'reporter.elf': program('reporter') }, steps: ['server:vault:vault.elf', 'run:reporter:reporter.elf'] });
    const attests = tracer.events.filter((e) => e.kind === 'attest');
    expect(attests.map((e) => e.kind === 'attest' && [e.at, e.nonce])).toEqual([
      [1, '0x1234'],
      [1, '0x5678'],
    ]);
    expect(tracer.events.some((e) => e.kind === 'key' && e.code === 0 && e.key.length === 2 + e.size * 2)).toBe(true);
    const total = [...tracer.instructions.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(0);
  });
});
