// A tiny freestanding runtime for the CPU benchmarks: _start, write and exit as raw Linux
// syscalls, and number printing, so one static ELF runs on qemu-riscv64 and penglaic emu.
typedef unsigned long u64;
typedef long i64;
typedef unsigned int u32;
typedef int i32;
typedef unsigned short u16;
typedef short i16;
typedef unsigned char u8;

static long sys3(long n, long a, long b, long c) {
  register long a0 asm("a0") = a;
  register long a1 asm("a1") = b;
  register long a2 asm("a2") = c;
  register long a7 asm("a7") = n;
  asm volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
  return a0;
}
static void put_str(const char *s) {
  long n = 0;
  while (s[n]) n++;
  sys3(64, 1, (long)s, n);
}
static void put_u64(u64 v) {
  char b[24];
  int i = 23;
  b[i] = 0;
  do { b[--i] = (char)('0' + v % 10); v /= 10; } while (v);
  put_str(b + i);
}
static void put_hex(u64 v) {
  char b[19];
  b[0] = '0'; b[1] = 'x'; b[18] = 0;
  for (int i = 0; i < 16; i++) b[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 15];
  put_str(b);
}
static u64 parse_u64(const char *s) {
  u64 v = 0;
  while (*s >= '0' && *s <= '9') v = v * 10 + (u64)(*s++ - '0');
  return v;
}
int main(int argc, char **argv);
__attribute__((noreturn)) void exit_(int code) {
  sys3(93, code, 0, 0);
  for (;;) {}
}
__attribute__((naked, section(".text.start"))) void _start(void) {
  asm volatile(".option push\n .option norelax\n la gp, __global_pointer$\n .option pop\n"
               " ld a0, 0(sp)\n addi a1, sp, 8\n call main\n call exit_\n");
}
void *memset(void *d, int c, unsigned long n) { u8 *p = d; while (n--) *p++ = (u8)c; return d; }
void *memcpy(void *d, const void *s, unsigned long n) { u8 *p = d; const u8 *q = s; while (n--) *p++ = *q++; return d; }
