// The host: an ordinary U-mode process in host memory under its own Sv39 page table,
// speaking a small subset of the Linux RISC-V syscall ABI (a7 = number). The monitor
// plays its kernel too, so the files it may open are exactly the build directory's.
import { LinuxSyscall, PAGE_SIZE, HOST_TEXT_BASE } from '../../runtime/abi.js';
import { AddressSpace, USER_RW, permissionsFromElfFlags } from './address-space.js';
import { freshContext, type SavedContext } from './enclave.js';
import type { ElfImage } from './elf-image.js';
import { OWNER_HOST, type HostDomain, type MonitorCore } from './monitor-core.js';
import type { TrapVerdict } from './machine-port.js';

const STACK_TOP = 0x3f_ffff_f000n;
const STACK_SIZE = 256 * 1024;
const MMAP_TOP = 0x20_0000_0000n;
const HOST_VA_LIMIT = 0x3f_ffff_f000n;
/** The most one write(2) takes. */
const MAX_WRITE = 1024 * 1024;

const SYS_OPENAT = 56;
const SYS_CLOSE = 57;
const SYS_FSTAT = 80;
const ENOENT = 2n;
const EBADF = 9n;
const ENOMEM = 12n;
const EFAULT = 14n;
const EINVAL = 22n;
const ENOSYS = 38n;

const page = BigInt(PAGE_SIZE);
const roundUp = (v: bigint) => (v + page - 1n) & ~(page - 1n);

export class HostProcess implements HostDomain {
  context: SavedContext;
  private brkBase: bigint;
  private brk: bigint;
  private mmapLow = MMAP_TOP;
  private readonly openFiles = new Map<number, Uint8Array>();
  private readonly sharedBlocks: { va: bigint; pages: number[] }[] = [];
  private readonly relayBlocks: { va: bigint; pages: number[] }[] = [];
  private nextFd = 3;

  private constructor(
    private readonly monitor: MonitorCore,
    readonly space: AddressSpace,
    entry: bigint,
    dataEnd: bigint,
  ) {
    this.context = freshContext(entry);
    this.brkBase = roundUp(dataEnd);
    this.brk = this.brkBase;
  }

  static load(monitor: MonitorCore, image: ElfImage, args: string[]): HostProcess | string {
    const space = AddressSpace.create(OWNER_HOST, monitor.hostPool, monitor.machine, monitor.onTablesChanged);
    if (!space) return 'out of host memory';
    let dataEnd = HOST_TEXT_BASE;
    for (const segment of image.segments) {
      const start = segment.vaddr & ~(page - 1n);
      const end = roundUp(segment.vaddr + BigInt(segment.memSize));
      if (start < page || end > MMAP_TOP) return `host segment at 0x${segment.vaddr.toString(16)} is outside the host's address range`;
      for (let va = start; va < end; va += page) {
        if (!space.isMapped(va) && !space.mapFresh(va, PAGE_SIZE, permissionsFromElfFlags(segment.flags))) {
          return 'out of host memory';
        }
      }
      space.writeUnchecked(segment.vaddr, segment.data);
      if (end > dataEnd) dataEnd = end;
    }
    if (!space.mapFresh(STACK_TOP - BigInt(STACK_SIZE), STACK_SIZE, USER_RW)) return 'out of host memory';
    const host = new HostProcess(monitor, space, image.entry, dataEnd);
    host.context.set(2, host.buildInitialStack(args));
    return host;
  }

  /** argc, argv, envp (empty) and an empty auxv, as the Linux RISC-V ELF ABI starts a process. */
  private buildInitialStack(args: string[]): bigint {
    const encoder = new TextEncoder();
    let sp = STACK_TOP;
    const argPointers: bigint[] = [];
    for (const arg of args) {
      const bytes = encoder.encode(arg + '\0');
      sp -= BigInt(bytes.length);
      this.space.write(sp, bytes);
      argPointers.push(sp);
    }
    sp &= ~15n;
    const words = [BigInt(args.length), ...argPointers, 0n, 0n, 0n, 0n];
    sp -= BigInt(words.length * 8);
    sp &= ~15n;
    const block = new Uint8Array(words.length * 8);
    const view = new DataView(block.buffer);
    words.forEach((w, i) => view.setBigUint64(i * 8, w, true));
    this.space.write(sp, block);
    return sp;
  }

  syscall(number: number, epc: bigint): TrapVerdict {
    const m = this.monitor.machine;
    const arg = (i: number) => m.getReg(10 + i);
    const done = (value: bigint) => this.monitor.ecallReturn(epc, BigInt.asUintN(64, value));
    switch (number) {
      case LinuxSyscall.WRITE: {
        const fd = arg(0);
        // A long write is a short write, as Linux may make it: the caller loops.
        const length = arg(2) > BigInt(MAX_WRITE) ? MAX_WRITE : Number(arg(2));
        if (fd !== 1n && fd !== 2n) return done(-EBADF);
        const bytes = this.space.read(arg(1), length);
        if (!bytes) return done(-EFAULT);
        this.monitor.print(bytes);
        return done(BigInt(length));
      }
      case LinuxSyscall.READ:
        return done(0n);
      case LinuxSyscall.EXIT:
      case LinuxSyscall.EXIT_GROUP:
        this.monitor.exitCode = Number(arg(0) & 0xffn);
        return 'stop';
      case LinuxSyscall.BRK:
        return done(this.setBrk(arg(0)));
      case LinuxSyscall.MMAP:
        return done(this.mmap(arg(1), arg(4), arg(3)));
      case LinuxSyscall.MUNMAP:
        return done(this.munmap(arg(0), arg(1)));
      case LinuxSyscall.CLOCK_GETTIME: {
        // Deterministic time: one nanosecond per retired instruction.
        const ns = BigInt(m.instret);
        const block = new Uint8Array(16);
        const view = new DataView(block.buffer);
        view.setBigUint64(0, ns / 1_000_000_000n, true);
        view.setBigUint64(8, ns % 1_000_000_000n, true);
        return done(this.space.write(arg(1), block) ? 0n : -EFAULT);
      }
      case SYS_OPENAT:
        return done(this.openat(arg(1)));
      case SYS_CLOSE:
        return done(this.openFiles.delete(Number(arg(0))) ? 0n : -EBADF);
      case SYS_FSTAT: {
        const file = this.openFiles.get(Number(arg(0)));
        if (!file) return done(-EBADF);
        // struct stat (riscv64 asm-generic): st_mode at 16, st_size at 48; 128 bytes.
        const stat = new Uint8Array(128);
        const view = new DataView(stat.buffer);
        view.setUint32(16, 0o100444, true);
        view.setBigUint64(48, BigInt(file.length), true);
        return done(this.space.write(arg(1), stat) ? 0n : -EFAULT);
      }
      default:
        return done(-ENOSYS);
    }
  }

