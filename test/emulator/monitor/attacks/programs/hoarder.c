/* A server that remembers the VA of a region it was lent and touches it on the next call,
 * after the region went back to its owner. On the first call it reads and writes the
 * region, so its translations are cached when the region leaves (WRITE: the late access
 * is a store). */
#include "eapp.h"

static unsigned long remembered;

int EAPP_ENTRY main(unsigned long *args) {
  struct call_enclave_arg_t ret = {0};
  if (remembered == 0) {
    remembered = args[11];
    volatile unsigned long *region = (volatile unsigned long *)remembered;
    region[1] = region[0] + 1;
    eapp_print("hoarder: lent a region at 0x%lx\n", remembered);
    ret.req_vaddr = args[11];
    ret.req_size = args[12];
    SERVER_RETURN(&ret);
  }
#ifdef WRITE
  eapp_print("hoarder: writing the old region\n");
  *(volatile unsigned long *)remembered = 0x5ca1ab1e;
  unsigned long v = 0;
#else
  eapp_print("hoarder: reading the old region\n");
  unsigned long v = *(volatile unsigned long *)remembered;
#endif
  eapp_print("hoarder: read 0x%lx\n", v);
  ret.resp_val = v;
  SERVER_RETURN(&ret);
}
