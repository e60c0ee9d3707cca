// A minimal C runtime for differential programs: `_start`, raw Linux syscalls and a few
// print helpers, so one source builds with -nostdlib and runs under qemu-riscv64 and ours.

export const LINUX_STUBS_C = String.raw`
typedef unsigned long u64;
typedef long i64;
static inline long sys3(long n, long a, long b, long c) {
  register long a0 asm("a0") = a; register long a1 asm("a1") = b; register long a2 asm("a2") = c;
  register long a7 asm("a7") = n;
  asm volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
  return a0;
}
static inline long sys6(long n, long a, long b, long c, long d, long e, long f) {
  register long a0 asm("a0") = a; register long a1 asm("a1") = b; register long a2 asm("a2") = c;
  register long a3 asm("a3") = d; register long a4 asm("a4") = e; register long a5 asm("a5") = f;
  register long a7 asm("a7") = n;
  asm volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a7) : "memory");
  return a0;
}
long write(int fd, const void *p, long n) { return sys3(64, fd, (long)p, n); }
long read(int fd, void *p, long n) { return sys3(63, fd, (long)p, n); }
void exit(int code) { sys3(93, code, 0, 0); for (;;) {} }
void *brk(void *p) { return (void *)sys3(214, (long)p, 0, 0); }
void *mmap_anon(long len) { return (void *)sys6(222, 0, len, 3, 0x22, -1, 0); }
long munmap(void *p, long len) { return sys3(215, (long)p, len, 0); }
long slen(const char *s) { long n = 0; while (s[n]) n++; return n; }
void puts_(const char *s) { write(1, s, slen(s)); }
void putu(u64 v) { char b[24]; int i = 23; b[i] = 0; do { b[--i] = '0' + v % 10; v /= 10; } while (v); puts_(b + i); }
void puti(i64 v) { if (v < 0) { puts_("-"); putu(-(u64)v); } else putu(v); }
void puthex(u64 v) { char b[19]; b[0]='0'; b[1]='x'; for (int i = 0; i < 16; i++) b[2+i] = "0123456789abcdef"[(v >> (60 - 4*i)) & 15]; b[18] = 0; puts_(b); }
void *memset(void *d, int c, unsigned long n) { unsigned char *p = d; while (n--) *p++ = c; return d; }
void *memcpy(void *d, const void *s, unsigned long n) { unsigned char *p = d; const unsigned char *q = s; while (n--) *p++ = *q++; return d; }
int main();
__attribute__((naked, section(".text.start"))) void _start(void) {
  asm volatile(".option push\n .option norelax\n la gp, __global_pointer$\n .option pop\n ld a0, 0(sp)\n addi a1, sp, 8\n call main\n call exit\n");
}
`;