  private openat(pathVa: bigint): bigint {
    const path = this.space.readCString(pathVa, 4096);
    if (path === undefined) return -EFAULT;
    const name = path.replace(/^(\.\/)+/, '');
    const file = this.monitor.options.files.get(name);
    if (!file) return -ENOENT;
    const fd = this.nextFd++;
    this.openFiles.set(fd, file);
    return BigInt(fd);
  }

  private setBrk(requested: bigint): bigint {
    if (requested === 0n || requested < this.brkBase) return this.brk;
    const target = roundUp(requested);
    if (target > this.mmapLow) return this.brk;
    // All or nothing, and no loop longer than the pool: pages of an earlier, higher break
    // may still be mapped; the rest must all be available before any is taken.
    const from = roundUp(this.brk);
    if (target > from) {
      const mapped = this.space.pageTable.leavesIn(from, target).map((leaf) => leaf.va);
      const missing = Number((target - from) / page) - mapped.length;
      if (missing > this.monitor.hostPool.freePages) return this.brk;
      const taken: bigint[] = [];
      const have = new Set(mapped);
      for (let va = from; va < target; va += page) {
        if (have.has(va)) continue;
        if (!this.space.mapFresh(va, PAGE_SIZE, USER_RW)) {
          for (const at of taken) this.monitor.hostPool.free(this.space.pageTable.unmap(at)!);
          return this.brk;
        }
        taken.push(va);
      }
    }
    this.brk = requested;
    return this.brk;
  }

  /**
   * SHM_GET: fresh zeroed host pages, mapped in the host like an anonymous mmap and
   * remembered as shared, so munmap cannot free them under an enclave that maps them.
   */
  shmGet(length: bigint, kind: 'shared' | 'relay' = 'shared'): { va: bigint; pages: number[] } | undefined {
    const va = this.mmap(length, -1n, 0x20n);
    if (va < 0n) return undefined;
    const pages: number[] = [];
    for (let at = va; at < va + roundUp(length); at += page) pages.push(this.space.pageTable.lookup(at)!.pa);
    const block = { va, pages };
    (kind === 'shared' ? this.sharedBlocks : this.relayBlocks).push(block);
    return block;
  }

  /** The pages behind [va, va+length) of one SHM_GET (or RELAY_GET) block, or undefined. */
  sharedPages(va: bigint, length: bigint, kind: 'shared' | 'relay' = 'shared'): number[] | undefined {
    for (const block of kind === 'shared' ? this.sharedBlocks : this.relayBlocks) {
      const end = block.va + BigInt(block.pages.length * PAGE_SIZE);
      if (va >= block.va && va + length <= end && (va & (page - 1n)) === 0n) {
        const first = Number((va - block.va) / page);
        return block.pages.slice(first, first + Number(roundUp(length) / page));
      }
    }
    return undefined;
  }

  private mmap(length: bigint, fd: bigint, flags: bigint): bigint {
    const MAP_ANONYMOUS = 0x20n;
    if (length === 0n || length > 1n << 32n) return -EINVAL;
    const size = Number(roundUp(length));
    let file: Uint8Array | undefined;
    if ((flags & MAP_ANONYMOUS) === 0n) {
      file = this.openFiles.get(Number(BigInt.asIntN(64, fd)));
      if (!file) return -EBADF;
    }
    const va = this.mmapLow - BigInt(size);
    if (va <= roundUp(this.brk) || va >= HOST_VA_LIMIT) return -ENOMEM;
    if (!this.space.mapFresh(va, size, USER_RW)) return -ENOMEM;
    this.mmapLow = va;
    if (file) this.space.write(va, file.subarray(0, Math.min(file.length, size)));
    return va;
  }

  /** Linux munmap: EINVAL for a misaligned, empty or out-of-range span; the walk visits only mapped pages. */
  private munmap(va: bigint, length: bigint): bigint {
    if ((va & (page - 1n)) !== 0n || length === 0n || va >= HOST_VA_LIMIT || length > HOST_VA_LIMIT - va) return -EINVAL;
    const end = va + roundUp(length);
    const overlaps = (b: { va: bigint; pages: number[] }) => va < b.va + BigInt(b.pages.length * PAGE_SIZE) && b.va < end;
    if (this.sharedBlocks.some(overlaps) || this.relayBlocks.some(overlaps)) return -EINVAL;
    for (const leaf of this.space.pageTable.leavesIn(va, end)) {
      this.space.pageTable.unmap(leaf.va);
      this.monitor.hostPool.free(leaf.pa);
    }
    this.monitor.machine.flushTlb();
    return 0n;
  }
}
