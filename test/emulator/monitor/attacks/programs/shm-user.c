/* Reads the host's shared word, writes an answer next to it, and tries to pass the
 * shared memory on as a request region (refused: it is not an mmap region it owns). */
#include "eapp.h"

int EAPP_ENTRY main(unsigned long *args) {
  unsigned long shm = args[10], size = args[11];
  if (!shm) {
    eapp_print("shm-user: no shared memory\n");
    EAPP_RETURN(-1);
  }
  volatile unsigned long *words = (volatile unsigned long *)shm;
  eapp_print("shm-user: shm at 0x%lx, 0x%lx bytes, value %lu\n", shm, size, words[0]);
  words[1] = words[0] * 2;
  struct call_enclave_arg_t arg = {0};
  arg.req_vaddr = shm;
  arg.req_size = 4096;
  long status = (long)call_enclave(acquire_enclave("vault"), &arg);
  eapp_print("shm-user: lending it to the vault: %ld (%ld)\n", status, (long)eapp_last_error());
  eapp_print("shm-user: reading past its end\n");
  eapp_print("shm-user: %lu\n", words[size / 8]);
  EAPP_RETURN(0);
}
