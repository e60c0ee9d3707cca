/* host.h over raw ecalls, and a tiny printf (write(1) of %s %d %ld %lu %lx %x). */
#include "host.h"

typedef __builtin_va_list va_list;

static u64 syscall6(u64 n, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5) {
  register u64 x10 asm("a0") = a0, x11 asm("a1") = a1, x12 asm("a2") = a2, x13 asm("a3") = a3, x14 asm("a4") = a4,
                                   x15 asm("a5") = a5, x17 asm("a7") = n;
  asm volatile("ecall" : "+r"(x10) : "r"(x11), "r"(x12), "r"(x13), "r"(x14), "r"(x15), "r"(x17) : "memory");
  return x10;
}

static long driver(u64 fn, u64 a0, u64 a1, u64 a2, u64 *value) {
  register u64 x10 asm("a0") = a0, x11 asm("a1") = a1, x12 asm("a2") = a2, x16 asm("a6") = fn, x17 asm("a7") = 0x100100;
  asm volatile("ecall" : "+r"(x10), "+r"(x11) : "r"(x12), "r"(x16), "r"(x17) : "memory");
  if (value) *value = x11;
  return (long)x10;
}

long host_create(struct enclave *e, const char *file, int type) {
  struct {
    char name[16];
    u64 type, elf_ptr, elf_size, stack_size, pad;
  } param = {{0}, (u64)type, 0, 0, 0, 0};
  for (int i = 0; i < 15 && e->name[i]; i++) param.name[i] = e->name[i];
  long fd = (long)syscall6(56, (u64)-100, (u64)file, 0, 0, 0, 0); /* openat */
  if (fd < 0) return -1;
  u64 stat[16];
  syscall6(80, (u64)fd, (u64)stat, 0, 0, 0, 0); /* fstat: st_size at 48 */
  param.elf_size = stat[6];
  param.elf_ptr = syscall6(222, 0, param.elf_size, 1, 2, (u64)fd, 0); /* mmap the file, like elf_args_init */
  return driver(type == SERVER_ENCLAVE ? 90 : 99, (u64)&param, 0, 0, &e->eid);
}

static long finish(struct enclave *e, long status, u64 value) {
  if (status == RUN_DONE) e->retval = (long)value;
  return status;
}

long host_run(struct enclave *e) {
  u64 value;
  return finish(e, driver(97, e->eid, 0, 0, &value), value);
}
long host_run_sliced(struct enclave *e, u64 slice) {
  u64 value;
  return finish(e, driver(200, e->eid, slice, 0, &value), value);
}
long host_resume(struct enclave *e, u64 slice) {
  u64 value;
  return finish(e, driver(95, e->eid, slice, 0, &value), value);
}
long host_stop(struct enclave *e) { return driver(96, e->eid, 0, 0, 0); }
long host_destroy(struct enclave *e) { return driver(94, e->eid, 0, 0, 0); }
long host_attest(struct enclave *e, unsigned char report[328], u64 nonce) { return driver(98, e->eid, (u64)report, nonce, 0); }

void *host_shm_get(u64 size) {
  u64 va = 0;
  return driver(201, size, 0, 0, &va) == 0 ? (void *)va : 0;
}
long host_shm_bind(struct enclave *e, void *shm, u64 size) { return driver(202, e->eid, (u64)shm, size, 0); }
void *host_relay_get(u64 size) {
  u64 va = 0;
  return driver(203, size, 0, 0, &va) == 0 ? (void *)va : 0;
}
long host_relay_bind(struct enclave *e, void *relay, u64 size) { return driver(204, e->eid, (u64)relay, size, 0); }

static char out[512];
static int used;

static void put(char c) {
  if (used < (int)sizeof out) out[used++] = c;
}

static void put_number(u64 v, unsigned base, int negative) {
  char digits[24];
  int n = 0;
  if (negative) put('-');
  do {
    digits[n++] = "0123456789abcdef"[v % base];
    v /= base;
  } while (v);
  while (n) put(digits[--n]);
}

void host_printf(const char *format, ...) {
  va_list ap;
  __builtin_va_start(ap, format);
  used = 0;
  for (const char *p = format; *p; p++) {
    if (*p != '%') {
      put(*p);
      continue;
    }
    int is_long = 0;
    while (*++p == 'l') is_long = 1;
    if (*p == 'd') {
      long v = is_long ? __builtin_va_arg(ap, long) : __builtin_va_arg(ap, int);
      put_number(v < 0 ? -(u64)v : (u64)v, 10, v < 0);
    } else if (*p == 'u') {
      put_number(is_long ? __builtin_va_arg(ap, u64) : __builtin_va_arg(ap, unsigned), 10, 0);
    } else if (*p == 'x') {
      put_number(is_long ? __builtin_va_arg(ap, u64) : __builtin_va_arg(ap, unsigned), 16, 0);
    } else if (*p == 's') {
      for (const char *s = __builtin_va_arg(ap, const char *); *s; s++) put(*s);
    } else {
      put(*p);
    }
  }
  __builtin_va_end(ap);
  syscall6(64, 1, (u64)out, (u64)used, 0, 0, 0);
}
