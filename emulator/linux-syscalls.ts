// The Linux syscall shim of linux-user.ts (RISC-V Linux ABI: a7 = number, a0..a5 =
// arguments, result or -errno in a0). Numbers for the calls the ABI file lists come from
// runtime/abi.ts; the rest are the asm-generic numbers. Calls a static picolibc/newlib/
// glibc start-up makes but that mean nothing here are harmless stubs (listed below).

import { LinuxSyscall } from '../runtime/abi.js';
import { INSTRET_PER_MTIME_TICK } from './hart.js';
import { PTE_R, PTE_W, PTE_X } from './sv39-tables.js';
import { USER_SPACE_END, type LinuxProcess } from './linux-user.js';

const ENOENT = 2;
const ESRCH = 3;
const EBADF = 9;
const ENOMEM = 12;
const EFAULT = 14;
const EINVAL = 22;
const ENOTTY = 25;
const ENOSYS = 38;

/** asm-generic numbers of the further calls we answer. */
const Sys = {
  IOCTL: 29, OPENAT: 56, CLOSE: 57, READLINKAT: 78, FSTAT: 80, WRITEV: 66,
  SET_TID_ADDRESS: 96, SET_ROBUST_LIST: 99, CLOCK_GETTIME: LinuxSyscall.CLOCK_GETTIME,
  RT_SIGACTION: 134, RT_SIGPROCMASK: 135, UNAME: 160, GETTIMEOFDAY: 169,
  GETPID: 172, GETUID: 174, GETEUID: 175, GETGID: 176, GETEGID: 177, GETTID: 178,
  MPROTECT: 226, MADVISE: 233, PRLIMIT64: 261, GETRANDOM: 278, KILL: 129, TKILL: 130, TGKILL: 131,
} as const;

/** Harmless stubs: calls whose effect does not exist in a single-threaded, signal-free process. */
const ZERO_STUBS = new Set<number>([
  Sys.SET_ROBUST_LIST, Sys.RT_SIGACTION, Sys.RT_SIGPROCMASK, Sys.MPROTECT, Sys.MADVISE, Sys.CLOSE,
  Sys.GETUID, Sys.GETEUID, Sys.GETGID, Sys.GETEGID,
]);

/** Signals whose default action is to ignore them (signal(7)): SIGCHLD, SIGCONT, SIGURG, SIGWINCH. */
const IGNORED_BY_DEFAULT = new Set([17, 18, 23, 28]);

/** Linux's default pipe capacity: the most one read returns. */
const PIPE_BUF_BYTES = 65536;

/** Nanoseconds per mtime tick: the nominal clock is 100 MHz at one instruction per cycle. */
const NS_PER_TICK = INSTRET_PER_MTIME_TICK * 10;

