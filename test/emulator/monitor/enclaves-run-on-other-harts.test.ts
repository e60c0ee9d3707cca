// START_ON_HART and JOIN (runtime/README.md "Several harts"): the host on hart 0 starts
// enclaves on the other harts by IPI, goes on, and joins them for their results; STOP
// preempts a run on another hart by IPI; budgets, faults and the busy answer of a
// sequential server hold there as on one hart.
import { describe, expect, it } from 'vitest';
import { program } from './support/programs.js';
import { runScenario } from './support/scenario.js';

const ticker = (loops = 1000000) => program('ticker', [`LOOPS=${loops}`]);
const run = (files: Record<string, Uint8Array>, steps: string[], harts: number, enclaveMaxSteps = 50_000_000) =>
  runScenario({ files, steps, enclaveMaxSteps, harts }).transcript;
const done = 'ticker: done, x = 0x699f427436e977e1';

describe('enclaves on other harts', () => {
  it('two enclaves start on harts 1 and 2, the host goes on, and JOIN gives each its result', () => {
    const transcript = run({ 't.elf': ticker() }, ['create:a:t.elf', 'create:b:t.elf', 'onhart:a', 'onhart:b', 'run:c:t.elf', 'join:a', 'join:b'], 3);
    expect(transcript).toBe([
      'host: create: 0',
      'host: create: 0',
      'host: onhart a: status 0, value 0x0',
      'host: onhart b: status 0, value 0x1',
      done,
      done,
      // The host prints while hart 1 runs: their writes interleave, as they run at once.
      `host: run c: status ${done}`,
      '0, value 0x77e1',
      'host: join a: status 0, value 0x77e1',
      'host: join b: status 0, value 0x77e1',
      '',
    ].join('\n'));
  });

  it('a host that starts more enclaves than there are free harts gets NO_FREE_HART (-30); with one hart, always', () => {
    const steps = ['create:a:t.elf', 'create:b:t.elf', 'onhart:a', 'onhart:b', 'join:a'];
    expect(run({ 't.elf': ticker(1000) }, steps, 2).split('\n').slice(2)).toEqual([
      'host: onhart a: status 0, value 0x0',
      'host: onhart b: status -30, value 0x0',
      'ticker: done, x = 0xccd02ef5600548cd',
      'host: join a: status 0, value 0x48cd',
      '',
    ]);
    expect(run({ 't.elf': ticker(1000) }, ['create:a:t.elf', 'onhart:a'], 1).split('\n')[1]).toBe('host: onhart a: status -30, value 0x0');
  });

  it('JOIN of nothing started answers NOT_FOUND; a running enclave cannot be destroyed (-12)', () => {
    expect(run({ 't.elf': ticker() }, ['create:a:t.elf', 'join:a', 'onhart:a', 'destroy:a', 'join:a', 'join:a'], 2).split('\n')).toEqual([
      'host: create: 0',
      'host: join a: status -10, value 0x0',
      'host: onhart a: status 0, value 0x0',
      'host: destroy a: -12',
      done,
      'host: join a: status 0, value 0x77e1',
      'host: join a: status -10, value 0x0',
      '',
    ]);
  });

  it('STOP preempts a run on another hart by IPI; START_ON_HART resumes it there and JOIN gives the same result', () => {
    expect(run({ 't.elf': ticker() }, ['create:a:t.elf', 'onhart:a', 'stop:a', 'join:a', 'onhart:a', 'join:a'], 2).split('\n')).toEqual([
      'host: create: 0',
      'host: onhart a: status 0, value 0x0',
      'host: stop: 0',
      'host: join a: status -12, value 0x0',
      'host: onhart a: status 0, value 0x0',
      done,
      'host: join a: status 0, value 0x77e1',
      '',
    ]);
  });

  it('a stopped run on another hart may be destroyed, as on one hart', () => {
    expect(run({ 't.elf': ticker() }, ['create:a:t.elf', 'onhart:a', 'stop:a', 'destroy:a', 'run:b:t.elf'], 2).split('\n')).toEqual([
      'host: create: 0',
      'host: onhart a: status 0, value 0x0',
      'host: stop: 0',
      'host: destroy a: 0',
      done,
      'host: run b: status 0, value 0x77e1',
      '',
    ]);
  });

  it('the budget of a run on another hart is its own: a runaway is killed there and JOIN answers STEP_LIMIT', () => {
    expect(run({ 'r.elf': program('runaway'), 't.elf': ticker(1000) }, ['create:r:r.elf', 'onhart:r', 'run:t:t.elf', 'join:r'], 2, 3_000_000).split('\n')).toEqual([
      'host: create: 0',
      'host: onhart r: status 0, value 0x0',
      'runaway: looping',
      'ticker: done, x = 0xccd02ef5600548cd',
      'host: run t: status 0, value 0x48cd',
      'monitor: r killed: ran 3000000 instructions',
      'host: join r: status -20, value 0x0',
      '',
    ]);
  });

  it('two clients on two harts calling one sequential server: the one that finds it in a call is answered busy (-2)', () => {
    const files = { 's.elf': program('slowpoke'), 'c.elf': program('ticker', ['LOOPS=200000', 'VIA_SERVER']) };
    const transcript = run(files, ['server:slowpoke:s.elf', 'create:a:c.elf', 'create:b:c.elf', 'onhart:a', 'onhart:b', 'join:a', 'join:b'], 3);
    // a reaches the server first and is served; b calls while a's call is in progress.
    expect(transcript.split('\n').filter((line) => /^(ticker|slowpoke|host: join)/.test(line))).toEqual([
      'ticker: slowpoke answered -2, resp_val 0x0, region 7',
      'slowpoke: done',
      'ticker: slowpoke answered 0, resp_val 0x5e61, region 8',
      'host: join a: status 0, value 0x5e61',
      'host: join b: status 0, value 0x0',
    ]);
  });
});

