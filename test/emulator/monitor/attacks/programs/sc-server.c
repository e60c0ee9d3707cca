/* A server that tries sc.d on the first word of the region it was lent, without an lr.d
 * of its own: it must fail (the caller's reservation does not cross domains). */
#include "eapp.h"

int EAPP_ENTRY main(unsigned long *args) {
  unsigned long *word = (unsigned long *)args[11];
  unsigned long failed;
  __asm__ volatile("sc.d %0, %2, (%1)" : "=r"(failed) : "r"(word), "r"(7UL) : "memory");
  struct call_enclave_arg_t ret = {0};
  ret.req_vaddr = args[11];
  ret.req_size = args[12];
  ret.resp_val = failed;
  SERVER_RETURN(&ret);
}
