// Stress: many clients on several harts call one `queue` server under random schedules,
// and some requests make the server fault. For every seed: the run ends (no deadlock),
// every call is answered exactly once, no page is ever owned by two enclaves or lost, and
// every answer equals what the same calls give run one at a time in the order the
// schedule served them. HARTS_STRESS_SEEDS=N runs more seeds (scripts/stress-harts.mjs).
import { describe, expect, it } from 'vitest';
import { program } from './support/programs.js';
import { runScenario } from './support/scenario.js';
import { ownerOf } from '../../../emulator/monitor/monitor-core.js';
import type { Monitor } from '../../../emulator/monitor/monitor.js';

const SEEDS = Number(process.env.HARTS_STRESS_SEEDS ?? 8);
const HARTS = 4;
const CLIENTS = 6;
/** Work values a client may send (each client its own); 1004 and 1011 (3 modulo 7) make the server fault. */
const WORKS = [1000, 1001, 1002, 1004, 1005, 1006, 1007, 1008, 1009, 1011, 1012, 1013, 1014, 1015];
const FAULTING = (work: number) => work % 7 === 3;

/** What the server answers for `work` when it does not fault: its resp_val. */
function answerOf(work: number): bigint {
  let x = BigInt(work);
  for (let i = 0n; i < BigInt(work); i++) x = BigInt.asUintN(64, x * 6364136223846793005n + i);
  return x & 0xffffn;
}

function xorshift(seed: number): () => number {
  let x = seed || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

/** Every page of every live enclave's regions is owned by it in the pool, and by no one else. */
function ownershipProblem(monitor: Monitor): string | undefined {
  const seen = new Map<number, number>();
  for (const e of monitor.enclaves.values()) {
    for (const region of e.space.regions) {
      for (const pa of region.pages) {
        if (seen.has(pa)) return `page 0x${pa.toString(16)} is in enclave ${seen.get(pa)} and enclave ${e.eid}`;
        seen.set(pa, e.eid);
        if (monitor.securePool.contains(pa) && monitor.securePool.ownerOf(pa) !== ownerOf(e.eid)) return `page 0x${pa.toString(16)} of enclave ${e.eid} is owned by ${monitor.securePool.ownerOf(pa)}`;
      }
    }
  }
  return undefined;
}

const totals = { runs: 0, calls: 0, served: 0, faults: 0, gone: 0, checks: 0 };

function stress(seed: number): void {
  const random = xorshift(seed * 2654435761);
  const pool = [...WORKS];
  const works = Array.from({ length: CLIENTS }, () => pool.splice(random() % pool.length, 1)[0]);
  const files: Record<string, Uint8Array> = { 'flaky.elf': program('flaky') };
  for (const w of works) files[`c${w}.elf`] = program('flaky-client', [`WORK=${w}`]);
  // Three clients start at once; each join frees a hart for the next one.
  const steps = ['server:flaky:flaky.elf', 'queue:flaky', ...works.map((w, i) => `create:c${i}:c${w}.elf`)];
  for (let i = 0; i < HARTS - 1; i++) steps.push(`onhart:c${i}`);
  for (let i = 0; i < CLIENTS; i++) {
    steps.push(`join:c${i}`);
    if (i + HARTS - 1 < CLIENTS) steps.push(`onhart:c${i + HARTS - 1}`);
  }
  steps.push('destroy:flaky');
  let freeAtStart = 0;
  let monitor: Monitor | undefined;
  let problem: string | undefined;
  const result = runScenario({
    files,
    steps,
    harts: HARTS,
    enclaveMaxSteps: 5_000_000,
    schedule: { kind: 'random', seed, quantum: 5 + (random() % 300) },
    inspect: (m) => {
      monitor = m;
      freeAtStart = m.securePool.freePages;
      const onTrap = m.onTrap.bind(m);
      m.onTrap = (trap) => {
        const verdict = onTrap(trap);
        totals.checks++;
        problem ??= ownershipProblem(m);
        return verdict;
      };
    },
  });
  const context = `seed ${seed}, works ${works.join(',')}`;
  expect(problem, context).toBeUndefined();
  expect(result.stopReason, context).toBeUndefined();
  expect(result.exitCode, context).toBe(0);
  // No region lost: with every enclave gone, every secure page is free again.
  expect(monitor!.securePool.freePages, context).toBe(freeAtStart);

  // Each client's line is one write; the host's lines may be split by them, so they are
  // read with the client lines taken out.
  const answerPattern = /client (\d+): answered (-?\d+) \((-?\d+)\), resp_val 0x([0-9a-f]+), region (\d+)\n/g;
  const answers = [...result.transcript.matchAll(answerPattern)].map((m) => ({ work: Number(m[1]), status: Number(m[2]), error: Number(m[3]), value: BigInt(`0x${m[4]}`), region: Number(m[5]) }));
  const hostLines = result.transcript.replace(answerPattern, '').split('\n');
  // Every call answered exactly once.
  expect(answers.map((a) => a.work).sort(), context).toEqual([...works].sort());
  // The same calls one at a time in the order the server took them: the served ones hold
  // their places 1..k (bits 16 up) and the answer of their work; a fault ends the server,
  // so every later call finds it gone.
  const served = answers.filter((a) => a.status === 0).sort((a, b) => Number(a.value - b.value));
  served.forEach((a, k) => {
    expect(FAULTING(a.work), context).toBe(false);
    expect(a.value, `${context}, served ${k}`).toBe((BigInt(k + 1) << 16n) | answerOf(a.work));
    expect(a.region, context).toBe(8);
  });
  const faulted = answers.filter((a) => a.status === -1 && a.error === -19);
  expect(faulted.length, context).toBe(works.some(FAULTING) ? 1 : 0);
  for (const a of faulted) expect([FAULTING(a.work), a.region], context).toEqual([true, 7]);
  const gone = answers.filter((a) => a.status !== 0 && a.error !== -19);
  for (const a of gone) expect([[a.status, a.error], a.region], context).toSatisfy(([codes, region]: [number[], number]) => region === 7 && ((codes[0] === -100 && codes[1] === -24) || (codes[0] === -1 && codes[1] === -10)));
  expect(served.length + faulted.length + gone.length, context).toBe(CLIENTS);
  totals.served += served.length;
  totals.faults += faulted.length;
  totals.gone += gone.length;
  // The host's JOIN of each client gives what its call answered.
  works.forEach((w, i) => {
    const answer = answers.find((a) => a.work === w)!;
    const value = answer.status === 0 ? `0x${answer.value.toString(16)}` : '0xdead';
    expect(hostLines.filter((l) => l.startsWith(`host: join c${i}:`)), context).toEqual([`host: join c${i}: status 0, value ${value}`]);
  });
  totals.runs++;
  totals.calls += CLIENTS;
}

describe('concurrent calls to a queue server under random schedules and injected faults', () => {
  it(`holds its four properties for ${SEEDS} seeds`, () => {
    for (let seed = 1; seed <= SEEDS; seed++) stress(seed);
    console.log(`harts stress: ${totals.runs} runs, ${totals.calls} calls (${totals.served} served, ${totals.faults} faults injected, ${totals.gone} answered as gone), ${totals.checks} ownership checks, 0 problems`);
    expect(totals.runs).toBe(SEEDS);
  }, 600_000);
});
