// Runs a static riscv64 Linux ELF as a user process on the machine: U-mode with the MMU
// on, an Sv39 address space built here over RAM pages, the Linux stack layout (argc,
// argv, envp, auxv; RISC-V psABI "Process Initialization"), demand-zero stack/heap/mmap
// pages, and the syscall shim of linux-syscalls.ts in the trap hook.

import { Machine, RAM_BASE, type TrapInfo } from './machine.js';
import { parseElf, segmentFileBytes, checkLayout, checkExtensions, type ElfError } from './elf-loader.js';
import { Sv39Tables, PTE_R, PTE_W, PTE_X, PTE_U } from './sv39-tables.js';
import type { TierStats } from './jit/jit.js';
import { Exc } from './trap-cause.js';
import { Csr, MSTATUS_FS_SHIFT } from '../runtime/riscv/csr.js';

const MSTATUS_FS_INITIAL = 1 << MSTATUS_FS_SHIFT;
import { handleSyscall } from './linux-syscalls.js';

export interface LinuxRunOptions {
  args?: string[];
  env?: string[];
  /** All of standard input, or a reader: `read(max)` blocks for up to `max` bytes; empty means end of file. */
  stdin?: Uint8Array | string | StdinReader;
  stdout?: (bytes: Uint8Array) => void;
  stderr?: (bytes: Uint8Array) => void;
  maxInstructions?: number;
  ramSize?: number;
  translateBlocks?: boolean;
  /** Region translation to WebAssembly (default true, needs translateBlocks). */
  translateRegions?: boolean;
  /** Count instructions and time per tier (result.tiers; timing costs a little). */
  tierStats?: boolean;
}

export type StdinReader = (max: number) => Uint8Array;

/** How the process ended: exit status, or the signal-like fault that killed it. */
export interface LinuxRunResult {
  /** exit/exit_group status (low 8 bits), 128 + signal for a fatal fault, null if still running. */
  exitCode: number | null;
  /** Set when a fault killed the process. */
  fault: { cause: number; pc: bigint; tval: bigint } | null;
  /** The fault was a touch of a valid page with no RAM left to back it (killed with SIGKILL, as by Linux's OOM killer). */
  outOfMemory: boolean;
  reason: 'exit' | 'fault' | 'budget' | 'wfi';
  instret: number;
  wallMs: number;
  /** With options.tierStats: instructions and time per tier. */
  tiers?: TierStats;
}

export type LinuxRunOutcome = { ok: true; value: LinuxRunResult } | { ok: false; error: ElfError | { code: 'LINUX_NO_MEMORY'; message: string } };

export const PAGE = 4096;
/** Top of the initial stack and its demand-paged reach. */
export const STACK_TOP = 0x3f_ffff_f000n;
export const STACK_LIMIT = 8n * 1024n * 1024n;
/** Anonymous mmap regions are handed out downwards from here. */
export const MMAP_TOP = 0x20_0000_0000n;
/** The user half of Sv39 (Linux's TASK_SIZE on Sv39): canonical addresses with bit 38 clear. */
export const USER_SPACE_END = 0x40_0000_0000n;

const AT_NULL = 0;
const AT_PHDR = 3;
const AT_PHENT = 4;
const AT_PHNUM = 5;
const AT_PAGESZ = 6;
const AT_ENTRY = 9;
const AT_RANDOM = 25;

/** A virtual range whose pages are mapped (zero-filled) the first time they are touched. */
interface Region {
  start: bigint;
  end: bigint;
  perms: number;
}

export class LinuxProcess {
  readonly machine: Machine;
  readonly tables: Sv39Tables;
  readonly regions: Region[] = [];
  brkStart = 0n;
  brk = 0n;
  mmapNext = MMAP_TOP;
  readonly readStdin: StdinReader;
  exitCode: number | null = null;
  fault: LinuxRunResult['fault'] = null;
  /** A page of a region could not be backed: RAM is exhausted. */
  outOfMemory = false;
  stdout: (b: Uint8Array) => void;
  stderr: (b: Uint8Array) => void;
  private nextPage: number;
  private readonly ramEnd: number;
  /** Physical pages given back by munmap/brk, reused (zeroed) before fresh ones. */
  private readonly freePages: number[] = [];
  /** Demand-mapped user pages: virtual page number → physical address, so unmapping a huge range visits only what was touched. */
  private readonly userPages = new Map<number, number>();

