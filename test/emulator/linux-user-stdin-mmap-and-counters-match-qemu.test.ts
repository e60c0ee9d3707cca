// Linux-user fidelity, each case against qemu-riscv64 on the same binary: standard input
// read in pieces until end of file, an 8 GiB anonymous mmap backed only where it is touched
// (and munmapped pages reused), and the counters (user code may read them, writing the
// M-mode minstret is illegal in U-mode under both).

import { describe, it, expect } from 'vitest';
import { compileC, runQemu } from './helpers/cross-tools.js';
import { LINUX_STUBS_C } from './helpers/linux-stubs.js';
import { runOurs } from './helpers/run-linux.js';
import { runLinuxElf } from '../../emulator/linux-user.js';

const ECHO_STDIN = String.raw`
int main(){
  unsigned char buf[7]; u64 total = 0, hash = 1469598103934665603ull; long n;
  while ((n = read(0, buf, sizeof buf)) > 0) {
    for (long i = 0; i < n; i++) { hash = (hash ^ buf[i]) * 1099511628211ull; if (buf[i] >= 'a' && buf[i] <= 'z') buf[i] -= 32; }
    write(1, buf, n); total += n;
  }
  puts_("\nbytes "); putu(total); puts_(" hash "); puthex(hash); puts_(" last "); puti(n); puts_("\n");
  return 0;
}`;

const SPARSE_MMAP = String.raw`
int main(){
  long len = 8L << 30;
  unsigned char *p = mmap_anon(len);
  if ((long)p < 0 && (long)p > -4096) { puts_("mmap failed "); puti((long)p); puts_("\n"); return 1; }
  u64 sum = 0;
  for (long i = 0; i < 16; i++) p[i * (512L << 20) + i * 4097] = (unsigned char)(i + 1);
  p[len - 1] = 99;
  for (long i = 0; i < 16; i++) sum += p[i * (512L << 20) + i * 4097];
  sum += p[len - 1] + p[12345];
  puts_("sparse sum "); putu(sum); puts_("\n");
  puts_("munmap "); puti(munmap(p, len)); puts_("\n");
  // 12 rounds of 16 MiB touched page by page: 192 MiB in all, more than the 128 MiB of RAM,
  // so this only works if munmap gives pages back; each round must see zeroed memory.
  u64 total = 0;
  for (int round = 0; round < 12; round++) {
    long n = 16L << 20;
    unsigned char *q = mmap_anon(n);
    for (long o = 0; o < n; o += 4096) { total += q[o]; q[o] = (unsigned char)(round + 1); }
    total += q[n - 4096];
    puti(munmap(q, n));
  }
  puts_("\nrounds "); putu(total); puts_("\n");
  return 0;
}`;

describe('linux-user matches qemu-riscv64', () => {
  const echo = compileC({ 'prog.c': LINUX_STUBS_C + ECHO_STDIN });
  const input = 'the quick brown fox\njumps over the lazy dog\n'.repeat(40) + 'tail without newline';

  it('reads piped stdin in 7-byte pieces until end of file', () => {
    const qemu = runQemu(echo.path, input);
    const ours = runOurs(echo.bytes, input);
    expect(ours.stdout.startsWith(input.toUpperCase())).toBe(true);
    expect(ours.stdout).toContain(`bytes ${input.length} hash`);
    expect(ours).toMatchObject(qemu);
  });

  it('reads the same bytes when input arrives through a reader in uneven chunks, as from a pipe', () => {
    const bytes = new TextEncoder().encode(input);
    let at = 0;
    let calls = 0;
    const chunks: Uint8Array[] = [];
    const r = runLinuxElf(echo.bytes, {
      stdin: (max) => {
        calls += 1;
        const n = Math.min(max, 1 + (calls * 5) % 4, bytes.length - at);
        at += n;
        return bytes.slice(at - n, at);
      },
      stdout: (b) => chunks.push(b.slice()),
    });
    if (!r.ok) throw new Error(r.error.message);
    expect(Buffer.concat(chunks).toString('latin1')).toBe(runQemu(echo.path, input).stdout);
    expect(r.value.exitCode).toBe(0);
  });

  it('grants an 8 GiB anonymous mmap, backs only the touched pages, and reuses munmapped ones', () => {
    const elf = compileC({ 'prog.c': LINUX_STUBS_C + SPARSE_MMAP });
    const qemu = runQemu(elf.path);
    const ours = runOurs(elf.bytes);
    expect(ours.stdout).toBe('sparse sum 235\nmunmap 0\n000000000000\nrounds 78\n');
    expect(ours).toMatchObject(qemu);
  });

  it('kills a process that touches more pages than RAM holds with SIGKILL and says so (Linux OOM), not SIGSEGV', () => {
    const elf = compileC({ 'prog.c': LINUX_STUBS_C + String.raw`
      int main(){
        long n = 16L << 20; unsigned char *q = mmap_anon(n);
        for (long o = 0; o < n; o += 4096) q[o] = 1;
        puts_("survived\n");
        return 0;
      }` });
    const r = runLinuxElf(elf.bytes, { ramSize: 4 << 20 });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toMatchObject({ exitCode: 128 + 9, outOfMemory: true, reason: 'fault' });
    // With the default 128 MiB the same program runs, as under qemu.
    expect(runOurs(elf.bytes)).toMatchObject(runQemu(elf.path));
    expect(runOurs(elf.bytes).stdout).toBe('survived\n');
  });

  it('lets user code read cycle and instret, and refuses a write to minstret with SIGILL', () => {
    const elf = compileC({ 'prog.c': LINUX_STUBS_C + String.raw`
      int main(int argc){
        u64 a, b, c; asm volatile("rdinstret %0" : "=r"(a)); asm volatile("rdcycle %0" : "=r"(c));
        for (volatile int i = 0; i < 1000; i++) {}
        asm volatile("rdinstret %0" : "=r"(b));
        puts_(b - a >= 1000 ? "instret counts\n" : "instret stuck\n");
        if (argc > 1) asm volatile("csrw minstret, %0" :: "r"(a));
        puts_("not reached with an argument\n");
        return 0;
      }` }, ['-march=rv64imac_zicsr']);
    for (const args of [[], ['write']]) {
      const qemu = runQemu(elf.path, '', args);
      const ours = runOurs(elf.bytes, '', ['prog', ...args]);
      expect(ours).toMatchObject(qemu);
    }
    expect(runOurs(elf.bytes, '', ['prog', 'write'])).toMatchObject({ stdout: 'instret counts\n', exitCode: 128 + 4 });
  });
});
