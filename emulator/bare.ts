// Boots a bare-metal ELF (riscv-tests style): segments at their physical addresses, the
// hart in M-mode at the entry point, HTIF at the ELF's `tohost` / `fromhost` symbols.
// The program ends by writing (code << 1) | 1 to tohost; device 1 / cmd 1 prints a byte.

import { Machine, RAM_BASE, type MachineOptions, type RunReason, type TrapLoop } from './machine.js';
import { parseElf, loadPhysical, checkLayout, checkExtensions, type ElfError } from './elf-loader.js';
import { Htif } from './htif.js';
import { sumTierStats, type TierStats } from './jit/jit.js';

export interface BareOptions extends MachineOptions {
  /** Console output of HTIF putchar and magic-memory write. */
  stdout?: (bytes: Uint8Array) => void;
  maxInstructions?: number;
  /** Count instructions and time per tier (result.tiers). */
  tierStats?: boolean;
}

export interface BareResult {
  /** The HTIF exit status, or null when the program did not exit. */
  exitCode: number | null;
  reason: RunReason;
  /** With reason 'trap-loop': the trap that can only re-enter itself. */
  trapLoop: TrapLoop | null;
  instret: number;
  wallMs: number;
  machine: Machine;
  /** With options.tierStats: instructions and time per tier. */
  tiers?: TierStats;
}

export type BareOutcome = { ok: true; value: BareResult } | { ok: false; error: ElfError | { code: 'BARE_NO_TOHOST'; message: string } };

/** Prepares a machine with the ELF loaded and HTIF attached, without running it. */
export function bootBare(bytes: Uint8Array, options: BareOptions = {}): { ok: true; machine: Machine; htif: Htif } | { ok: false; error: ElfError | { code: 'BARE_NO_TOHOST'; message: string } } {
  const parsed = parseElf(bytes);
  if (!parsed.ok) return parsed;
  const elf = parsed.value;
  const machine = new Machine({ detectTrapLoops: true, ...options });
  const tohost = elf.symbols.get('tohost');
  if (tohost === undefined) return { ok: false, error: { code: 'BARE_NO_TOHOST', message: 'the ELF has no `tohost` symbol for HTIF' } };
  const ram = { start: BigInt(RAM_BASE), end: BigInt(RAM_BASE + machine.bus.ramSize), name: 'RAM' };
  const checked = checkExtensions(elf);
  if (!checked.ok) return checked;
  const laidOut = checkLayout(elf, { address: 'paddr', space: ram });
  if (!laidOut.ok) return laidOut;
  const loaded = loadPhysical(elf, machine);
  if (!loaded.ok) return loaded;
  const out = options.stdout ?? (() => {});
  const htif = new Htif({ requestHalt: (reason) => machine.hart.requestHalt(reason) }, machine.bus, (b) => out(Uint8Array.of(b)));
  machine.addDevice(Number(tohost), 8, htif);
  const fromhost = elf.symbols.get('fromhost');
  if (fromhost !== undefined) machine.addDevice(Number(fromhost), 8, htif.fromhostDevice);
  // Every hart starts at the entry in M-mode with a0 = mhartid, as qemu virt's reset code
  // hands them over; software tells them apart by mhartid.
  for (let i = machine.harts.length - 1; i >= 0; i -= 1) {
    machine.selectHart(i);
    machine.pc = elf.entry;
    machine.privilege = 3;
    if (i > 0) machine.setReg(10, BigInt(machine.hart.hartId));
  }
  return { ok: true, machine, htif };
}

export function runBare(bytes: Uint8Array, options: BareOptions = {}): BareOutcome {
  const booted = bootBare(bytes, options);
  if (!booted.ok) return booted;
  const { machine, htif } = booted;
  if (options.tierStats) for (const hart of machine.harts) hart.enableTierStats();
  const started = performance.now();
  const r = machine.run(options.maxInstructions ?? 100_000_000);
  return {
    ok: true,
    value: { exitCode: htif.exitCode, reason: r.reason, trapLoop: machine.hart.trapLoop, instret: machine.instret, wallMs: performance.now() - started, machine, tiers: options.tierStats ? sumTierStats(machine.harts.map((hart) => hart.tierStats!)) : undefined },
  };
}
