/* Lends a region to the liar; whatever the liar does, the region must come back intact. */
#include "eapp.h"

int EAPP_ENTRY main(unsigned long *args) {
  unsigned long handle = acquire_enclave("liar");
  unsigned char *region = eapp_mmap(NULL, 4096);
  for (int i = 0; i < 4096; i++) region[i] = 0x5a;
  struct call_enclave_arg_t arg = {0};
  arg.req_vaddr = (unsigned long)region;
  arg.req_size = 4096;
  long status = (long)call_enclave(handle, &arg);
  long reason = (long)eapp_last_error();
  int intact = 1;
  for (int i = 0; i < 4096; i++) intact &= region[i] == 0x5a;
  eapp_print("client: call %ld (%ld), region back at the same VA: %s, intact: %s, resp 0x%lx/0x%lx\n", status, reason,
             arg.req_vaddr == (unsigned long)region ? "yes" : "no", intact ? "yes" : "no", arg.resp_vaddr, arg.resp_size);
  EAPP_RETURN(0);
}
