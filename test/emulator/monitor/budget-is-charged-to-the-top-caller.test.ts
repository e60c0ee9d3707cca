// Issue 13, class 2: the instruction budget belongs to the run, so to its top caller.
// When it runs out inside a chain, every server's call is aborted, its regions go back,
// and it stays alive and idle; the top caller is destroyed. No sequence of calls by one
// client can make a server that does bounded work unavailable to another client.
import { describe, expect, it } from 'vitest';
import { CallArg, EnclaveCall, EnclaveState, HostCall, Ocall } from '../../../runtime/abi.js';
import { program } from './support/programs.js';
import { runScenario } from './support/scenario.js';
import { EcallHarness, Rng, tinyEnclave } from './support/ecall-harness.js';
import { emptyCounts, randomStep } from './support/ecall-fuzzer.js';

describe('the budget is charged to the enclave that owns it', () => {
  it('a client whose budget runs out inside a server is destroyed; the server stays and serves the next client', () => {
    const slow = program('ticker', ['LOOPS=1000000', 'VIA_SERVER']);
    const quick = program('ticker', ['LOOPS=10', 'VIA_SERVER']);
    const { transcript, events } = runScenario({
      files: { 's.elf': program('slowpoke'), 'slow.elf': slow, 'quick.elf': quick },
      steps: ['server:slowpoke:s.elf', 'run:greedy:slow.elf', 'run:polite:quick.elf'],
      enclaveMaxSteps: 300_000,
    });
    expect(transcript).toBe(
      [
        'monitor: greedy killed: ran 300000 instructions',
        'host: run greedy: status -20, value 0x0',
        'slowpoke: done',
        'ticker: slowpoke answered 0, resp_val 0x7ff6, region 8',
        'host: run polite: status 0, value 0x7ff6',
        '',
      ].join('\n'),
    );
    expect(events).toMatchObject([{ kind: 'step-limit', enclave: 'greedy', inServer: 'slowpoke' }]);
  });

  for (const seed of [11, 12, 13, 14]) {
    it(`seed ${seed}: 40 runs of a hostile client (random calls, budget ends at random points, in chains) never make a well-behaved server unavailable`, () => {
      const h = new EcallHarness({ ramSize: 16 * 1024 * 1024 });
      const rng = new Rng(seed);
      const counts = emptyCounts();
      const serverEid = h.create(tinyEnclave(), 1, 's0').eid!;
      const innerEid = h.create(tinyEnclave(), 1, 's1').eid!;
      const server = h.monitor.enclaves.get(serverEid)!;
      const inner = h.monitor.enclaves.get(innerEid)!;
      let insideServer = 0;
      for (let run = 0; run < 40; run++) {
        const attacker = h.create(tinyEnclave(), 0, 'attacker').eid!;
        h.host(HostCall.RUN_ENCLAVE, BigInt(attacker));
        for (let step = 0; step < 300 && h.monitor.current; step++) {
          const me = h.monitor.current;
          if (me === server || me === inner) {
            insideServer++;
            // The servers do bounded, correct work; only the client picks when the budget ends.
            if (rng.chance(25)) h.exhaustBudget();
            else if (me === server && inner.state === EnclaveState.RUNNABLE && !inner.frame && rng.chance(40)) callServer(h, innerEid, true);
            else serverReturn(h);
          } else {
            randomStep(h, rng, counts, [tinyEnclave()]);
          }
        }
        while (h.monitor.current) h.exhaustBudget();
        for (const s of [server, inner]) {
          expect(h.monitor.servers.get(s.name)).toBe(s);
          expect(s.state).toBe(EnclaveState.RUNNABLE);
          expect(s.frame).toBeUndefined();
        }
        // Another client is served at once, its region lent and given back.
        const client = h.create(tinyEnclave(), 0, 'client').eid!;
        h.host(HostCall.RUN_ENCLAVE, BigInt(client));
        const region = h.enclaveCall(EnclaveCall.OCALL, BigInt(Ocall.MMAP), 0n, 4096n);
        expect(region).toBeGreaterThan(0n);
        callServer(h, serverEid, true, region);
        expect(h.monitor.current).toBe(server);
        serverReturn(h);
        expect(executing(h)?.eid).toBe(client);
        expect(h.machine.getReg(10)).toBe(0n);
        expect(executing(h)!.space.findRegion(region, 4096)).toBeDefined();
        h.enclaveCall(EnclaveCall.EAPP_RETURN, 0n);
        for (const eid of [...h.monitor.enclaves.keys()]) if (eid !== serverEid && eid !== innerEid) h.host(HostCall.DESTROY_ENCLAVE, BigInt(eid));
      }
      expect(insideServer).toBeGreaterThan(20);
      expect(counts.budgetExhaustions).toBeGreaterThan(0);
    });
  }
});

/** The enclave executing now (read afresh: the calls in between change it). */
function executing(h: EcallHarness) {
  return h.monitor.current;
}

/** CALL_ENCLAVE from the executing enclave, lending `region` (a page) when given. */
function callServer(h: EcallHarness, handle: number, lend: boolean, region?: bigint): void {
  const arg = new Uint8Array(CallArg.SIZE);
  const view = new DataView(arg.buffer);
  const me = h.monitor.current!;
  const va = region ?? (lend ? me.space.regions.find((r) => r.pages !== me.frame?.request?.region.pages)?.va : undefined);
  if (va !== undefined) {
    view.setBigUint64(CallArg.REQ_VADDR, va, true);
    view.setBigUint64(CallArg.REQ_SIZE, 4096n, true);
  }
  h.enclaveCall(EnclaveCall.CALL_ENCLAVE, BigInt(handle), h.enclaveBytes(0x100, arg));
}

function serverReturn(h: EcallHarness): void {
  h.enclaveCall(EnclaveCall.SERVER_RETURN, h.enclaveBytes(0x200, new Uint8Array(CallArg.SIZE)));
}