/** Performs the syscall in a7; false when the process has exited. */
export function handleSyscall(p: LinuxProcess): boolean {
  const m = p.machine;
  const a = (k: number): bigint => m.getReg(10 + k);
  const nr = Number(a(7) & 0xffffffffn);
  const ret = (v: bigint | number): boolean => {
    m.setReg(10, BigInt.asUintN(64, BigInt(v)));
    return true;
  };
  switch (nr) {
    case LinuxSyscall.EXIT:
    case LinuxSyscall.EXIT_GROUP:
      p.exitCode = Number(a(0) & 0xffn);
      return false;
    case LinuxSyscall.WRITE: {
      const fd = Number(a(0));
      const bytes = p.readUser(a(1), Number(a(2) & 0xffffffffn));
      if (bytes === null) return ret(-EFAULT);
      if (fd === 1) p.stdout(bytes);
      else if (fd === 2) p.stderr(bytes);
      else return ret(-EBADF);
      return ret(bytes.length);
    }
    case Sys.WRITEV: {
      const fd = Number(a(0));
      if (fd !== 1 && fd !== 2) return ret(-EBADF);
      let total = 0;
      for (let k = 0n; k < a(2); k += 1n) {
        const iov = p.readUser(a(1) + 16n * k, 16);
        if (iov === null) return ret(-EFAULT);
        const v = new DataView(iov.buffer);
        const bytes = p.readUser(v.getBigUint64(0, true), Number(v.getBigUint64(8, true) & 0xffffffffn));
        if (bytes === null) return ret(-EFAULT);
        (fd === 1 ? p.stdout : p.stderr)(bytes);
        total += bytes.length;
      }
      return ret(total);
    }
    case LinuxSyscall.READ: {
      if (Number(a(0)) !== 0) return ret(-EBADF);
      // At most a pipe buffer per call, as a Linux pipe read returns; the buffer is checked
      // before input is consumed, so EFAULT loses no bytes.
      const want = Math.min(Number(a(2) & 0xffffffffn), PIPE_BUF_BYTES);
      if (!p.userWritable(a(1), want)) return ret(-EFAULT);
      const bytes = p.readStdin(want);
      if (!p.writeUser(a(1), bytes)) return ret(-EFAULT);
      return ret(bytes.length);
    }
    case LinuxSyscall.BRK: {
      const want = a(0);
      if (want >= p.brkStart && want < p.brkStart + (1n << 32n)) {
        const oldTop = (p.brk + 0xfffn) & ~0xfffn;
        const newTop = (want + 0xfffn) & ~0xfffn;
        if (newTop > oldTop) p.addRegion(oldTop, newTop, PTE_R | PTE_W);
        else if (newTop < oldTop) p.removeRegion(newTop, oldTop);
        p.brk = want;
      }
      return ret(p.brk);
    }
    case LinuxSyscall.MMAP: {
      const len = (a(1) + 0xfffn) & ~0xfffn;
      const prot = Number(a(2));
      const flags = Number(a(3));
      const MAP_FIXED = 0x10;
      const MAP_ANONYMOUS = 0x20;
      if (!(flags & MAP_ANONYMOUS)) return ret(-ENOSYS);
      if (len === 0n || a(1) === 0n) return ret(-EINVAL);
      // Pages are backed on first touch (linux-user.ts), so any size the address space
      // holds is granted, as Linux does with overcommit; only RAM actually touched counts.
      if (len > USER_SPACE_END) return ret(-ENOMEM);
      let start: bigint;
      if (flags & MAP_FIXED) {
        start = a(0);
        if (start & 0xfffn) return ret(-EINVAL);
        if (start + len > USER_SPACE_END) return ret(-ENOMEM);
        p.removeRegion(start, start + len);
      } else {
        if (p.mmapNext - len < p.brkStart + (1n << 32n)) return ret(-ENOMEM);
        p.mmapNext -= len;
        start = p.mmapNext;
      }
      const perms = (prot & 1 ? PTE_R : 0) | (prot & 2 ? PTE_R | PTE_W : 0) | (prot & 4 ? PTE_X : 0);
      p.addRegion(start, start + len, perms || PTE_R);
      return ret(start);
    }
    case LinuxSyscall.MUNMAP: {
      const start = a(0);
      if (start & 0xfffn) return ret(-EINVAL);
      p.removeRegion(start, start + ((a(1) + 0xfffn) & ~0xfffn));
      return ret(0);
    }
    case Sys.CLOCK_GETTIME:
    case Sys.GETTIMEOFDAY: {
      const ns = BigInt(m.hart.mtime()) * BigInt(NS_PER_TICK);
      const out = new Uint8Array(16);
      const v = new DataView(out.buffer);
      v.setBigUint64(0, ns / 1_000_000_000n, true);
      v.setBigUint64(8, nr === Sys.GETTIMEOFDAY ? (ns % 1_000_000_000n) / 1000n : ns % 1_000_000_000n, true);
      const target = nr === Sys.GETTIMEOFDAY ? a(0) : a(1);
      if (target !== 0n && !p.writeUser(target, out)) return ret(-EFAULT);
      return ret(0);
    }
    case Sys.GETRANDOM: {
      // Deterministic bytes: the machine is deterministic by design (DESIGN §5).
      const n = Number(a(1) & 0xffffn);
      const bytes = Uint8Array.from({ length: n }, (_, k) => (k * 131 + 7) & 0xff);
      return p.writeUser(a(0), bytes) ? ret(n) : ret(-EFAULT);
    }
    case Sys.SET_TID_ADDRESS:
    case Sys.GETPID:
    case Sys.GETTID:
      return ret(1);
    case Sys.KILL:
    case Sys.TKILL:
    case Sys.TGKILL: {
      // The process is pid and tid 1 (0 for kill means its own group). No handler is ever
      // installed (rt_sigaction is a stub), so a signal sent to itself takes its default
      // action: glibc's abort() (raise(SIGABRT) = tgkill) ends the process with 128 + 6.
      const self = nr === Sys.TGKILL ? a(0) === 1n && a(1) === 1n : a(0) === 1n || (nr === Sys.KILL && a(0) === 0n);
      const signal = Number((nr === Sys.TGKILL ? a(2) : a(1)) & 0xffffffffn);
      if (!self) return ret(-ESRCH);
      if (signal === 0 || IGNORED_BY_DEFAULT.has(signal)) return ret(0);
      if (signal < 0 || signal > 64) return ret(-EINVAL);
      p.exitCode = 128 + signal;
      return false;
    }
    case Sys.IOCTL:
      return ret(-ENOTTY);
    case Sys.OPENAT:
      return ret(-ENOENT);
    case Sys.FSTAT:
    case Sys.READLINKAT:
    case Sys.UNAME:
    case Sys.PRLIMIT64:
      return ret(-ENOSYS);
  }
  if (ZERO_STUBS.has(nr)) return ret(0);
  return ret(-ENOSYS);
}
