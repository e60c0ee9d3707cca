/* Penglai's demo/IPC server (reference §4): sum the request region, echo it back, and
 * answer with a fresh 16 KiB response region of 2s and resp_val 2. */
#include "eapp.h"

#define REGION_SIZE (16 * 1024)

int EAPP_ENTRY main(unsigned long *args) {
  unsigned long arg0 = args[10], vaddr = args[11], size = args[12];
  unsigned long sum = arg0;
  int *nums = (int *)vaddr;
  for (unsigned long i = 0; i < size / sizeof(int); i++) sum += nums[i];
  eapp_print("server: eid %lu called by %lu, arg0 + sum of req region = 0x%lx\n", get_enclave_id(), get_caller_id(), sum);

  struct call_enclave_arg_t ret_arg = {0};
  ret_arg.req_vaddr = vaddr;
  ret_arg.req_size = size;

  int *resp = eapp_mmap(NULL, REGION_SIZE);
  unsigned long resp_sum = arg0;
  for (unsigned long i = 0; i < REGION_SIZE / sizeof(int); i++) {
    resp[i] = 2;
    resp_sum += resp[i];
  }
  eapp_print("server: arg0 + sum of resp region = 0x%lx\n", resp_sum);
  ret_arg.resp_vaddr = (unsigned long)resp;
  ret_arg.resp_size = REGION_SIZE;
  ret_arg.resp_val = 2;
  SERVER_RETURN(&ret_arg);
}
