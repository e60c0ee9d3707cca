/* The IPC benchmark's caller: CALLS round trips to "echo", each lending a REGION-byte
 * region when REGION is non-zero; returns the sum of the answers as a check. */
#include "eapp.h"

int EAPP_ENTRY main(unsigned long *args) {
  unsigned long handle = acquire_enclave("echo");
  char *region = REGION ? eapp_mmap(NULL, REGION) : 0;
  unsigned long sum = 0;
  struct call_enclave_arg_t arg;
  for (unsigned long i = 0; i < CALLS; i++) {
    arg.req_arg = i;
    arg.req_vaddr = (unsigned long)region;
    arg.req_size = REGION;
    arg.resp_vaddr = arg.resp_size = 0;
    if (call_enclave(handle, &arg) != 0) EAPP_RETURN(-1);
    sum += arg.resp_val;
  }
  EAPP_RETURN(sum);
}
