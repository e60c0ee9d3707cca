/* A server that remembers the VA of a region it was lent and reads it on the next call,
 * after the region went back to its owner. */
#include "eapp.h"

static unsigned long remembered;

int EAPP_ENTRY main(unsigned long *args) {
  struct call_enclave_arg_t ret = {0};
  if (remembered == 0) {
    remembered = args[11];
    eapp_print("hoarder: lent a region at 0x%lx\n", remembered);
    ret.req_vaddr = args[11];
    ret.req_size = args[12];
    SERVER_RETURN(&ret);
  }
  eapp_print("hoarder: reading the old region\n");
  unsigned long v = *(volatile unsigned long *)remembered;
  eapp_print("hoarder: read 0x%lx\n", v);
  ret.resp_val = v;
  SERVER_RETURN(&ret);
}
