/* Lends a region (REGION_PAGES pages, default 1) to the hoarder, gets it back, writes a
 * secret into it, calls again. */
#include "eapp.h"

#ifndef REGION_PAGES
#define REGION_PAGES 1
#endif

int EAPP_ENTRY main(unsigned long *args) {
  unsigned long handle = acquire_enclave("hoarder");
  char *region = eapp_mmap(NULL, REGION_PAGES * 4096);
  struct call_enclave_arg_t arg = {0};
  arg.req_vaddr = (unsigned long)region;
  arg.req_size = REGION_PAGES * 4096;
  long first = (long)call_enclave(handle, &arg);
  memcpy(region, "CLIENT-SECRET-c4f00d5eba11ad00", 31);
  struct call_enclave_arg_t again = {0};
  long second = (long)call_enclave(handle, &again);
  long reason = (long)eapp_last_error();
  eapp_print("client: first call %ld, second call %ld (reason %ld), resp_val 0x%lx, region still mine: %c%c%c%c%c%c\n", first,
             second, reason, again.resp_val, region[0], region[1], region[2], region[3], region[4], region[5]);
  EAPP_RETURN(0);
}
