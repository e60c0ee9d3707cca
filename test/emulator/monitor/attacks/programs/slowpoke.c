/* A server that computes for req_arg iterations before answering. */
#include "eapp.h"

int EAPP_ENTRY main(unsigned long *args) {
  unsigned long x = 1;
  for (unsigned long i = 0; i < args[10]; i++) x = x * 6364136223846793005UL + i;
  ((char *)args[11])[0] += 1;
  struct call_enclave_arg_t ret = {0};
  ret.req_vaddr = args[11];
  ret.req_size = args[12];
  ret.resp_val = x & 0xffff;
  eapp_print("slowpoke: done\n");
  SERVER_RETURN(&ret);
}
