/* Known calls with garbage arguments: each fails with -1 and a reason, nothing dies. */
#include "eapp.h"

static const char rodata_page[16] = "read only";

static void show(const char *what, unsigned long v) {
  long reason = v == -1UL ? (long)eapp_last_error() : 0;
  eapp_print("%s: %ld (%ld)\n", what, (long)v, reason);
}

int EAPP_ENTRY main(unsigned long *args) {
  show("mmap of 2^62 bytes", eapp_ecall(EAPP_CALL_OCALL, OCALL_MMAP, 0, 1UL << 62, 0));
  show("mmap of 0 bytes", eapp_ecall(EAPP_CALL_OCALL, OCALL_MMAP, 0, 0, 0));
  show("mmap at a fixed address", eapp_ecall(EAPP_CALL_OCALL, OCALL_MMAP, 0x5000, 4096, 0));
  show("unmap of the text", eapp_ecall(EAPP_CALL_OCALL, OCALL_UNMAP, 0x1000, 4096, 0));
  show("unmap of nothing", eapp_ecall(EAPP_CALL_OCALL, OCALL_UNMAP, 0x2f00000000UL, 4096, 0));
  show("sbrk of -4096", eapp_ecall(EAPP_CALL_OCALL, OCALL_SBRK, -4096UL, 0, 0));
  show("sbrk of 100 bytes", eapp_ecall(EAPP_CALL_OCALL, OCALL_SBRK, 100, 0, 0));
  show("sbrk of 2^40 bytes", eapp_ecall(EAPP_CALL_OCALL, OCALL_SBRK, 1UL << 40, 0, 0));
  show("getrandom into the text", eapp_ecall(EAPP_CALL_OCALL, OCALL_GETRANDOM, 0x1000, 16, 0));
  show("getrandom into rodata", eapp_ecall(EAPP_CALL_OCALL, OCALL_GETRANDOM, (unsigned long)rodata_page, 16, 0));
  show("getrandom into the monitor", eapp_ecall(EAPP_CALL_OCALL, OCALL_GETRANDOM, 0x80000000UL, 16, 0));
  show("server return from a normal enclave", eapp_ecall(EAPP_CALL_SERVER_RETURN, 0x10, 0, 0, 0));
  show("get caller id outside a call", eapp_ecall(EAPP_CALL_GET_CALLER_ID, 0, 0, 0, 0));
  eapp_print("garbage: still alive, text intact: %s\n", rodata_page);
  EAPP_RETURN(0);
}
