/* Asks the sector server for sector 7 and, with -DSAVE, to save its shm to sector 9. */
#include "eapp.h"

int EAPP_ENTRY main(unsigned long *args) {
  unsigned long handle = acquire_enclave("fs");
  struct call_enclave_arg_t arg = {0};
  arg.req_arg = 7;
  long status = (long)call_enclave(handle, &arg);
  eapp_print("sector-client: sector 7 starts with 0x%lx (%ld)\n", arg.resp_val, status);
#ifdef SAVE
  arg.req_arg = 9 | (1UL << 63);
  status = (long)call_enclave(handle, &arg);
  eapp_print("sector-client: saved to sector 9 (%ld)\n", status);
#endif
  EAPP_RETURN(0);
}