  constructor(machine: Machine, options: LinuxRunOptions) {
    this.machine = machine;
    this.nextPage = RAM_BASE;
    this.ramEnd = RAM_BASE + machine.bus.ramSize;
    this.readStdin = stdinReader(options.stdin);
    this.stdout = options.stdout ?? (() => {});
    this.stderr = options.stderr ?? (() => {});
    const tables = Sv39Tables.create(machine, () => this.allocPage());
    if (!tables) throw new RangeError('RAM too small for a page table'); // unreachable: RAM >= 1 page
    this.tables = tables;
  }

  /** A zero page of RAM, or null when RAM is exhausted. */
  allocPage(): number | null {
    const reused = this.freePages.pop();
    if (reused !== undefined) {
      this.machine.fillPhys(reused, PAGE, 0);
      return reused;
    }
    if (this.nextPage + PAGE > this.ramEnd) return null;
    const pa = this.nextPage;
    this.nextPage += PAGE;
    return pa;
  }

  /** Maps the page holding `va` if a region covers it; true when it is (now) mapped. */
  ensureMapped(va: bigint): boolean {
    return this.tables.lookup(va & ~0xfffn) !== null || this.demandMap(va);
  }

  /** Maps a not-yet-mapped page of a region on first touch; false if nothing was mapped. */
  demandMap(va: bigint): boolean {
    const page = va & ~0xfffn;
    if (this.tables.lookup(page) !== null) return false;
    const region = this.regions.find((r) => page >= r.start && page < r.end);
    if (!region) return false;
    const pa = this.allocPage();
    if (pa === null) {
      this.outOfMemory = true;
      return false;
    }
    if (!this.tables.map(page, pa, region.perms | PTE_U)) {
      this.outOfMemory = true;
      return false;
    }
    this.userPages.set(Number(page >> 12n), pa);
    return true;
  }

  /** Physical address of a user byte, demand-mapping it; null if not addressable. */
  private userPa(va: bigint): number | null {
    if (!this.ensureMapped(va)) return null;
    const page = this.tables.lookup(va & ~0xfffn);
    return page === null ? null : page + Number(va & 0xfffn);
  }

  readUser(va: bigint, len: number): Uint8Array | null {
    const out = new Uint8Array(len);
    let done = 0;
    while (done < len) {
      const at = va + BigInt(done);
      const pa = this.userPa(at);
      if (pa === null) return null;
      const chunk = Math.min(len - done, PAGE - Number(at & 0xfffn));
      out.set(this.machine.readPhys(pa, chunk), done);
      done += chunk;
    }
    return out;
  }

  /** Whether every byte of [va, va+len) can be written (mapping pages on demand). */
  userWritable(va: bigint, len: number): boolean {
    for (let page = va & ~0xfffn; page < va + BigInt(len); page += 4096n) {
      if (!this.ensureMapped(page)) return false;
      const region = this.regions.find((r) => page >= r.start && page < r.end);
      if (!region || !(region.perms & PTE_W)) return false;
    }
    return true;
  }

  writeUser(va: bigint, bytes: Uint8Array): boolean {
    let done = 0;
    while (done < bytes.length) {
      const at = va + BigInt(done);
      const pa = this.userPa(at);
      if (pa === null) return false;
      const chunk = Math.min(bytes.length - done, PAGE - Number(at & 0xfffn));
      this.machine.writePhys(pa, bytes.subarray(done, done + chunk));
      done += chunk;
    }
    return true;
  }

  addRegion(start: bigint, end: bigint, perms: number): void {
    this.regions.push({ start, end, perms });
  }

