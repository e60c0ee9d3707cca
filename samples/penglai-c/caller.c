/* Penglai's demo/IPC caller (reference §4): acquire test-server1 (or test-server alone),
 * send a 16 KiB mmap region of ints set to 1, then sum what comes back. */
#include "eapp.h"

#define REGION_SIZE (16 * 1024)
#define INTS (REGION_SIZE / sizeof(int))

static unsigned long sum_ints(const int *nums, unsigned long count) {
  unsigned long sum = 0;
  for (unsigned long i = 0; i < count; i++) sum += nums[i];
  return sum;
}

int EAPP_ENTRY main(unsigned long *args) {
  unsigned long shm = args[10], shm_size = args[11], relay = args[13], relay_size = args[14];
  if (shm) eapp_print("caller: shm value %d, size 0x%lx\n", *(int *)shm, shm_size);
  if (relay) eapp_print("caller: relay value %d, size 0x%lx\n", *(int *)relay, relay_size);

  int run_server1 = 1;
  unsigned long handle = acquire_enclave("test-server1");
  if (handle == -1UL) {
    run_server1 = 0;
    handle = acquire_enclave("test-server");
  }
  if (handle == -1UL) {
    eapp_print("caller: no server to call\n");
    EAPP_RETURN(-1);
  }
  eapp_print("caller: eid %lu acquired %s (handle %lu)\n", get_enclave_id(), run_server1 ? "test-server1" : "test-server", handle);
  /* Reports on itself and on the server it is about to trust (verify them off-line with
   * the monitor's public key; their signatures differ on every run). */
  static unsigned char report[328];
  long self = (long)get_report(NULL, report, 0x1234);
  long other = (long)get_report(run_server1 ? "test-server1" : "test-server", report, 0x1234);
  eapp_print("caller: get_report on itself %ld, on the server %ld\n", self, other);

  int *nums = eapp_mmap(NULL, REGION_SIZE);
  for (unsigned long i = 0; i < INTS; i++) nums[i] = 1;

  struct call_enclave_arg_t call_arg = {0};
  call_arg.req_arg = 0x19960000;
  call_arg.req_vaddr = (unsigned long)nums;
  call_arg.req_size = REGION_SIZE;
  unsigned long status = call_enclave(handle, &call_arg);
  if (status != 0) {
    eapp_print("caller: call_enclave failed: %ld (reason %ld)\n", (long)status, (long)eapp_last_error());
    EAPP_RETURN(-1);
  }
  /* The request region is back at the same VA; the response region is new. */
  eapp_print("caller: req region back at %s VA, sum 0x%lx\n", call_arg.req_vaddr == (unsigned long)nums ? "the same" : "another",
             sum_ints(nums, INTS));
  if (call_arg.resp_vaddr)
    eapp_print("caller: resp region of 0x%lx bytes, sum 0x%lx\n", call_arg.resp_size,
               sum_ints((int *)call_arg.resp_vaddr, call_arg.resp_size / sizeof(int)));
  eapp_print("caller: resp_val 0x%lx\n", call_arg.resp_val);
  EAPP_RETURN(0);
}
