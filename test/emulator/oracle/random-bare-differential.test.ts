// The random cases again, linked in RAM and run bare-metal in M-mode with the MMU off (see
// support/bare-runner.ts): the physical-address load/store/fetch paths must leave the same
// registers and memory as qemu-riscv64 running the very same ELF as a Linux process.

import { describe, it, expect } from 'vitest';
import { randomBatch } from './support/random-program.js';
import { buildLinuxElf, runQemu, workDir } from './support/toolchain.js';
import { runBareState } from './support/bare-runner.js';
import { buildStateProgram, splitDumps } from './support/state-program.js';
import { diffDumps } from './support/differential.js';
import { RAM_BASE } from '../../../emulator/machine.js';

const SEED = 777;
const BATCHES = 10;
const CASES_PER_BATCH = 100;

describe('random instruction sequences run bare-metal in M-mode agree with qemu-riscv64', () => {
  for (let batch = 0; batch < BATCHES; batch += 1) {
    it(`seed ${SEED} batch ${batch}: ${CASES_PER_BATCH} cases agree`, () => {
      const cases = randomBatch(SEED, batch, CASES_PER_BATCH, 24);
      const elf = buildLinuxElf(buildStateProgram(cases), workDir(), RAM_BASE);
      const qemu = runQemu(elf.path);
      const bare = runBareState(elf.bytes);
      const q = splitDumps(qemu.stdout);
      const o = splitDumps(bare.stdout);
      expect(q.length).toBe(CASES_PER_BATCH);
      const first = q.findIndex((d, k) => o[k] !== d);
      if (first >= 0) expect.fail(`case ${first} differs (${bare.fault ?? 'no fault'}):\n${diffDumps(q[first], o[first] ?? '')}\nbody:\n${cases[first].body}`);
      expect({ exitCode: bare.exitCode, fault: bare.fault }).toEqual({ exitCode: qemu.exitCode, fault: null });
    });
  }
});
