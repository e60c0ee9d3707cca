/* Reads and writes a region (so its translations are cached), gives it away, and touches it
 * again at once (WRITE: a store, else a load). SEND: gives it away by sending it by name with
 * ASYN_ENCLAVE_CALL; else by unmapping it. The region is two pages and the first one is
 * touched: its TLB slot is not the one of the stack's top page, which would evict it. */
#include "eapp.h"

int EAPP_ENTRY main(unsigned long *args) {
  volatile unsigned long *region = eapp_mmap(NULL, 2 * 4096);
  region[0] = 0x5e17;
  region[1] = region[0] + 1;
#ifdef SEND
  struct call_enclave_arg_t arg = {0};
  arg.req_vaddr = (unsigned long)region;
  arg.req_size = 2 * 4096;
  long gone = (long)eapp_ecall(93, (unsigned long)"receiver", (unsigned long)&arg, 0, 0);
  const char *how = "sent";
#else
  long gone = eapp_unmap((void *)region, 2 * 4096);
  const char *how = "unmapped";
#endif
#ifdef WRITE
  region[0] = 0xbad;
  unsigned long late = 0;
#else
  unsigned long late = region[0];
#endif
  eapp_print("toucher: %s %ld, then touched it: 0x%lx\n", how, gone, late);
  EAPP_RETURN(0);
}
