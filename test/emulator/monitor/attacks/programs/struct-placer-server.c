/* A server that answers from a return struct placed by req_arg & 3: on its stack, across
 * a page boundary, at an odd address, odd and across the boundary; resp_val = req_arg + 100. */
#include "eapp.h"

static char pages[2 * 4096] __attribute__((aligned(4096)));

int EAPP_ENTRY main(unsigned long *args) {
  struct call_enclave_arg_t local;
  struct call_enclave_arg_t *ret = &local;
  unsigned long req = args[10];
  if ((req & 3) == 1) ret = (struct call_enclave_arg_t *)(pages + 4096 - 20);
  if ((req & 3) == 2) ret = (struct call_enclave_arg_t *)(pages + 1);
  if ((req & 3) == 3) ret = (struct call_enclave_arg_t *)(pages + 4096 - 3);
  ret->req_arg = 0;
  ret->resp_val = req + 100;
  ret->req_vaddr = 0;
  ret->req_size = 0;
  ret->resp_vaddr = 0;
  ret->resp_size = 0;
  SERVER_RETURN(ret);
}