  /** munmap semantics: [start, end) stops being addressable, splitting regions that straddle it; its pages are freed. */
  removeRegion(start: bigint, end: bigint): void {
    const first = Number(start >> 12n);
    const last = Number((end + 0xfffn) >> 12n);
    const free = (vpn: number, pa: number): void => {
      this.tables.unmap(BigInt(vpn) << 12n);
      this.userPages.delete(vpn);
      this.freePages.push(pa);
    };
    if (last - first < this.userPages.size) {
      for (let vpn = first; vpn < last; vpn += 1) {
        const pa = this.userPages.get(vpn);
        if (pa !== undefined) free(vpn, pa);
      }
    } else {
      for (const [vpn, pa] of this.userPages) if (vpn >= first && vpn < last) free(vpn, pa);
    }
    const kept: Region[] = [];
    for (const r of this.regions) {
      if (r.end <= start || r.start >= end) kept.push(r);
      else {
        if (r.start < start) kept.push({ start: r.start, end: start, perms: r.perms });
        if (r.end > end) kept.push({ start: end, end: r.end, perms: r.perms });
      }
    }
    this.regions.splice(0, this.regions.length, ...kept);
    this.machine.flushTlb();
  }
}

/** Standard input as a blocking reader; a byte array or string is a pipe that then reaches end of file. */
function stdinReader(stdin: LinuxRunOptions['stdin']): StdinReader {
  if (typeof stdin === 'function') return stdin;
  const all = typeof stdin === 'string' ? new TextEncoder().encode(stdin) : stdin ?? new Uint8Array(0);
  let at = 0;
  return (max) => {
    const chunk = all.subarray(at, at + max);
    at += chunk.length;
    return chunk;
  };
}

function permsOf(flags: number): number {
  return (flags & 4 ? PTE_R : 0) | (flags & 2 ? PTE_W | PTE_R : 0) | (flags & 1 ? PTE_X : 0);
}

/** Builds the initial stack and returns the initial sp (psABI: sp -> argc, 16-byte aligned). */
function buildStack(p: LinuxProcess, args: string[], env: string[], auxv: [number, bigint][]): bigint | null {
  const enc = new TextEncoder();
  let sp = STACK_TOP;
  const put = (bytes: Uint8Array): bigint | null => {
    sp -= BigInt(bytes.length);
    return p.writeUser(sp, bytes) ? sp : null;
  };
  const random = put(Uint8Array.from({ length: 16 }, (_, k) => (k * 37 + 11) & 0xff));
  const strings = [...args, ...env].map((s) => put(enc.encode(`${s}\0`)));
  if (random === null || strings.some((s) => s === null)) return null;
  auxv.push([AT_RANDOM, random]);
  const words: bigint[] = [BigInt(args.length)];
  for (let k = 0; k < args.length; k += 1) words.push(strings[k]!);
  words.push(0n);
  for (let k = 0; k < env.length; k += 1) words.push(strings[args.length + k]!);
  words.push(0n);
  for (const [key, value] of auxv) words.push(BigInt(key), value);
  words.push(BigInt(AT_NULL), 0n);
  sp = (sp - BigInt(words.length * 8)) & ~15n;
  const block = new Uint8Array(words.length * 8);
  const view = new DataView(block.buffer);
  words.forEach((w, k) => view.setBigUint64(k * 8, BigInt.asUintN(64, w), true));
  return p.writeUser(sp, block) ? sp : null;
}

