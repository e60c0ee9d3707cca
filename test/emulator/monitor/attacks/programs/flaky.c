/* A server for the stress test: it works for req_arg iterations, adds one to the first
 * byte of the request region and answers a value computed from req_arg, with the number
 * of calls it has served so far (this one included) in bits 16 and up; a request whose
 * req_arg is 3 modulo 7 makes it fault (a store to address 8), an injected server fault. */
#include "eapp.h"

static unsigned long served;

int EAPP_ENTRY main(unsigned long *args) {
  unsigned long x = args[10];
  if (args[10] % 7 == 3) *(volatile unsigned long *)8 = x;
  served++;
  for (unsigned long i = 0; i < args[10]; i++) x = x * 6364136223846793005UL + i;
  ((char *)args[11])[0] += 1;
  struct call_enclave_arg_t ret = {0};
  ret.req_vaddr = args[11];
  ret.req_size = args[12];
  ret.resp_val = (served << 16) | (x & 0xffff);
  SERVER_RETURN(&ret);
}
