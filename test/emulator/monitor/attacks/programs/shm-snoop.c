/* An enclave that never attached reads where the keeper's secure shm lives in the
 * keeper and its partners (0x40_0000_0000 - 8 KiB): nothing is mapped there for it. */
#include "eapp.h"

int EAPP_ENTRY main(unsigned long *args) {
  struct call_enclave_arg_t arg = {0};
  arg.req_arg = 1; /* the keeper makes its object (and keeps it) */
  call_enclave(acquire_enclave("keeper"), &arg);
  volatile unsigned long *where = (volatile unsigned long *)(0x4000000000UL - 8192 + 4096);
  eapp_print("snoop: reading 0x%lx\n", (unsigned long)where);
  eapp_print("snoop: %lx\n", *where);
  EAPP_RETURN(0);
}
