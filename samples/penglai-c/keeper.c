/* Secure shared memory, the owner's side: a server that makes an 8 KiB object under key
 * 0x5ec and writes a greeting into it. req_arg 1 makes it, 2 prints what the client wrote
 * back, 3 closes the object to new attaches and detaches. Its pages are secure: no host
 * mapping ever holds them, and they are zeroed when the last enclave leaves. */
#include "eapp.h"

#define KEY 0x5ec

static char *shm;

int EAPP_ENTRY main(unsigned long *args) {
  struct call_enclave_arg_t ret = {0};
  switch (args[10]) {
    case 1:
      if (!shm) {
        shm = eapp_shmget(KEY, 8192, 0);
        const char greeting[] = "hello from the keeper";
        memcpy(shm, greeting, sizeof greeting);
      }
      ret.resp_val = (unsigned long)shm;
      break;
    case 2:
      eapp_print("keeper: the partner wrote \"%s\"\n", shm + 64);
      break;
    case 3:
      ret.resp_val = eapp_shmdestroy(KEY) | eapp_shmdt(KEY);
      shm = 0;
      break;
  }
  SERVER_RETURN(&ret);
}
