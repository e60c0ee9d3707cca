/* Splits an mmap region in two and sends the second half by name to a FRESH enclave
 * (ASYN_ENCLAVE_CALL): it leaves at once and the receiver finds it at the relay base. */
#include "eapp.h"

static long call(unsigned long number, unsigned long a0, unsigned long a1, unsigned long a2) {
  long status = (long)eapp_ecall(number, a0, a1, a2, 0);
  return status == 0 ? 0 : (long)eapp_last_error();
}

int EAPP_ENTRY main(unsigned long *args) {
  unsigned long *pages = eapp_mmap(NULL, 2 * 4096);
  pages[512] = 0xa5a5;
  eapp_print("sender: split at 4096: %ld\n", call(92, (unsigned long)pages, 8192, 4096));
  eapp_print("sender: split at 100: %ld\n", call(92, (unsigned long)pages, 4096, 100));
  struct call_enclave_arg_t arg = {0};
  arg.req_vaddr = (unsigned long)pages + 4096;
  arg.req_size = 4096;
  eapp_print("sender: send to nobody: %ld\n", call(93, (unsigned long)"nobody", (unsigned long)&arg, 0));
  eapp_print("sender: send to receiver: %ld\n", call(93, (unsigned long)"receiver", (unsigned long)&arg, 0));
  eapp_print("sender: send it again: %ld\n", call(93, (unsigned long)"receiver", (unsigned long)&arg, 0));
  eapp_print("sender: first half still mine: %lu\n", pages[0]);
  eapp_print("sender: reading the half it sent\n");
  eapp_print("sender: %lu\n", pages[512]);
  EAPP_RETURN(0);
}
