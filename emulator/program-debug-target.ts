// `penglaic emu --gdb PORT`: one program (a Linux user process or a bare-metal ELF) as a
// single-thread DebugTarget. Memory is read as the program itself would at its current
// privilege through its current satp (unmapped or not-yet-touched pages are errors), and
// written only where it could store.
import type { DebugAdvance, DebugTarget } from './debug-target.js';
import { RAM_BASE, type Machine } from './machine.js';
import { createLinuxProcess, type LinuxRunOptions } from './linux-user.js';
import { bootBare, type BareOptions } from './bare.js';
import { serveGdb } from './gdb-server.js';
import { Csr } from '../runtime/riscv/csr.js';

const THREAD = 1;

export interface ProgramEnd {
  exitCode: number | null;
  reason: string;
}

/** `ended` says, after a run that stopped for a reason other than the budget or the debugger, how it ended. */
function programDebugTarget(machine: Machine, name: string, budget: number, ended: (reason: string) => ProgramEnd): DebugTarget {
  let used = 0;
  let end: ProgramEnd | undefined;
  let killed = false;
  // RAM only: a debugger's read must not poke a device register.
  const inRam = (pa: bigint) => pa >= BigInt(RAM_BASE) && pa < BigInt(RAM_BASE + machine.bus.ramSize);
  const pieces = (va: bigint, length: number, access: 'read' | 'write'): bigint[] | undefined => {
    const pas: bigint[] = [];
    const priv = machine.privilege;
    for (let i = 0; i < length; i++) {
      const at = BigInt.asUintN(64, va + BigInt(i));
      // M-mode is not translated; S and U go through the program's own page table.
      const r = priv === 3 ? { pa: at } : machine.translate(at, access, machine.readCsr(Csr.SATP), priv);
      if ('fault' in r || !inRam(r.pa)) return undefined;
      pas.push(r.pa);
    }
    return pas;
  };
  const alive = () => !killed && end === undefined;
  return {
    triggers: machine.hart.triggers,
    threads: () => (alive() ? [{ id: THREAD, name, names: [name], state: 'running' }] : []),
    currentThread: () => THREAD,
    readRegisters: (thread) => (thread === THREAD && alive() ? [...Array.from({ length: 32 }, (_, i) => machine.getReg(i)), machine.pc] : undefined),
    writeRegister(thread, index, value) {
      if (thread !== THREAD || !alive() || index <= 0 || index > 32) return false;
      if (index === 32) machine.pc = value;
      else machine.setReg(index, value);
      return true;
    },
    readMemory(thread, va, length) {
      if (thread !== THREAD || !alive()) return undefined;
      const pas = pieces(va, length, 'read');
      if (!pas) return undefined;
      return Uint8Array.from(pas, (pa) => machine.readPhys(pa, 1)[0]);
    },
    writeMemory(thread, va, bytes) {
      if (thread !== THREAD || !alive()) return false;
      const pas = pieces(va, bytes.length, 'write');
      if (!pas) return false;
      pas.forEach((pa, i) => machine.writePhys(pa, bytes.subarray(i, i + 1)));
      return true;
    },
    advance(maxSteps): DebugAdvance {
      if (killed) return { kind: 'ended', exitCode: undefined, reason: 'killed by the debugger' };
      if (end) return { kind: 'ended', exitCode: end.exitCode ?? undefined, reason: end.reason };
      const r = machine.run(Math.max(1, Math.min(maxSteps, budget - used)));
      used += r.steps;
      if (r.reason === 'debug') return { kind: 'debug' };
      if (r.reason === 'budget' && used < budget) return { kind: 'paused' };
      end = ended(r.reason);
      return { kind: 'ended', exitCode: end.exitCode ?? undefined, reason: end.reason };
    },
    kill() {
      killed = true;
    },
  };
}

export type DebugProgramOutcome = { ok: true; exitCode: number | null; reason: string } | { ok: false; message: string };

async function serve(target: DebugTarget, port: number, onListening: (port: number) => void): Promise<DebugProgramOutcome> {
  const session = await serveGdb(target, port, onListening);
  const end = await session.finished;
  return { ok: true, exitCode: end.exitCode ?? null, reason: end.reason ?? 'exit' };
}

/** A static Linux ELF under gdb. */
export async function debugLinuxElf(bytes: Uint8Array, options: LinuxRunOptions, port: number, onListening: (port: number) => void): Promise<DebugProgramOutcome> {
  const created = createLinuxProcess(bytes, options);
  if (!created.ok) return { ok: false, message: created.error.message };
  const p = created.process;
  const target = programDebugTarget(p.machine, 'program', options.maxInstructions ?? 2_000_000_000, (reason) => ({
    exitCode: p.exitCode,
    reason: reason === 'hook-stop' ? (p.fault ? 'fault' : 'exit') : reason,
  }));
  return serve(target, port, onListening);
}

/** A bare-metal ELF (HTIF) under gdb. */
export async function debugBare(bytes: Uint8Array, options: BareOptions, port: number, onListening: (port: number) => void): Promise<DebugProgramOutcome> {
  const booted = bootBare(bytes, options);
  if (!booted.ok) return { ok: false, message: booted.error.message };
  const { machine, htif } = booted;
  const target = programDebugTarget(machine, 'program', options.maxInstructions ?? 100_000_000, (reason) => ({ exitCode: htif.exitCode, reason }));
  return serve(target, port, onListening);
}
