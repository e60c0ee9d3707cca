/* A well-behaved caller of the vault: it must keep working after any attack. */
#include "eapp.h"

int EAPP_ENTRY main(unsigned long *args) {
  unsigned long handle = acquire_enclave("vault");
  struct call_enclave_arg_t arg = {0};
  arg.req_arg = 1;
  long status = handle == -1UL ? -100 : (long)call_enclave(handle, &arg);
  eapp_print("client: vault answered %ld, resp_val 0x%lx\n", status, arg.resp_val);
  EAPP_RETURN(0);
}
