/* Penglai's demo/relay-page: print the relay value, hand the pages back to the host,
 * print again after the rerun; in between, lend the relay pages to the vault (they keep
 * their VA there and come back). With -DUNMAP it tries to free the host's pages. */
#include "eapp.h"

int EAPP_ENTRY main(unsigned long *args) {
  unsigned long relay = args[13], size = args[14];
  if (!relay) {
    eapp_print("relay-user: no relay pages\n");
    EAPP_RETURN(-1);
  }
  volatile unsigned long *words = (volatile unsigned long *)relay;
  eapp_print("relay-user: relay at 0x%lx, 0x%lx bytes, value %lu\n", relay, size, words[0]);
#ifdef UNMAP
  eapp_print("relay-user: unmap: %ld (%ld)\n", (long)eapp_unmap((void *)relay, size), (long)eapp_last_error());
#endif
  struct call_enclave_arg_t arg = {0};
  arg.req_vaddr = relay;
  arg.req_size = size;
  long status = (long)call_enclave(acquire_enclave("vault"), &arg);
  eapp_print("relay-user: lent to the vault: %ld, back at 0x%lx\n", status, arg.req_vaddr);
  words[1] = 0x600d;
  long returned = (long)eapp_ecall(EAPP_CALL_OCALL, OCALL_RETURN_RELAY_PAGE, 0, 0, 0);
  eapp_print("relay-user: after the rerun (%ld): value %lu, word 1 0x%lx\n", returned, words[0], words[1]);
  EAPP_RETURN(0);
}
