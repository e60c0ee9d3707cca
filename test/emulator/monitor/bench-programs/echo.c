/* The IPC benchmark's server: returns at once, giving back whatever region it was lent. */
#include "eapp.h"

int EAPP_ENTRY main(unsigned long *args) {
  struct call_enclave_arg_t ret;
  ret.req_arg = 0;
  ret.resp_val = args[10] + 1;
  ret.req_vaddr = args[11];
  ret.req_size = args[12];
  ret.resp_vaddr = 0;
  ret.resp_size = 0;
  SERVER_RETURN(&ret);
}
