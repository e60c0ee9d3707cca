/* Penglai's demo/IPC server1 (reference §4): a server that is also a caller. It adds 1
 * to each int of the region it was sent, forwards the same region to test-server, and
 * returns both the region and the response it got to its own caller: ownership passes
 * caller -> server1 -> server -> server1 -> caller without a copy. */
#include "eapp.h"

int EAPP_ENTRY main(unsigned long *args) {
  unsigned long arg0 = args[10], vaddr = args[11], size = args[12];
  unsigned long sum = arg0;
  int *nums = (int *)vaddr;
  for (unsigned long i = 0; i < size / sizeof(int); i++) {
    sum += nums[i];
    nums[i] += 1;
  }

  struct call_enclave_arg_t call_arg = {0};
  unsigned long handle = acquire_enclave("test-server");
  if (handle == -1UL) {
    eapp_print("server1: test-server is not there\n");
    call_arg.resp_val = -1UL;
    SERVER_RETURN(&call_arg);
  }
  call_arg.req_arg = arg0;
  call_arg.req_vaddr = vaddr;
  call_arg.req_size = size;
  unsigned long status = call_enclave(handle, &call_arg);
  eapp_print("server1: eid %lu called by %lu, arg0 + sum of req region = 0x%lx\n", get_enclave_id(), get_caller_id(), sum);
  if (status != 0) {
    eapp_print("server1: call_enclave failed: %ld\n", (long)status);
    call_arg.resp_val = -1UL;
    SERVER_RETURN(&call_arg);
  }
  unsigned long resp_sum = arg0;
  int *resp = (int *)call_arg.resp_vaddr;
  for (unsigned long i = 0; i < call_arg.resp_size / sizeof(int); i++) resp_sum += resp[i];
  eapp_print("server1: arg0 + sum of the resp region from test-server = 0x%lx\n", resp_sum);
  call_arg.resp_val = 3;
  SERVER_RETURN(&call_arg);
}
