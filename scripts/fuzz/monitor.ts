// The security monitor's fuzz targets (issue 13, class 3), for the registry (registry.ts):
// `monitor-elf` feeds mutated ELF images to the loader, the predictor and CREATE;
// `monitor-ecalls` runs numbered sequences of random ecalls by random enclaves and the host
// (hostile arguments, faults, budget ends) on a fresh machine each. Every trap must answer
// without an exception within OPS_BOUND machine operations, and every teardown must give
// back the exact secure pool. The campaigns are test/emulator/monitor/support/monitor-fuzz-run.ts.
import { EcallHarness, Rng } from '../../test/emulator/monitor/support/ecall-harness.js';
import { fuzzImages } from '../../test/emulator/monitor/support/ecall-fuzzer.js';
import { mutateElf } from '../../test/emulator/monitor/support/elf-mutations.js';
import { loadOneElf, runSequence } from '../../test/emulator/monitor/support/monitor-fuzz-run.js';
import type { FuzzInput, FuzzSession, FuzzTarget } from './target.js';

const SEQUENCE_STEPS = 60;

export const monitorElf: FuzzTarget = {
  name: 'monitor-elf',
  description: "mutated ELF images through the monitor's loader, the measurement predictor and CREATE",
  start(_root: string, seed: number): FuzzSession {
    const images = fuzzImages();
    let harness = new EcallHarness();
    let runs = 0;
    return {
      input(index: number): FuzzInput {
        const rng = new Rng((BigInt(seed) << 32n) | BigInt(index));
        const type = rng.pick([0, 1, 2] as const);
        return { kind: `elf.type-${type}`, text: Buffer.from(mutateElf(rng.pick(images), rng)).toString('hex') };
      },
      run(input: FuzzInput): string | undefined {
        // A fresh machine now and then, so one image's leftovers cannot mask the next's.
        if (++runs % 500 === 0) harness = new EcallHarness();
        const type = Number(input.kind.slice(-1)) as 0 | 1 | 2;
        return loadOneElf(harness, new Uint8Array(Buffer.from(input.text, 'hex')), type, 'fuzzed', 0n).failure;
      },
      cpuLimitMs: () => 2000,
    };
  },
};

export const monitorEcalls: FuzzTarget = {
  name: 'monitor-ecalls',
  description: `sequences of ${SEQUENCE_STEPS} random ecalls, faults and budget ends by random enclaves and the host, each on a fresh machine`,
  start(_root: string, seed: number): FuzzSession {
    return {
      input: (index: number): FuzzInput => ({ kind: 'ecalls.sequence', text: `${seed}:${index}` }),
      run(input: FuzzInput): string | undefined {
        const [s, i] = input.text.split(':').map(Number);
        return runSequence(s, i, SEQUENCE_STEPS);
      },
      cpuLimitMs: () => 5000,
    };
  },
};
