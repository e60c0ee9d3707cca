// Where a build spends its time, phase by phase, for the compiler benchmark. A build
// given no PhaseTimings does no timing at all.

export const BUILD_PHASES = ['lower', 'optimize', 'regalloc', 'isel', 'assemble', 'link', 'elf-write', 'manifest'] as const;
export type BuildPhase = (typeof BUILD_PHASES)[number];

/**
 * Milliseconds per phase, exclusive: while a phase runs inside another (optimisation
 * inside lowering, the ELF writer inside the linker) the time goes to the inner one only.
 */
export class PhaseTimings {
  readonly ms: Record<BuildPhase, number> = Object.fromEntries(BUILD_PHASES.map((phase) => [phase, 0])) as Record<BuildPhase, number>;
  private phase: BuildPhase | undefined;
  private since = 0;

  time<T>(phase: BuildPhase, run: () => T): T {
    const outer = this.phase;
    this.switchTo(phase);
    try {
      return run();
    } finally {
      this.switchTo(outer);
    }
  }

  private switchTo(phase: BuildPhase | undefined): void {
    const now = performance.now();
    if (this.phase) this.ms[this.phase] += now - this.since;
    this.phase = phase;
    this.since = now;
  }
}

/** `run()`, timed as `phase` when there are timings to record into. */
export function timed<T>(timings: PhaseTimings | undefined, phase: BuildPhase, run: () => T): T {
  return timings ? timings.time(phase, run) : run();
}