/** Loads the ELF into a fresh machine and prepares the process, without running it. */
export function createLinuxProcess(bytes: Uint8Array, options: LinuxRunOptions = {}):
  { ok: true; process: LinuxProcess } | { ok: false; error: ElfError | { code: 'LINUX_NO_MEMORY'; message: string } } {
  const parsed = parseElf(bytes);
  if (!parsed.ok) return parsed;
  const elf = parsed.value;
  const checked = checkExtensions(elf);
  if (!checked.ok) return checked;
  // Segments are mapped from the file at p_vaddr, as Linux's binfmt_elf and qemu-user do.
  const laidOut = checkLayout(elf, { address: 'vaddr', space: { start: 0n, end: USER_SPACE_END, name: 'the Sv39 user address space' }, pageSize: PAGE });
  if (!laidOut.ok) return laidOut;
  const machine = new Machine({ ramSize: options.ramSize ?? 128 * 1024 * 1024, translateBlocks: options.translateBlocks, translateRegions: options.translateRegions });
  if (options.tierStats) machine.hart.enableTierStats();
  const p = new LinuxProcess(machine, options);
  const noMemory = { ok: false as const, error: { code: 'LINUX_NO_MEMORY' as const, message: 'not enough emulated RAM to load the program' } };
  let end = 0n;
  let phdr = 0n;
  for (const seg of elf.segments) {
    if (seg.memSize === 0) continue;
    const first = seg.vaddr & ~0xfffn;
    const last = (seg.vaddr + BigInt(seg.memSize) + 0xfffn) & ~0xfffn;
    p.addRegion(first, last, permsOf(seg.flags));
    // Only the file bytes are written: .bss pages are demand-zero like any other page.
    if (!p.writeUser(seg.vaddr, segmentFileBytes(elf, seg))) return noMemory;
    if (seg.fileOffset === 0) phdr = seg.vaddr + BigInt(new DataView(bytes.buffer, bytes.byteOffset).getUint32(32, true));
    if (last > end) end = last;
  }
  p.brkStart = end;
  p.brk = end;
  p.addRegion(STACK_TOP - STACK_LIMIT, STACK_TOP, PTE_R | PTE_W);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const auxv: [number, bigint][] = [
    [AT_PHDR, phdr], [AT_PHENT, BigInt(view.getUint16(54, true))], [AT_PHNUM, BigInt(view.getUint16(56, true))],
    [AT_PAGESZ, 4096n], [AT_ENTRY, elf.entry],
  ];
  const sp = buildStack(p, options.args ?? ['program'], options.env ?? [], auxv);
  if (sp === null) return noMemory;
  machine.setReg(2, sp);
  machine.writeCsr(Csr.SATP, p.tables.satp);
  // Linux lets user code read cycle/time/instret (rdcycle etc.), as qemu-user does.
  machine.writeCsr(Csr.MCOUNTEREN, 7n);
  machine.writeCsr(Csr.SCOUNTEREN, 7n);
  // Linux starts a process with the FPU on, FS = Initial (arch/riscv start_thread).
  machine.writeCsr(Csr.MSTATUS, machine.readCsr(Csr.MSTATUS) | BigInt(MSTATUS_FS_INITIAL));
  machine.pc = elf.entry;
  machine.privilege = 0;
  machine.setTrapHook((t) => onTrap(p, t));
  return { ok: true, process: p };
}

/** Signal numbers used for fatal faults (exit status 128 + signal, as a shell reports). */
const SIGILL = 4;
const SIGTRAP = 5;
const SIGBUS = 7;
const SIGKILL = 9;
const SIGSEGV = 11;

function onTrap(p: LinuxProcess, t: TrapInfo): 'resume' | 'stop' {
  const m = p.machine;
  if (!t.interrupt && t.cause === Exc.ECALL_U) {
    m.pc = t.epc + 4n;
    return handleSyscall(p) ? 'resume' : 'stop';
  }
  p.outOfMemory = false;
  const isPageFault = t.cause === Exc.INSN_PAGE_FAULT || t.cause === Exc.LOAD_PAGE_FAULT || t.cause === Exc.STORE_PAGE_FAULT;
  // A fault on a page that is already mapped is a permission violation: SIGSEGV.
  if (!t.interrupt && isPageFault && p.demandMap(t.tval)) {
    m.flushTlb();
    return 'resume';
  }
  const signal = p.outOfMemory ? SIGKILL : t.cause === Exc.ILLEGAL_INSN ? SIGILL : t.cause === Exc.BREAKPOINT ? SIGTRAP
    : isPageFault ? SIGSEGV : SIGBUS;
  p.fault = { cause: t.cause, pc: t.epc, tval: t.tval };
  p.exitCode = 128 + signal;
  return 'stop';
}

export function runLinuxElf(bytes: Uint8Array, options: LinuxRunOptions = {}): LinuxRunOutcome {
  const created = createLinuxProcess(bytes, options);
  if (!created.ok) return created;
  const p = created.process;
  const started = performance.now();
  const r = p.machine.run(options.maxInstructions ?? 2_000_000_000);
  const reason = r.reason === 'hook-stop' ? (p.fault ? 'fault' : 'exit') : r.reason === 'wfi' ? 'wfi' : 'budget';
  return {
    ok: true,
    value: { exitCode: p.exitCode, fault: p.fault, outOfMemory: p.outOfMemory, reason, instret: p.machine.instret, wallMs: performance.now() - started, tiers: p.machine.hart.tierStats ?? undefined },
  };
}