describe('a queue server', () => {
  const files = { 's.elf': program('slowpoke'), 'c.elf': program('ticker', ['LOOPS=200000', 'VIA_SERVER']) };
  const clients = (n: number) => Array.from({ length: n }, (_, i) => `create:c${i}:c.elf`).concat(
    Array.from({ length: n }, (_, i) => `onhart:c${i}`),
    Array.from({ length: n }, (_, i) => `join:c${i}`),
  );

  it('three clients on three harts all get an answer: the second and third wait their turn instead of hearing busy', () => {
    const transcript = run(files, ['server:slowpoke:s.elf', 'queue:slowpoke', ...clients(3)], 4);
    const lines = transcript.split('\n');
    expect(lines.filter((line) => line.startsWith('ticker:'))).toEqual(Array(3).fill('ticker: slowpoke answered 0, resp_val 0x5e61, region 8'));
    expect(lines.filter((line) => line === 'slowpoke: done').length).toBe(3);
    expect(lines.filter((line) => line.startsWith('host: join'))).toEqual(['c0', 'c1', 'c2'].map((c) => `host: join ${c}: status 0, value 0x5e61`));
  });

  it('a server that calls itself through its chain is answered -2 (busy) rather than waiting forever', () => {
    const chain = { 'r.elf': program('recaller'), 'c.elf': program('recaller-client') };
    expect(run(chain, ['server:recaller:r.elf', 'queue:recaller', 'create:c:c.elf', 'onhart:c', 'join:c'], 2).split('\n').slice(3)).toEqual([
      'recaller: calling itself answered -2 (-2)',
      'client: recaller answered 0, resp_val 0x5e1f',
      'host: join c: status 0, value 0x0',
      '',
    ]);
  });

  it('a server that never returns is stopped by each caller\'s budget in turn: every waiting caller is answered, none hangs', () => {
    const endless = { 's.elf': program('slowpoke'), 'c.elf': program('ticker', ['LOOPS=1000000000', 'VIA_SERVER']) };
    const lines = run(endless, ['server:slowpoke:s.elf', 'queue:slowpoke', ...clients(2)], 3, 3_000_000).split('\n');
    expect(lines.filter((line) => line.startsWith('monitor:') || line.startsWith('host: join'))).toEqual([
      'monitor: c0 killed: ran 3000000 instructions',
      'host: join c0: status -20, value 0x0',
      'monitor: c1 killed: ran 3000000 instructions',
      'host: join c1: status -20, value 0x0',
    ]);
  });

  it('SET_SERVER_POLICY refuses what is not an idle server, and unknown policies', () => {
    expect(run({ 't.elf': ticker(10), 's.elf': program('slowpoke') }, ['create:t:t.elf', 'queue:t', 'server:slowpoke:s.elf', 'call:222:0x1:0x7'], 2).split('\n')).toEqual([
      'host: create: 0',
      'host: queue: -13',
      'host: call 222: -16',
      '',
    ]);
  });
});
