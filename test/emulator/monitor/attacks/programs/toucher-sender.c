/* Reads and writes a region (so its translations are cached), sends it by name with
 * ASYN_ENCLAVE_CALL, and touches it again at once (WRITE: a store, else a load). The
 * region is two pages and the first one is touched: its TLB slot is not the one of the
 * stack's top page, which would evict it. */
#include "eapp.h"

int EAPP_ENTRY main(unsigned long *args) {
  volatile unsigned long *region = eapp_mmap(NULL, 2 * 4096);
  region[0] = 0x5e17;
  region[1] = region[0] + 1;
  struct call_enclave_arg_t arg = {0};
  arg.req_vaddr = (unsigned long)region;
  arg.req_size = 2 * 4096;
  long sent = (long)eapp_ecall(93, (unsigned long)"receiver", (unsigned long)&arg, 0, 0);
#ifdef WRITE
  region[0] = 0xbad;
  unsigned long late = 0;
#else
  unsigned long late = region[0];
#endif
  eapp_print("sender: sent %ld, then touched it: 0x%lx\n", sent, late);
  EAPP_RETURN(0);
}
