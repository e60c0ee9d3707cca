/* The eapp calls of eapp.h over eapp_ecall, and eapp_print: a tiny formatter that
 * writes at most EAPP_PRINT_MAX bytes into the kbuffer and asks the host to print it
 * (ocall SYS_WRITE), as Penglai's lib/app/src/print.c does. */
#include "eapp.h"

typedef __builtin_va_list va_list;
#define va_start(ap, last) __builtin_va_start(ap, last)
#define va_arg(ap, type) __builtin_va_arg(ap, type)
#define va_end(ap) __builtin_va_end(ap)

void EAPP_RETURN(unsigned long retval) {
  eapp_ecall(EAPP_CALL_RETURN, retval, 0, 0, 0);
  for (;;) {}
}

void SERVER_RETURN(struct call_enclave_arg_t *ret) {
  eapp_ecall(EAPP_CALL_SERVER_RETURN, (unsigned long)ret, 0, 0, 0);
  for (;;) {}
}

unsigned long acquire_enclave(const char *name) { return eapp_ecall(EAPP_CALL_ACQUIRE, (unsigned long)name, 0, 0, 0); }

unsigned long call_enclave(unsigned long handle, struct call_enclave_arg_t *arg) {
  return eapp_ecall(EAPP_CALL_CALL, handle, (unsigned long)arg, 0, 0);
}

unsigned long get_enclave_id(void) { return eapp_ecall(EAPP_CALL_GET_ENCLAVE_ID, 0, 0, 0, 0); }
unsigned long get_caller_id(void) { return eapp_ecall(EAPP_CALL_GET_CALLER_ID, 0, 0, 0, 0); }
unsigned long eapp_last_error(void) { return eapp_ecall(EAPP_CALL_LAST_ERROR, 0, 0, 0, 0); }

void *eapp_mmap(void *addr, size_t size) {
  return (void *)eapp_ecall(EAPP_CALL_OCALL, OCALL_MMAP, (unsigned long)addr, size, 0);
}

int eapp_unmap(void *addr, size_t size) {
  return (int)eapp_ecall(EAPP_CALL_OCALL, OCALL_UNMAP, (unsigned long)addr, size, 0);
}

unsigned long get_report(const char *name, void *report, unsigned long nonce) {
  return eapp_ecall(EAPP_CALL_GET_REPORT, (unsigned long)name, (unsigned long)report, nonce, 0);
}

unsigned long get_key(unsigned long type, void *key, unsigned long size) {
  return eapp_ecall(EAPP_CALL_GET_KEY, type, (unsigned long)key, size, 0);
}

void *eapp_sbrk(long increment) { return (void *)eapp_ecall(EAPP_CALL_OCALL, OCALL_SBRK, increment, 0, 0); }

int eapp_read_sector(unsigned long sector, void *buf) {
  return (int)eapp_ecall(EAPP_CALL_OCALL, OCALL_READ_SECT, sector, (unsigned long)buf, 0);
}

int eapp_write_sector(unsigned long sector, const void *buf) {
  return (int)eapp_ecall(EAPP_CALL_OCALL, OCALL_WRITE_SECT, sector, (unsigned long)buf, 0);
}

void *eapp_shmget(unsigned long key, unsigned long size, unsigned long flags) {
  return (void *)eapp_ecall(EAPP_CALL_OCALL, OCALL_SHM_GET, key, size, flags);
}

void *eapp_shmat(unsigned long key) { return (void *)eapp_ecall(EAPP_CALL_SHM_ATTACH, key, 0, 0, 0); }
int eapp_shmdt(unsigned long key) { return (int)eapp_ecall(EAPP_CALL_OCALL, OCALL_SHM_DETACH, key, 0, 0); }
int eapp_shmdestroy(unsigned long key) { return (int)eapp_ecall(EAPP_CALL_OCALL, OCALL_SHM_DESTROY, key, 0, 0); }

int eapp_shmstat(unsigned long key, struct shm_dsc *dsc) {
  return (int)eapp_ecall(EAPP_CALL_SHM_STAT, key, (unsigned long)dsc, 0, 0);
}

void *memset(void *dst, int value, size_t n) {
  volatile unsigned char *d = dst;
  while (n--) *d++ = (unsigned char)value;
  return dst;
}

void *memcpy(void *dst, const void *src, size_t n) {
  volatile unsigned char *d = dst;
  const unsigned char *s = src;
  while (n--) *d++ = *s++;
  return dst;
}

struct sink {
  char *buf;
  size_t len;
};

static void put(struct sink *out, char c) {
  if (out->len < EAPP_PRINT_MAX) out->buf[out->len++] = c;
}

static void put_unsigned(struct sink *out, unsigned long v, unsigned base, int width, char pad) {
  char digits[24];
  int n = 0;
  do {
    unsigned d = v % base;
    digits[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
    v /= base;
  } while (v != 0);
  while (width-- > n) put(out, pad);
  while (n > 0) put(out, digits[--n]);
}

/* %d %i %u %x %lx %ld %lu %p %s %c %%, with an optional zero-padded width (%08x). */
int eapp_print(const char *format, ...) {
  struct sink out = {EAPP_KBUFFER, 0};
  va_list ap;
  va_start(ap, format);
  for (const char *p = format; *p; p++) {
    if (*p != '%') {
      put(&out, *p);
      continue;
    }
    p++;
    char pad = ' ';
    int width = 0, is_long = 0;
    if (*p == '0') pad = '0';
    while (*p >= '0' && *p <= '9') width = width * 10 + (*p++ - '0');
    while (*p == 'l') { is_long = 1; p++; }
    switch (*p) {
      case 'd': case 'i': {
        long v = is_long ? va_arg(ap, long) : va_arg(ap, int);
        if (v < 0) { put(&out, '-'); v = -v; }
        put_unsigned(&out, (unsigned long)v, 10, width, pad);
        break;
      }
      case 'u': put_unsigned(&out, is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 10, width, pad); break;
      case 'x': put_unsigned(&out, is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 16, width, pad); break;
      case 'p': put(&out, '0'); put(&out, 'x'); put_unsigned(&out, va_arg(ap, unsigned long), 16, width, pad); break;
      case 's': {
        const char *s = va_arg(ap, const char *);
        while (s && *s) put(&out, *s++);
        break;
      }
      case 'c': put(&out, (char)va_arg(ap, int)); break;
      case '%': put(&out, '%'); break;
      case '\0': p--; break;
      default: put(&out, '%'); put(&out, *p); break;
    }
  }
  va_end(ap);
  out.buf[out.len] = '\0';
  eapp_ecall(EAPP_CALL_OCALL, OCALL_SYS_WRITE, 0, 0, 0);
  return (int)out.len;
}
