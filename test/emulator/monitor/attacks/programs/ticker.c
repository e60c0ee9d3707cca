/* A long computation for preemption tests: LOOPS iterations, optionally inside a call to
 * the "slowpoke" server (-DVIA_SERVER), optionally yielding (-DYIELDS) every 100000. */
#include "eapp.h"

int EAPP_ENTRY main(unsigned long *args) {
  unsigned long x = 1;
#ifdef VIA_SERVER
  unsigned long handle = acquire_enclave("slowpoke");
  char *region = eapp_mmap(NULL, 4096);
  region[0] = 7;
  struct call_enclave_arg_t arg = {0};
  arg.req_arg = LOOPS;
  arg.req_vaddr = (unsigned long)region;
  arg.req_size = 4096;
  long status = (long)call_enclave(handle, &arg);
  eapp_print("ticker: slowpoke answered %ld, resp_val 0x%lx, region %d\n", status, arg.resp_val, region[0]);
  x = arg.resp_val;
#else
  for (unsigned long i = 0; i < LOOPS; i++) {
    x = x * 6364136223846793005UL + i;
#ifdef YIELDS
    if (i % 100000 == 99999) eapp_ecall(EAPP_CALL_YIELD, 0, 0, 0, 0);
#endif
  }
  eapp_print("ticker: done, x = 0x%lx\n", x);
#endif
  EAPP_RETURN(x & 0xffff);
}
