// `--harts N`, `--schedule round-robin|random`, `--seed S`, `--quantum Q`: how many harts a
// machine has and how they take turns (emulator/scheduler.ts), shared by `emu` and `run`.
import { MAX_HARTS, type SchedulePolicy } from '../../emulator/index.js';
import { parseCount, UsageError } from './common.js';

export interface HartFlags {
  harts?: string;
  schedule?: string;
  seed?: string;
  quantum?: string;
}

export interface HartChoice {
  harts: number;
  schedule: SchedulePolicy;
}

export function parseHartOptions(flags: HartFlags): HartChoice {
  const harts = flags.harts === undefined ? 1 : parseCount(flags.harts, '--harts');
  if (harts > MAX_HARTS) throw new UsageError(`--harts must be at most ${MAX_HARTS}, not ${harts}`);
  const quantum = flags.quantum === undefined ? undefined : parseCount(flags.quantum, '--quantum');
  const kind = flags.schedule ?? 'round-robin';
  if (kind !== 'round-robin' && kind !== 'random') throw new UsageError(`--schedule must be round-robin or random, not "${kind}"`);
  if (flags.seed !== undefined && kind !== 'random') throw new UsageError('--seed needs --schedule random');
  if (kind === 'round-robin') return { harts, schedule: { kind, quantum } };
  const seed = flags.seed === undefined ? 1 : parseCount(flags.seed, '--seed');
  if (seed > 0xffff_ffff) throw new UsageError(`--seed must be below 2^32, not ${seed}`);
  return { harts, schedule: { kind, seed, quantum } };
}
