// Same ELF, same input: qemu-riscv64 and our linux-user shim must print the same bytes and
// exit with the same status.

import { describe, it, expect } from 'vitest';
import { compileC, runQemu } from './helpers/cross-tools.js';
import { LINUX_STUBS_C } from './helpers/linux-stubs.js';
import { runOurs } from './helpers/run-linux.js';

function differential(body: string, stdin = '', args: string[] = []): { ours: ReturnType<typeof runOurs>; qemu: ReturnType<typeof runQemu> } {
  const elf = compileC({ 'prog.c': LINUX_STUBS_C + body });
  const qemu = runQemu(elf.path, stdin, args);
  const ours = runOurs(elf.bytes, stdin, ['prog', ...args]);
  return { ours, qemu };
}

describe('static Linux programs behave as under qemu-riscv64', () => {
  it('prints hello and exits with the status main returns', () => {
    const { ours, qemu } = differential('int main(){ puts_("hello, world\\n"); return 42; }');
    expect(ours.stdout).toBe('hello, world\n');
    expect(ours.exitCode).toBe(42);
    expect(ours).toMatchObject(qemu);
  });

  it('computes primes, fibonacci and 64-bit arithmetic identically', () => {
    const { ours, qemu } = differential(String.raw`
      int main(){
        int count = 0; for (int n = 2; n < 5000; n++) { int p = 1; for (int d = 2; d * d <= n; d++) if (n % d == 0) { p = 0; break; } count += p; }
        puts_("primes "); putu(count); puts_("\n");
        u64 a = 0, b = 1; for (int i = 0; i < 90; i++) { u64 t = a + b; a = b; b = t; } puts_("fib "); putu(a); puts_("\n");
        volatile i64 x = -7, y = 0, big = (i64)0x8000000000000000ull, m1 = -1;
        puti(x / 2); puts_(" "); puti(x % 2); puts_(" "); puti(x / y); puts_(" "); puti(x % y); puts_(" ");
        puti(big / m1); puts_(" "); puti(big % m1); puts_("\n");
        volatile u64 u = 0xfedcba9876543210ull, v = 0x123456789ull;
        puthex(u * v); puts_(" "); puthex(u / v); puts_(" "); puthex(u % v); puts_(" ");
        u64 hu, hs; asm("mulhu %0,%1,%2" : "=r"(hu) : "r"(u), "r"(v)); asm("mulh %0,%1,%2" : "=r"(hs) : "r"(u), "r"(v));
        puthex(hu); puts_(" "); puthex(hs); puts_("\n");
        volatile int w = -2147483647 - 1, wm = -1; puti(w / wm); puts_(" "); puti(w % wm); puts_(" ");
        puti((int)((unsigned)w >> 3)); puts_(" "); puti(w >> 3); puts_("\n");
        return 0;
      }`);
    expect(ours.stdout).toBe(qemu.stdout);
    expect(ours.exitCode).toBe(qemu.exitCode);
    expect(ours.stdout.startsWith('primes 669\nfib 2880067194370816120\n')).toBe(true);
  });

  it('echoes stdin, reads argv and uses brk and anonymous mmap', () => {
    const { ours, qemu } = differential(String.raw`
      int main(int argc, char **argv){
        char buf[64]; long n, total = 0;
        while ((n = read(0, buf, sizeof buf)) > 0) { write(1, buf, n); total += n; }
        puts_("read "); putu(total); puts_(" args "); putu(argc); puts_(" "); puts_(argv[argc - 1]); puts_("\n");
        char *b0 = brk(0); char *b1 = brk(b0 + 100000); puts_(b1 == b0 + 100000 ? "brk ok\n" : "brk bad\n");
        for (long i = 0; i < 100000; i += 4096) b0[i] = (char)i; long s = 0; for (long i = 0; i < 100000; i += 4096) s += b0[i];
        puti(s); puts_("\n");
        long *m = mmap_anon(1 << 20); for (long i = 0; i < (1 << 17); i += 512) m[i] = i; long t = 0; for (long i = 0; i < (1 << 17); i += 512) t += m[i];
        putu(t); puts_(munmap(m, 1 << 20) == 0 ? " unmapped\n" : " munmap failed\n");
        return 3;
      }`, 'some input text\nline two\n', ['alpha', 'beta']);
    expect(ours.stdout).toBe(qemu.stdout);
    expect(ours.exitCode).toBe(qemu.exitCode);
  });

  it('sorts with recursion and function pointers through compressed code', () => {
    const { ours, qemu } = differential(String.raw`
      static int cmp(const void *a, const void *b) { long x = *(const long *)a, y = *(const long *)b; return x < y ? -1 : x > y; }
      static void qs(long *v, int n, int (*c)(const void *, const void *)) {
        if (n < 2) return; long p = v[n / 2]; int i = 0, j = n - 1;
        while (i <= j) { while (c(&v[i], &p) < 0) i++; while (c(&v[j], &p) > 0) j--; if (i <= j) { long t = v[i]; v[i] = v[j]; v[j] = t; i++; j--; } }
        qs(v, j + 1, c); qs(v + i, n - i, c);
      }
      long v[2000];
      int main(){ u64 s = 88172645463325252ull; for (int i = 0; i < 2000; i++) { s ^= s << 13; s ^= s >> 7; s ^= s << 17; v[i] = (long)s; }
        qs(v, 2000, cmp); u64 h = 0; for (int i = 0; i < 2000; i++) h = h * 31 + (u64)v[i]; puthex(h); puts_("\n");
        for (int i = 1; i < 2000; i++) if (v[i - 1] > v[i]) return 1; return 0; }`);
    expect(ours.stdout).toBe(qemu.stdout);
    expect(ours.exitCode).toBe(0);
  });

  it('dies with SIGSEGV (status 139) on a write to its own code and on a null load', () => {
    const code = differential(String.raw`
      int main(){ puts_("before\n"); volatile unsigned *text = (unsigned *)(void *)main; *text = 0; puts_("after\n"); return 0; }`);
    expect([code.ours.stdout, code.ours.exitCode]).toEqual(['before\n', 139]);
    expect(code.ours).toMatchObject(code.qemu);
    const nil = differential(String.raw`
      int main(){ volatile long *p = (long *)8; puts_("x\n"); return (int)*p; }`);
    expect([nil.ours.exitCode, nil.qemu.exitCode]).toEqual([139, 139]);
  });
});
