/* A server that calls itself by name when asked to (req_arg 1): a call that would wait on
 * itself through its chain, which a `queue` server refuses with -2 instead of hanging. */
#include "eapp.h"

int EAPP_ENTRY main(unsigned long *args) {
  struct call_enclave_arg_t ret = {0};
  if (args[10] == 1) {
    struct call_enclave_arg_t arg = {0};
    arg.req_arg = 2;
    long status = (long)call_enclave(acquire_enclave("recaller"), &arg);
    eapp_print("recaller: calling itself answered %ld (%ld)\n", status, status == 0 ? 0L : (long)eapp_last_error());
  }
  ret.resp_val = 0x5e1f;
  SERVER_RETURN(&ret);
}
