// The monitor fuzzer (DESIGN §6: any ecall arguments to the monitor get a clear error;
// nothing else is lost). Hostile enclaves and hostile servers, seeded, make thousands of
// ecalls with edge-case arguments; the platform always returns, no JS exception
// escapes, the vault's secret stays intact and never shows up, and a well-behaved client
// still gets its answer at the end.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { buildEnclave } from '../support/eapp-build.js';
import { leakedSecrets, program, registersHoldingSecrets } from '../support/programs.js';
import { runScenario } from '../support/scenario.js';
import type { MonitorTrap } from '../../../../emulator/monitor/machine-port.js';

const source = { path: join(import.meta.dirname, 'hostile.c') };
const knownStatuses = new Set(['0', '-1', '-2', '-10', '-11', '-12', '-13', '-15', '-16', '-18', '-19', '-20']);

function fuzzRound(seed: number, rounds: number) {
  const hostile = buildEnclave('hostile', source, [`SEED=${seed}UL`]).bytes;
  const hostileServer = buildEnclave('hostile-server', source, [`SEED=${seed}UL`, 'SERVER']).bytes;
  const steps = ['server:vault:vault.elf'];
  for (let i = 0; i < rounds; i++) {
    steps.push('server:fz:fz.elf', 'run:fuzz:hostile.elf');
    if (i % 25 === 24) steps.push('run:client:client.elf');
  }
  steps.push('run:client:client.elf');
  let enclaveEcalls = 0;
  let serverEcalls = 0;
  /** Ecalls per secure-shm call and per new ocall (READ_SECT, WRITE_SECT, SHM_*), by name. */
  const newCalls: Record<string, number> = {};
  let objectsMade = 0;
  const result = runScenario({
    files: { 'vault.elf': program('vault'), 'client.elf': program('vault-client'), 'hostile.elf': hostile, 'fz.elf': hostileServer },
    steps,
    enclaveMaxSteps: 5_000_000,
    inspect: (monitor) => {
      const create = monitor.secureShm.create.bind(monitor.secureShm);
      monitor.secureShm.create = (enclave, key, size) => {
        const va = create(enclave, key, size);
        if (typeof va === 'bigint') objectsMade++;
        return va;
      };
      const onTrap = monitor.onTrap.bind(monitor);
      monitor.onTrap = (trap: MonitorTrap) => {
        if (monitor.current && trap.cause === 8) enclaveEcalls++;
        if (monitor.current?.name === 'fz' && trap.cause === 8) serverEcalls++;
        const name = monitor.current && trap.cause === 8 && monitor.machine.getReg(16) === 0x100101n ? newCallName(monitor.machine.getReg(17), monitor.machine.getReg(10)) : undefined;
        if (name) newCalls[name] = (newCalls[name] ?? 0) + 1;
        return onTrap(trap);
      };
    },
  });
  return { ...result, enclaveEcalls, serverEcalls, newCalls, objectsMade };
}

const NEW_OCALLS: Record<number, string> = { 5: 'READ_SECT', 6: 'WRITE_SECT', 9: 'SHM_GET', 10: 'SHM_DETACH', 11: 'SHM_DESTROY', 12: 'SHM_EXTEND_MEMORY' };

function newCallName(a7: bigint, a0: bigint): string | undefined {
  if (a7 === 83n) return 'SHM_STAT';
  if (a7 === 84n) return 'SHM_ATTACH';
  return a7 === 98n && a0 < 16n ? NEW_OCALLS[Number(a0)] : undefined;
}

describe('hostile enclaves never break the monitor', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: 120 hostile runs and their servers, thousands of ecalls, the vault unharmed`, () => {
      const { transcript, exitCode, enclaveEcalls, serverEcalls, killRegisters, newCalls, objectsMade } = fuzzRound(seed, 120);
      // Every call added for block I/O and secure shm is exercised, dozens of times.
      expect(Object.keys(newCalls).sort()).toEqual(['READ_SECT', 'SHM_ATTACH', 'SHM_DESTROY', 'SHM_DETACH', 'SHM_EXTEND_MEMORY', 'SHM_GET', 'SHM_STAT', 'WRITE_SECT']);
      expect(Math.min(...Object.values(newCalls))).toBeGreaterThan(20);
      expect(objectsMade).toBeGreaterThan(5);
      expect(registersHoldingSecrets(killRegisters)).toEqual([]);
      expect(exitCode).toBe(0);
      expect(enclaveEcalls).toBeGreaterThan(3000);
      expect(serverEcalls).toBeGreaterThan(20);
      expect(transcript).not.toContain('CHANGED');
      expect(leakedSecrets(transcript)).toEqual([]);
      const statuses = [...transcript.matchAll(/host: run fuzz: status (-?\d+)/g)].map((m) => m[1]);
      expect(statuses.length).toBe(120);
      expect(statuses.filter((s) => !knownStatuses.has(s))).toEqual([]);
      const clients = [...transcript.matchAll(/client: vault answered (-?\d+), resp_val (0x[0-9a-f]+)\n/g)];
      expect(clients.length).toBe(5);
      expect(clients.map((m) => `${m[1]} ${m[2]}`)).toEqual(Array(5).fill('0 0x600d'));
    });
  }
});
