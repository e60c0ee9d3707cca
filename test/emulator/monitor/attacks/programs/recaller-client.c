/* Calls the recaller, asking it to call itself. */
#include "eapp.h"

int EAPP_ENTRY main(unsigned long *args) {
  struct call_enclave_arg_t arg = {0};
  arg.req_arg = 1;
  long status = (long)call_enclave(acquire_enclave("recaller"), &arg);
  eapp_print("client: recaller answered %ld, resp_val 0x%lx\n", status, arg.resp_val);
  EAPP_RETURN(0);
}
