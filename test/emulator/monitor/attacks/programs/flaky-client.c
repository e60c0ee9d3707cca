/* A client of the flaky server: one call with req_arg = WORK and a one-page request
 * region holding 7; prints the answer, the last error and the region's first byte. */
#include "eapp.h"

int EAPP_ENTRY main(unsigned long *args) {
  unsigned long handle = acquire_enclave("flaky");
  char *region = eapp_mmap(NULL, 4096);
  region[0] = 7;
  struct call_enclave_arg_t arg = {0};
  arg.req_arg = WORK;
  arg.req_vaddr = (unsigned long)region;
  arg.req_size = 4096;
  long status = handle == -1UL ? -100 : (long)call_enclave(handle, &arg);
  eapp_print("client %d: answered %ld (%ld), resp_val 0x%lx, region %d\n", WORK, status, status == 0 ? 0L : (long)eapp_last_error(), arg.resp_val, region[0]);
  EAPP_RETURN(status == 0 ? arg.resp_val : 0xdead);
}
