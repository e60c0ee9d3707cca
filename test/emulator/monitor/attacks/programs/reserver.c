/* Takes an LR/SC reservation on a word of a region, then lends the region to "sc-server",
 * which tries an SC on the same word. -DSELF_SC: first checks that its own SC succeeds
 * when nothing switched in between (so a failing SC later means the switch broke it). */
#include "eapp.h"

static unsigned long load_reserved(unsigned long *word) {
  unsigned long value;
  __asm__ volatile("lr.d %0, (%1)" : "=r"(value) : "r"(word) : "memory");
  return value;
}

static unsigned long store_conditional(unsigned long *word, unsigned long value) {
  unsigned long failed;
  __asm__ volatile("sc.d %0, %2, (%1)" : "=r"(failed) : "r"(word), "r"(value) : "memory");
  return failed;
}

int EAPP_ENTRY main(unsigned long *args) {
  unsigned long handle = acquire_enclave("sc-server");
  unsigned long *region = eapp_mmap(NULL, 4096);
  region[0] = 5;
  load_reserved(region);
  unsigned long own = store_conditional(region, 6);
  eapp_print("reserver: own sc.d %s\n", own ? "failed" : "succeeded");
  load_reserved(region);
  struct call_enclave_arg_t arg = {0};
  arg.req_vaddr = (unsigned long)region;
  arg.req_size = 4096;
  long status = (long)call_enclave(handle, &arg);
  eapp_print("reserver: server answered %ld, its sc.d %s, word %lu\n", status, arg.resp_val ? "failed" : "succeeded", region[0]);
  /* Back from the server: the reservation it broke is not ours again either. */
  unsigned long after = store_conditional(region, 8);
  eapp_print("reserver: sc.d after the call %s\n", after ? "failed" : "succeeded");
  EAPP_RETURN(0);
}
