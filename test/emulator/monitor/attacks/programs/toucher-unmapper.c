/* Reads and writes a region (so its translations are cached), unmaps it, and touches it
 * again at once (WRITE: a store, else a load). The region is two pages and the first one is
 * touched: its TLB slot is not the one of the stack's top page, which would evict it. */
#include "eapp.h"

int EAPP_ENTRY main(unsigned long *args) {
  volatile unsigned long *region = eapp_mmap(NULL, 2 * 4096);
  region[0] = 0x5e17;
  region[1] = region[0] + 1;
  int unmapped = eapp_unmap((void *)region, 2 * 4096);
#ifdef WRITE
  region[0] = 0xbad;
  unsigned long late = 0;
#else
  unsigned long late = region[0];
#endif
  eapp_print("unmapper: unmapped %d, then touched it: 0x%lx\n", unmapped, late);
  EAPP_RETURN(0);
}
